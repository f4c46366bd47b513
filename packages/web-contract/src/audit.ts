import type { z } from 'zod';
import {
  checkDateRange,
  dateRange,
  dateRangeMessage,
  oneOf,
  pageQuery,
  searchText,
  textFilter,
} from './common.ts';

/**
 * The audit log: one entry per operator action and per credential event, written in the same
 * transaction as the change. Never holds a secret: `before`/`after` carry ids, statuses, amounts.
 */
export const AUDIT_ACTIONS = [
  'session.sign_in',
  'session.sign_in_failed',
  'session.sign_out_everywhere',
  'session.ended',
  'password.changed',
  'password.reset',
  'two_factor.enabled',
  'two_factor.disabled',
  'two_factor.recovery_code_used',
  'two_factor.reset',
  'app.created',
  'app.rotated',
  'app.disabled',
  'app.enabled',
  'api_key.generated',
  'api_key.revoked',
  'token.created',
  'token.revoked',
  'profile.updated',
  'bank_account.updated',
  'merchant.created',
  'merchant.suspended',
  'merchant.reactivated',
  'merchant.email_changed',
  'credit.frozen',
  'credit.unfrozen',
  'credit.limit_change',
  'credit.repayment',
  'credit.adjustment',
  'order.status_changed',
  'catalog.imported',
  'product.updated',
  'sku.updated',
  'operator.created',
  'operator.role_changed',
  'operator.disabled',
  'operator.enabled',
  'webhook.created',
  'webhook.updated',
  'webhook.secret_rolled',
  'webhook.disabled',
  'webhook.enabled',
  'webhook.deleted',
  'webhook.threshold_changed',
  'webhook.deliveries_resent',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditActorType = 'merchant' | 'operator' | 'system' | 'anonymous';

export interface AuditEvent {
  id: string;
  at: string;
  actor_type: AuditActorType;
  /** user id / operator id; null for an anonymous sign-in attempt or the system. */
  actor_id: string | null;
  /** The e-mail the actor signed in (or tried to sign in) with, or the CLI's `cli`. */
  actor_label: string | null;
  /**
   * The API credential a merchant acted through: `app:<App ID>` (B-End), `token:<token>` (API
   * tokens), `api_key` (the Action API's one key); null for a session, the CLI, the system.
   */
  actor_credential: string | null;
  /** The client address the request came from (null from the CLI). */
  ip: string | null;
  action: AuditAction;
  /** The merchant the event concerns, if any. */
  merchant_id: string | null;
  /** That merchant's name as it is now (the list reads it; entries store only the id). */
  merchant_name: string | null;
  target_type: string | null;
  target_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  note: string | null;
}

/** `GET /admin/api/audit` filters. */
export const auditQuery = pageQuery
  .extend({
    q: searchText,
    action: oneOf(AUDIT_ACTIONS).optional(),
    actor_type: oneOf(['merchant', 'operator', 'system', 'anonymous']).optional(),
    merchant_id: textFilter(64),
    ...dateRange,
  })
  .refine(checkDateRange, dateRangeMessage);
export type AuditQuery = z.input<typeof auditQuery>;
