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
import type { WebhookDeliveryRow } from './webhooks.table.ts';

/**
 * The outbox (webhooks.md "Delivery guarantees"): events are written by the unit that makes the
 * change, through its `trx`, so they commit with it or not at all. To keep the order path cheap, a
 * row is written only when the merchant has an endpoint that wants the type — enabled, or disabled
 * and so to be sent the event on request once enabled again (resend); that answer
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
  /** True when `merchantId` has an endpoint wanting `type`, enabled or not (cached). */
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
  ): { build: (object: unknown) => StatementEvent; committed: () => void; failed: () => void } | null;
  invalidate(merchantId: string): void;
  /**
   * This process's delivery worker (null: none): deliveries it has room for are written claimed
   * by the unit that writes their event, and handed to it once that unit has committed.
   */
  setClaimer(claimer: Claimer | null): Claimer | null;
  /**
   * Called once the unit that wrote an event has committed, or a delivery was queued (the worker
   * looks at once); `endpointIds`: endpoints that got deliveries already (no fan-out needed). And
   * once an endpoint's delete committed (`deleted`): the worker drops its claims of it at once.
   */
  onEmit(listener: (kind: OutboxNews, endpointIds?: readonly string[]) => void): void;
  /** Tells the listeners that a delivery was queued again (a resend). */
  notify(): void;
  /** After an endpoint's delete committed: forgets the merchant's subscription, tells the listeners. */
  deleted(merchantId: string, endpointId: string): void;
}

/** What the outbox tells its listeners (the delivery worker). */
export type OutboxNews = 'event' | 'queued' | 'deleted';

/** A delivery written with its event, as the worker sends it. */
export interface WrittenDelivery {
  d: WebhookDeliveryRow;
  payload: string;
  eventCreatedAt: string;
}

/** Room in this process's worker for deliveries about to be written: the lease they are written under. */
export interface Reservation {
  lease: string;
  leaseEndsMs: number;
}

/**
 * The delivery worker's side of writing deliveries with their event (webhooks.worker.ts). A unit
 * that writes an event asks for room (`reserve`); with it, the event's deliveries are written
 * `delivering` under the reservation's lease — claimed as a cycle's claim would leave them —
 * and handed over once the unit committed (`adopt`), so the worker neither reads the event back
 * nor claims them; without it, they are written `pending` for a cycle to claim. A unit that does
 * not commit gives its room back (`cancel`, or the worker takes it back after a while: a unit
 * rolled back runs no commit hook). A process killed in between leaves claims whose lease runs
 * out, taken over like any other.
 */
export interface Claimer {
  /** Retries stop after this long (the worker's setting): each delivery's `give_up_at`. */
  readonly giveUpAfterMs: number;
  reserve(endpointIds: readonly string[]): Reservation | null;
  /** `written`: the deliveries the unit wrote (`verified`), or meant to (PostgreSQL's statement: checked by the worker). */
  adopt(r: Reservation, written: WrittenDelivery[], verified: boolean): void;
  cancel(r: Reservation): void;
}

/** A new delivery of event `eventId` to `endpointId`: claimed under `lease`, or pending (null). */
export function newDelivery(p: {
  eventId: string;
  endpointId: string;
  merchantId: string;
  now: string;
  giveUpAt: string;
  lease: string | null;
}): WebhookDeliveryRow {
  return {
    delivery_id: newId('whd_'),
    event_id: p.eventId,
    endpoint_id: p.endpointId,
    merchant_id: p.merchantId,
    status: p.lease === null ? 'pending' : 'delivering',
    attempts: 0,
    next_attempt_at: p.now,
    lease_until: p.lease,
    give_up_at: p.giveUpAt,
    last_status_code: null,
    last_error: null,
    last_attempted_at: null,
    last_latency_ms: null,
    last_excerpt: null,
    created_at: p.now,
    updated_at: p.now,
  };
}

interface Subscription {
  /** The types wanted by any of the merchant's endpoints, disabled ones too (`all`: one wants every type). */
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
  return takesType(ep, e.type);
}

/** Whether an endpoint's subscription (`events`: `*` or a comma-separated list) includes `type`. */
export const takesType = (ep: { events: string }, type: string): boolean =>
  ep.events === '*' || ep.events.split(',').includes(type);

/** The body every attempt of the event sends (webhooks.md "Payload"). */
const eventPayload = (eventId: string, type: string, now: string, object: unknown) =>
  JSON.stringify({ id: eventId, type, created_at: wireTime(now), data: { object } });

/** The `credit.low` threshold when one is set and an endpoint wants the event; else null. */
const lowThreshold = (sub: Subscription): number | null =>
  sub.threshold !== null && (sub.all || sub.types.has('credit.low')) ? sub.threshold : null;

