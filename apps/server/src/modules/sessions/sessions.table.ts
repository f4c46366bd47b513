import type { Selectable } from 'kysely';

/** Which door a session opens: the merchant portal or the operator console. */
export type SessionKind = 'portal' | 'admin';

/** A browser session. The token itself is never stored: `token_hash` is its SHA-256, hex. */
export interface WebSessionsTable {
  token_hash: string;
  kind: SessionKind;
  /** The merchant user's user_id, or the operator's operator_id. */
  subject_id: string;
  merchant_id: string | null;
  created_at: string;
  last_seen_at: string;
  /** The absolute timeout: no activity extends it. */
  expires_at: string;
  revoked_at: string | null;
  ip: string | null;
  user_agent: string | null;
}

export type WebSessionRow = Selectable<WebSessionsTable>;
