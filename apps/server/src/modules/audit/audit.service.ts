import type { AuditAction, AuditActorType, AuditEvent, ListPage } from '@tradepost/web-contract';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { newId } from '../../shared/ids.ts';
import { lowerBound, nowIso, upperBoundExclusive, wireTime } from '../../shared/time.ts';
import * as repo from './audit.repository.ts';
import type { AuditRowRead } from './audit.repository.ts';

/** Who did it, from where. Doors build it from the session; the CLI says `system`/`cli`. */
export interface AuditActor {
  type: AuditActorType;
  id: string | null;
  /** The e-mail signed in (or tried) with. */
  label: string | null;
  /** The API credential a merchant acted through (`app:APP…`, `token:…`, `api_key`): ids, never secrets. */
  credential?: string | null | undefined;
  ip: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: null, label: 'cli', ip: null };

/** One entry to append. `before`/`after` must never hold a secret (ids, statuses, amounts only). */
export interface AuditEntry {
  action: AuditAction;
  merchantId?: string | null | undefined;
  targetType?: string | null | undefined;
  targetId?: string | null | undefined;
  before?: Record<string, unknown> | null | undefined;
  after?: Record<string, unknown> | null | undefined;
  note?: string | null | undefined;
  /**
   * The sign-in throttle's account this entry counts for (sessions.throttle.ts signInAccount): a
   * failed sign-in's e-mail as typed (its label shows it masked), or a reset password's login.
   */
  emailHmac?: string | null | undefined;
}

/**
 * Appends entries inside the caller's writer unit, so an entry exists exactly when its change
 * committed (the services' `inUnit` hooks call this).
 */
export async function recordAudit(
  trx: Transaction<Database>,
  actor: AuditActor,
  entries: AuditEntry | readonly AuditEntry[],
): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries as AuditEntry];
  const at = nowIso();
  await repo.appendEntries(
    trx,
    list.map((e) => ({
      id: newId('AUD'),
      at,
      actor_type: actor.type,
      actor_id: actor.id,
      actor_label: actor.label,
      actor_credential: actor.credential ?? null,
      actor_email_hmac: e.emailHmac ?? null,
      ip: actor.ip,
      action: e.action,
      merchant_id: e.merchantId ?? null,
      target_type: e.targetType ?? null,
      target_id: e.targetId ?? null,
      before_json: e.before ? JSON.stringify(e.before) : null,
      after_json: e.after ? JSON.stringify(e.after) : null,
      note: e.note ?? null,
    })),
  );
}

export function toAuditEvent(r: AuditRowRead): AuditEvent {
  return {
    id: r.id,
    at: wireTime(r.at),
    actor_type: r.actor_type,
    actor_id: r.actor_id,
    actor_label: r.actor_label,
    actor_credential: r.actor_credential,
    ip: r.ip,
    action: r.action,
    merchant_id: r.merchant_id,
    merchant_name: r.merchant_name,
    target_type: r.target_type,
    target_id: r.target_id,
    before: r.before_json ? (JSON.parse(r.before_json) as Record<string, unknown>) : null,
    after: r.after_json ? (JSON.parse(r.after_json) as Record<string, unknown>) : null,
    note: r.note,
  };
}

/** The credential and sign-in events a merchant sees on its Security page. */
export const MERCHANT_VISIBLE_ACTIONS: readonly AuditAction[] = [
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
  'merchant.email_changed',
  'webhook.created',
  'webhook.updated',
  'webhook.secret_rolled',
  'webhook.disabled',
  'webhook.enabled',
  'webhook.deleted',
];

export interface AuditSearch {
  page: number;
  pageSize: number;
  merchantId?: string | undefined;
  action?: AuditAction | undefined;
  actorType?: AuditActorType | undefined;
  q?: string | undefined;
  /**
   * Inclusive bounds, each a day `YYYY-MM-DD` (the whole UTC day) or an ISO instant with a zone
   * (the console sends its reader's local days so): compared in stored UTC form, as every date
   * filter's (`lowerBound` / `upperBoundExclusive`).
   */
  from?: string | undefined;
  to?: string | undefined;
}

export interface AuditService {
  search(s: AuditSearch): Promise<ListPage<AuditEvent>>;
  /** What was done to one order (the console's order page), newest first. */
  forOrder(orderNo: string, p: { page: number; pageSize: number }): Promise<ListPage<AuditEvent>>;
  /** A merchant's own credential events (Security page). */
  forMerchant(merchantId: string, p: { page: number; pageSize: number }): Promise<ListPage<AuditEvent>>;
  /** Appends in a unit of its own (events with no other change, e.g. a failed sign-in). */
  record(actor: AuditActor, entries: AuditEntry | readonly AuditEntry[]): Promise<void>;
}

export function createAuditService(deps: {
  db: Kysely<Database>;
  writer: { run<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> };
}): AuditService {
  const { db, writer } = deps;
  const page = async (f: repo.AuditFilter, p: { page: number; pageSize: number }) => {
    const { rows, ...total } = await repo.searchEntries(db, f, p);
    return { items: rows.map(toAuditEvent), page: p.page, page_size: p.pageSize, ...total };
  };
  return {
    search: (s) =>
      page(
        {
          merchantId: s.merchantId,
          action: s.action,
          actorType: s.actorType,
          q: s.q,
          fromIso: s.from ? lowerBound(s.from) : undefined,
          toIsoExclusive: s.to ? upperBoundExclusive(s.to) : undefined,
        },
        s,
      ),
    forOrder: (orderNo, p) => page({ target: { type: 'order', id: orderNo } }, p),
    // An operator's note is for operators (the console says so where it is written): never shown
    // to the merchant, whose webhook endpoint an operator may disable or enable with one.
    forMerchant: async (merchantId, p) => {
      const events = await page({ merchantId, actions: MERCHANT_VISIBLE_ACTIONS }, p);
      return { ...events, items: events.items.map((e) => ({ ...e, note: null })) };
    },
    record: (actor, entries) => writer.run((trx) => recordAudit(trx, actor, entries)),
  };
}