export function createOutbox(opts: { cacheTtlMs?: number | undefined } = {}): WebhookOutbox {
  const ttl = opts.cacheTtlMs ?? 1000;
  const cache = new Map<string, Subscription>();
  const listeners: Array<(kind: OutboxNews, endpointIds?: readonly string[]) => void> = [];
  const tell = (kind: OutboxNews, endpointIds?: readonly string[]) => {
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
    const { endpoints, events, threshold } = await repo.subscriptions(trx, merchantId);
    const types = new Set(events.flatMap((e) => e.split(',')));
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

  let claimer: Claimer | null = null;

  /**
   * The deliveries of an event to `endpoints` (enabled, listening), claimed when the worker has
   * room; `handOver` once they are written and committed.
   */
  function plan(
    merchantId: string,
    eventId: string,
    now: string,
    payload: string,
    endpoints: readonly repo.ListeningEndpoint[],
    reservation?: Reservation | null,
  ) {
    const r =
      reservation !== undefined
        ? reservation
        : (claimer?.reserve(endpoints.map((ep) => ep.endpoint_id)) ?? null);
    const giveUpAt = new Date(Date.parse(now) + (claimer?.giveUpAfterMs ?? GIVE_UP_AFTER_MS)).toISOString();
    const rows = endpoints.map((ep) =>
      newDelivery({
        eventId,
        endpointId: ep.endpoint_id,
        merchantId,
        now,
        giveUpAt,
        lease: r?.lease ?? null,
      }),
    );
    const by = claimer;
    return {
      r,
      rows,
      /** After the commit: claimed ones to the worker, pending ones (no room) to its next look. */
      handOver(written: readonly WebhookDeliveryRow[], verified: boolean, fannedOut: boolean) {
        if (r && by)
          by.adopt(
            r,
            written.map((d) => ({ d, payload, eventCreatedAt: now })),
            verified,
          );
        if (!r || !fannedOut) tell('event', r ? [] : written.map((d) => d.endpoint_id));
      },
      cancel: () => (r && by ? by.cancel(r) : undefined),
    };
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
    const payload = eventPayload(eventId, type, now, object);
    const row = {
      event_id: eventId,
      merchant_id: merchantId,
      type,
      payload,
      endpoint_id: o.endpointId ?? null,
      fanned_out: 0,
      created_at: now,
    };
    // The listening endpoints as known (cached, or read in this unit): their deliveries are written
    // with the event, and the event is fanned out already unless the merchant has an enabled
    // endpoint not known here (another process added it within the cache's TTL).
    const sub = o.force ? cached(merchantId) : await subscription(trx, merchantId);
    const known = sub ? sub.endpoints.map((ep) => ep.endpoint_id) : [];
    const to = sub ? sub.endpoints.filter((ep) => listens(ep, row)) : [];
    const fannedOut = await repo.insertEventKnowing(trx, row, known);
    if (to.length === 0) {
      // Sent nowhere now (every endpoint that wants it is disabled): kept, to be resent on request.
      // After the commit: a worker looking earlier (another transaction) would not see the row yet.
      if (!fannedOut) afterCommit(trx, () => tell('event'));
      return eventId;
    }
    const p = plan(merchantId, eventId, now, payload, to);
    const written: WebhookDeliveryRow[] = [];
    for (const d of p.rows) if (await repo.insertDeliveryIfEnabled(trx, d)) written.push(d);
    afterCommit(trx, () => p.handOver(written, true, fannedOut));
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
      let last: ReturnType<typeof plan> | null = null;
      return {
        build(object) {
          const now = nowIso();
          const eventId = newId('evt_');
          const to = endpoints.filter((ep) => listens(ep, { endpoint_id: null, created_at: now, type }));
          // Built again when the price moved (orders.place.ts): the same room, new ids.
          const payload = eventPayload(eventId, type, now, object);
          last = plan(merchantId, eventId, now, payload, to, last?.r);
          return {
            event_id: eventId,
            type,
            payload,
            created_at: now,
            give_up_at: last.rows[0]?.give_up_at ?? now,
            deliveries: last.rows.map((d) => ({
              endpoint_id: d.endpoint_id,
              delivery_id: d.delivery_id,
              lease_until: d.lease_until,
            })),
            known_endpoints: endpoints.map((ep) => ep.endpoint_id),
          };
        },
        // The statement writes a delivery only for an endpoint still enabled: the worker checks
        // which it wrote before sending. An unknown endpoint's (fanned_out = 0) waits for the poll.
        committed: () => last?.handOver(last.rows, false, true),
        failed: () => last?.cancel(),
      };
    },
    invalidate: (merchantId) => cache.delete(merchantId),
    setClaimer(c) {
      const was = claimer;
      claimer = c;
      return was;
    },
    onEmit: (listener) => listeners.push(listener),
    notify: () => tell('queued'),
    deleted(merchantId, endpointId) {
      cache.delete(merchantId);
      tell('deleted', [endpointId]);
    },
  };
}
