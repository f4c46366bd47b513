import type { Selectable } from 'kysely';

export type TokenStatus = 'active' | 'revoked';

/**
 * WallTech API tokens (walltech.md "Credentials"): `token` is public, the Secret Key is sealed
 * with the master key (it keys an HMAC, so it cannot be hashed). `read_only` is 0 or 1.
 */
export interface ApiTokensTable {
  token: string;
  merchant_id: string;
  /** The portal user who created it; null when created by an operator without one. */
  created_by: string | null;
  name: string;
  secret_key_sealed: string;
  read_only: number;
  status: TokenStatus;
  created_at: string;
  revoked_at: string | null;
  /** Approximate: refreshed at most once a minute per token, off the request's own writes. */
  last_used_at: string | null;
}

export type ApiTokenRow = Selectable<ApiTokensTable>;
