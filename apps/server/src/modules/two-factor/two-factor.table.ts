import type { Selectable } from 'kysely';
import type { SessionKind } from '../sessions/sessions.table.ts';

/**
 * A login's authenticator-app factor (TOTP). `subject_id` is the merchant user's `USR…` or the
 * operator's `OPR…` id; `secret_sealed` the base32 secret under the secret box (context:
 * `secretContext`); `enabled_at` null while a setup waits for its first code; `last_step` the
 * 30-second step of the newest code accepted (no code of that step or before works again).
 */
export interface TwoFactorTable {
  subject_id: string;
  kind: SessionKind;
  secret_sealed: string;
  enabled_at: string | null;
  last_step: number | null;
  created_at: string;
  updated_at: string;
}

/** One recovery code: its SHA-256 (hex) only, and when it was used (each works once). */
export interface TwoFactorRecoveryCodesTable {
  subject_id: string;
  code_hash: string;
  used_at: string | null;
}

export type TwoFactorRow = Selectable<TwoFactorTable>;
