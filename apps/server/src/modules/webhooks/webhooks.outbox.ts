import type { WebhookEventType } from '@tradepost/protocol';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { afterCommit } from '../../db/writer.ts';
import { newId } from '../../shared/ids.ts';
import { nowIso, wireTime } from '../../shared/time.ts';
import { toCredit } from '../credit/credit.service.ts';
import type { CreditAccountRow } from '../credit/credit.table.ts';
import * as repo from './webhooks.repository.ts';

/**
 * The outbox (webhooks.md "Delivery guarantees"): events are written by the unit that makes the
 * change, through its `trx`, so they commit with it or not at all. To keep the order path cheap, a
 * row is written only when the merchant has an enabled endpoint that wants the type; that answer
 * is cached per merchant for `cacheTtlMs` (invalidated at once by this process's own endpoint
 * changes; another process's changes — the CLI — are seen within the TTL).
 */
export interface WebhookOutbox {
  /** Inside a writer unit: records the event when anyone listens. Returns the event id, or null. */
  emit(
    trx: Transaction<Database>,
    merchantId: string,
    type: WebhookEventType,
    object: unknown,
    opts?: { endpointId?: string; force?: boolean },
  ): Promise<string | null>;
  /**
   * Inside the unit of a credit move: `credit.updated` when `updated` (every ledger entry but an
   * order's debit, and freeze/unfreeze), and `credit.low` when available credit went from at or
   * above the merchant's threshold to below it (once per crossing: the next one needs a rise first).
   */
  creditChanged(
    trx: Transaction<Database>,
    account: CreditAccountRow,
    availableBefore: number,
    opts: { updated: boolean },
  ): Promise<void>;
  /** True when `merchantId` has an enabled endpoint wanting `type` (cached). */
  wants(trx: Transaction<Database>, merchantId: string, type: WebhookEventType): Promise<boolean>;
  /** True when a `credit.low` could be sent: a threshold is set and an endpoint wants it (cached). */
  watchesLow(trx: Transaction<Database>, merchantId: string): Promise<boolean>;
  /**
   * Without a read: true when the merchant's cached answer (still fresh) is that no endpoint wants
   * `type` and no `credit.low` threshold is watched, so a unit that would emit only those may
   * leave the outbox out (an order on PostgreSQL then commits as one statement). False if unknown.
   */
  silentFor(merchantId: string, type: WebhookEventType): boolean;
  invalidate(merchantId: string): void;
  /** Called once the unit that wrote an event has committed, or a delivery was queued (the worker looks at once). */
  onEmit(listener: (kind: 'event' | 'queued') => void): void;
  /** Tells the listeners that a delivery was queued again (a resend). */
  notify(): void;
}

interface Subscription {
  all: boolean;
  types: Set<string>;
  threshold: number | null;
  loadedAt: number;
}

/** The `credit.low` threshold when one is set and an endpoint wants the event; else null. */
const lowThreshold = (sub: Subscription): number | null =>
  sub.threshold !== null && (sub.all || sub.types.has('credit.low')) ? sub.threshold : null;

export function createOutbox(opts: { cacheTtlMs?: number } = {}): WebhookOutbox {
  const ttl = opts.cacheTtlMs ?? 1000;
  const cache = new Map<string, Subscription>();
  const listeners: Array<(kind: 'event' | 'queued') => void> = [];
  const tell = (kind: 'event' | 'queued') => {
    for (const l of listeners) l(kind);
  };

  async function subscription(trx: Transaction<Database>, merchantId: string): Promise<Subscription> {
    const hit = cache.get(merchantId);
    if (hit && performance.now() - hit.loadedAt < ttl) return hit;
    const { events, threshold } = await repo.subscriptions(trx, merchantId);
    const types = new Set(events.flatMap((e) => e.split(',')));
    const sub = { all: types.has('*'), types, threshold, loadedAt: performance.now() };
    if (cache.size > 10_000) cache.clear(); // bounded: a cache, not a registry
    cache.set(merchantId, sub);
    return sub;
  }

  async function wants(
    trx: Transaction<Database>,
    merchantId: string,
    type: WebhookEventType,
  ): Promise<boolean> {
    const sub = await subscription(trx, merchantId);
    return sub.all || sub.types.has(type);
  }

  async function emit(
    trx: Transaction<Database>,
    merchantId: string,
    type: WebhookEventType,
    object: unknown,
    o: { endpointId?: string; force?: boolean } = {},
  ): Promise<string | null> {
    if (!o.force && !(await wants(trx, merchantId, type))) return null;
    const now = nowIso();
    const eventId = newId('evt_');
    const payload = JSON.stringify({ id: eventId, type, created_at: wireTime(now), data: { object } });
    await repo.insertEvent(trx, {
      event_id: eventId,
      merchant_id: merchantId,
      type,
      payload,
      endpoint_id: o.endpointId ?? null,
      fanned_out: 0,
      created_at: now,
    });
    // After the commit: a worker looking earlier (another transaction) would not see the row yet.
    afterCommit(trx, () => tell('event'));
    return eventId;
  }

  return {
    emit,
    wants,
    async creditChanged(trx, account, availableBefore, { updated }) {
      if (updated) await emit(trx, account.merchant_id, 'credit.updated', toCredit(account));
      const threshold = lowThreshold(await subscription(trx, account.merchant_id));
      if (threshold === null) return;
      const after = account.credit_limit - account.used;
      if (availableBefore >= threshold && after < threshold) {
        await emit(trx, account.merchant_id, 'credit.low', toCredit(account));
      }
    },
    watchesLow: async (trx, merchantId) => lowThreshold(await subscription(trx, merchantId)) !== null,
    silentFor(merchantId, type) {
      const sub = cache.get(merchantId);
      return (
        sub !== undefined &&
        performance.now() - sub.loadedAt < ttl &&
        !(sub.all || sub.types.has(type)) &&
        lowThreshold(sub) === null
      );
    },
    invalidate: (merchantId) => cache.delete(merchantId),
    onEmit: (listener) => listeners.push(listener),
    notify: () => tell('queued'),
  };
}
