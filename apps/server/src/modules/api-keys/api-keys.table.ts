import type { Selectable } from 'kysely';

export type ApiKeyStatus = 'active' | 'revoked';

/**
 * Action API keys (action-api.md "Credentials"). The server must read the key back to verify an
 * HMAC, so it is sealed with the master key rather than hashed. `read_only` is 0 or 1.
 */
export interface ApiKeysTable {
  key_id: string;
  user_id: string;
  merchant_id: string;
  api_key_sealed: string;
  read_only: number;
  status: ApiKeyStatus;
  created_at: string;
  revoked_at: string | null;
}

export type ApiKeyRow = Selectable<ApiKeysTable>;
