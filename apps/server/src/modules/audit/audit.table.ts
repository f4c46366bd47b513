import type { Selectable } from 'kysely';
import type { AuditAction, AuditActorType } from '@tradepost/web-contract';

/** Append-only (audit.repository.ts has no update or delete). JSON columns hold no secret. */
export interface AuditLogTable {
  id: string;
  at: string;
  actor_type: AuditActorType;
  actor_id: string | null;
  actor_label: string | null;
  actor_credential: string | null;
  /** A failed sign-in's typed e-mail as the throttle counts it (sessions.throttle.ts signInAccount). */
  actor_email_hmac: string | null;
  ip: string | null;
  action: AuditAction;
  merchant_id: string | null;
  target_type: string | null;
  target_id: string | null;
  before_json: string | null;
  after_json: string | null;
  note: string | null;
}

export type AuditRow = Selectable<AuditLogTable>;
