import type { WebhookEventType } from '@tradepost/protocol';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { afterCommit } from '../../db/writer.ts';
import { newId } from '../../shared/ids.ts';
import { nowIso, wireTime } from '../../shared/time.ts';
import { toCredit } from '../credit/credit.service.ts';
import type { CreditAccountRow } from '../credit/credit.table.ts';
import type { StatementEvent } from '../orders/orders.service.ts';
import * as repo from './webhooks.repository.ts';
import { GIVE_UP_AFTER_MS } from './webhooks.schedule.ts';

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
  /**
   * Without a read, for a change written as one statement (PostgreSQL's order function): when the
   * merchant's cached answer is fresh, someone wants `type` and no `credit.low` is watched, the
   * event row and a delivery row per listening endpoint for the statement to write (`build`, from
   * the object), and `committed` to call once it has. Null otherwise: use `emit` in a unit.
   */
  statementEvent(
    merchantId: string,
    type: WebhookEventType,
  ): { build: (object: unknown) => StatementEvent; committed: () => void } | null;
  invalidate(merchantId: string): void;
  /**
   * Called once the unit that wrote an event has committed, or a delivery was queued (the worker
   * looks at once); `endpointIds`: endpoints that got deliveries already (no fan-out needed).
   */
  onEmit(listener: (kind: 'event' | 'queued', endpointIds?: readonly string[]) => void): void;
  /** Tells the listeners that a delivery was queued again (a resend). */
  notify(): void;
}

interface Subscription {
  all: boolean;
  types: Set<string>;
  /** The merchant's enabled endpoints. */
  endpoints: repo.ListeningEndpoint[];
  threshold: number | null;
  loadedAt: number;
}

/**
 * Whether endpoint `ep` gets event `e`: a test event only its own endpoint; else by subscription.
 * The worker's fan-out and `statementEvent` both ask this.
 */
export function listens(
  ep: repo.ListeningEndpoint,
  e: { endpoint_id: string | null; created_at: string; type: string },
): boolean {
  if (e.endpoint_id !== null) return ep.endpoint_id === e.endpoint_id;
  if (ep.created_at > e.created_at) return false; // registered after the change: not its news
  return ep.events === '*' || ep.events.split(',').includes(e.type);
}

/** The body every attempt of the event sends (webhooks.md "Payload"). */
const eventPayload = (eventId: string, type: string, now: string, object: unknown) =>
  JSON.stringify({ id: eventId, type, created_at: wireTime(now), data: { object } });

/** The `credit.low` threshold when one is set and an endpoint wants the event; else null. */
const lowThreshold = (sub: Subscription): number | null =>
  sub.threshold !== null && (sub.all || sub.types.has('credit.low')) ? sub.threshold : null;

export function createOutbox(opts: { cacheTtlMs?: number | undefined } = {}): WebhookOutbox {
  const ttl = opts.cacheTtlMs ?? 1000;
  const cache = new Map<string, Subscription>();
  const listeners: Array<(kind: 'event' | 'queued', endpointIds?: readonly string[]) => void> = [];
  const tell = (kind: 'event' | 'queued', endpointIds?: readonly string[]) => {
    for (const l of listeners) l(kind, endpointIds);
  };
  /** The merchant's subscription if cached and fresh, without a read. */
  const cached = (merchantId: string): Subscription | undefined => {
    const sub = cache.get(merchantId);
    return sub && performance.now() - sub.loadedAt < ttl ? sub : undefined;
  };

  async function subscription(trx: Transaction<Database>, merchantId: string): Promise<Subscription> {
    const hit = cached(merchantId);
    if (hit) return hit;
    const { endpoints, threshold } = await repo.subscriptions(trx, merchantId);
    const types = new Set(endpoints.flatMap((e) => e.events.split(',')));
    const sub = { all: types.has('*'), types, endpoints, threshold, loadedAt: performance.now() };
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
    await repo.insertEvent(trx, {
      event_id: eventId,
      merchant_id: merchantId,
      type,
      payload: eventPayload(eventId, type, now, object),
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
      const sub = cached(merchantId);
      return sub !== undefined && !(sub.all || sub.types.has(type)) && lowThreshold(sub) === null;
    },
    statementEvent(merchantId, type) {
      const sub = cached(merchantId);
      if (!sub || !(sub.all || sub.types.has(type)) || lowThreshold(sub) !== null) return null;
      const { endpoints } = sub;
      let targets: string[] = [];
      return {
        build(object) {
          const now = nowIso();
          const eventId = newId('evt_');
          const e = { endpoint_id: null, created_at: now, type };
          const to = endpoints.filter((ep) => listens(ep, e));
          targets = to.map((ep) => ep.endpoint_id);
          return {
            event_id: eventId,
            type,
            payload: eventPayload(eventId, type, now, object),
            created_at: now,
            // As a resend's (webhooks.service.ts): the default, not a worker's override.
            give_up_at: new Date(Date.parse(now) + GIVE_UP_AFTER_MS).toISOString(),
            deliveries: to.map((ep) => ({ endpoint_id: ep.endpoint_id, delivery_id: newId('whd_') })),
            known_endpoints: endpoints.map((ep) => ep.endpoint_id),
          };
        },
        // The worker claims for these endpoints at once (and fans out any it did not know of).
        committed: () => tell('event', targets),
      };
    },
    invalidate: (merchantId) => cache.delete(merchantId),
    onEmit: (listener) => listeners.push(listener),
    notify: () => tell('queued'),
  };
}
