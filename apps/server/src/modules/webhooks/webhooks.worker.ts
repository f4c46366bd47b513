import { buildWebhookSignatureHeader } from '@tradepost/protocol';
import type { Kysely } from 'kysely';
import type { Database, DialectName } from '../../db/database.ts';
import type { Writer } from '../../db/writer.ts';
import { newId } from '../../shared/ids.ts';
import type { SecretBox } from '../../shared/secret-box.ts';
import type { Resolver } from './webhooks.address.ts';
import { type AttemptOutcome, postOnce } from './webhooks.http.ts';
import type { WebhookOutbox } from './webhooks.outbox.ts';
import * as repo from './webhooks.repository.ts';
import { DEFAULT_RETRY_DELAYS_MS, GIVE_UP_AFTER_MS, retryDelayMs } from './webhooks.schedule.ts';
import { endpointSecrets, userAgent } from './webhooks.secrets.ts';
import type { WebhookDeliveryRow, WebhookEndpointRow, WebhookEventRow } from './webhooks.table.ts';

/** The spec's 10 s: a receiver that has not answered 2xx by then has failed this attempt. */
export const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;

export interface DeliveryWorkerOptions {
  db: Kysely<Database>;
  writer: Writer;
  dialect: DialectName;
  box: SecretBox;
  outbox: WebhookOutbox;
  /** TRADEPOST_WEBHOOK_ALLOW_PRIVATE: loopback/private receivers and http:// allowed (tests, dev). */
  allowPrivate: boolean;
  resolver?: Resolver | undefined;
  timeoutMs?: number | undefined;
  /** How long a claim holds before another process may take the delivery over (default 3 × timeout). */
  leaseMs?: number | undefined;
  /** Deliveries in flight in this process, overall and per endpoint. */
  concurrency?: number | undefined;
  perEndpoint?: number | undefined;
  retryDelaysMs?: readonly number[] | undefined;
  giveUpAfterMs?: number | undefined;
  /** Idle poll interval; an event written in this process wakes the worker at once. */
  pollMs?: number | undefined;
  now?: (() => number) | undefined;
  onError?: ((err: unknown) => void) | undefined;
}

export interface DeliveryWorker {
  start(): void;
  /** Stops claiming and waits for the deliveries in flight (each bounded by the timeout). */
  stop(): Promise<void>;
  /** One round (fan out, claim, start deliveries); resolves when they are started. For tests. */
  tick(): Promise<void>;
  /** Resolves when nothing is in flight. For tests and benchmarks. */
  idle(): Promise<void>;
  stats(): { delivered: number; failedAttempts: number; inFlight: number };
}

export function createDeliveryWorker(o: DeliveryWorkerOptions): DeliveryWorker {
  const timeoutMs = o.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  const leaseMs = o.leaseMs ?? 3 * timeoutMs;
  const concurrency = o.concurrency ?? 32;
  const perEndpoint = o.perEndpoint ?? 4;
  const delays = o.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const giveUpAfterMs = o.giveUpAfterMs ?? GIVE_UP_AFTER_MS;
  const pollMs = o.pollMs ?? 250;
  const clock = o.now ?? Date.now;
  const iso = (ms: number) => new Date(ms).toISOString();
  const policy = { allowPrivate: o.allowPrivate, resolver: o.resolver };
  const agent = userAgent();

  const inFlight = new Map<string, Promise<void>>();
  const perEndpointCount = new Map<string, number>();
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;
  let again = false;
  let delivered = 0;
  let failedAttempts = 0;
  const idleWaiters: Array<() => void> = [];

  const report = (err: unknown) => (o.onError ? o.onError(err) : undefined);

  /** Events → one delivery per listening endpoint, in one unit per batch of events. */
  async function fanOut(): Promise<number> {
    if (!(await repo.anyEventToFanOut(o.db))) return 0;
    return o.writer.run(async (trx) => {
      const events = await repo.eventsToFanOut(trx, o.dialect, 200);
      if (events.length === 0) return 0;
      const endpoints = await repo.enabledEndpointsOf(trx, [...new Set(events.map((e) => e.merchant_id))]);
      const now = iso(clock());
      const rows: WebhookDeliveryRow[] = [];
      for (const e of events) {
        for (const ep of endpoints) {
          if (!listens(ep, e)) continue;
          rows.push({
            delivery_id: newId('whd_'),
            event_id: e.event_id,
            endpoint_id: ep.endpoint_id,
            merchant_id: e.merchant_id,
            status: 'pending',
            attempts: 0,
            next_attempt_at: now,
            lease_until: null,
            give_up_at: iso(clock() + giveUpAfterMs),
            last_status_code: null,
            last_error: null,
            created_at: now,
            updated_at: now,
          });
        }
      }
      await repo.insertDeliveries(trx, rows);
      await repo.markFannedOut(
        trx,
        events.map((e) => e.event_id),
      );
      return events.length;
    });
  }

  /** Claims due deliveries up to the free slots, at most `perEndpoint` per endpoint in flight. */
  async function claim(): Promise<Array<{ d: WebhookDeliveryRow; lease: string }>> {
    const free = concurrency - inFlight.size;
    if (free <= 0) return [];
    const nowMs = clock();
    if (!(await repo.anyDeliveryDue(o.db, iso(nowMs)))) return [];
    return o.writer.run(async (trx) => {
      const now = iso(clock());
      const lease = iso(clock() + leaseMs);
      const candidates = await repo.dueDeliveries(trx, o.dialect, now, free * 4);
      const taken: WebhookDeliveryRow[] = [];
      const counts = new Map(perEndpointCount);
      for (const d of candidates) {
        if (taken.length >= free) break;
        const n = counts.get(d.endpoint_id) ?? 0;
        if (n >= perEndpoint) continue; // a slow receiver keeps its share, not everyone's
        counts.set(d.endpoint_id, n + 1);
        taken.push(d);
      }
      await repo.markDelivering(
        trx,
        taken.map((d) => d.delivery_id),
        lease,
        now,
      );
      return taken.map((d) => ({ d, lease }));
    });
  }

  async function deliver(
    d: WebhookDeliveryRow,
    lease: string,
    endpoint: WebhookEndpointRow,
    event: WebhookEventRow,
  ) {
    const started = clock();
    let outcome: AttemptOutcome;
    try {
      const secrets = endpointSecrets(o.box, endpoint, started);
      const signature = buildWebhookSignatureHeader(event.payload, secrets, {
        timestamp: Math.floor(started / 1000),
      });
      outcome = await postOnce(
        endpoint.url,
        event.payload,
        {
          'Content-Type': 'application/json',
          'User-Agent': agent,
          'Tradepost-Event-Id': event.event_id,
          'Tradepost-Signature': signature,
        },
        { timeoutMs, policy },
      );
    } catch (err) {
      // A secret that no longer opens (a changed master key) is an operator problem; keep retrying.
      report(err);
      outcome = {
        ok: false,
        statusCode: null,
        latencyMs: 0,
        error: 'internal: could not sign',
        excerpt: null,
      };
    }
    await record(d, lease, endpoint, outcome, started);
  }

  async function record(
    d: WebhookDeliveryRow,
    lease: string,
    endpoint: WebhookEndpointRow,
    r: AttemptOutcome,
    at: number,
  ) {
    const attempts = d.attempts + 1;
    const now = clock();
    let disabled = false;
    await o.writer.run(async (trx) => {
      await repo.insertAttempt(trx, {
        attempt_id: newId('wha_'),
        delivery_id: d.delivery_id,
        event_id: d.event_id,
        endpoint_id: d.endpoint_id,
        attempted_at: iso(at),
        status_code: r.statusCode,
        latency_ms: r.latencyMs,
        succeeded: r.ok ? 1 : 0,
        error: r.error,
        response_excerpt: r.excerpt,
      });
      const next = now + retryDelayMs(attempts, delays);
      const giveUp = !r.ok && next > Date.parse(d.give_up_at);
      await repo.settleDelivery(trx, d.delivery_id, lease, {
        status: r.ok ? 'succeeded' : giveUp ? 'failed' : 'pending',
        attempts,
        next_attempt_at: r.ok || giveUp ? iso(now) : iso(next),
        last_status_code: r.statusCode,
        last_error: r.error,
        updated_at: iso(now),
      });
      const ep = await repo.findEndpoint(trx, endpoint.endpoint_id);
      if (!ep) return;
      if (r.ok) {
        if (ep.failing_since !== null)
          await repo.updateEndpoint(trx, ep.endpoint_id, { failing_since: null });
      } else if (ep.failing_since === null) {
        await repo.updateEndpoint(trx, ep.endpoint_id, { failing_since: iso(at) });
      } else if (
        ep.status === 'enabled' &&
        (now - Date.parse(ep.failing_since) >= giveUpAfterMs ||
          (giveUp && ep.failing_since <= (await repo.firstAttemptAt(trx, d.delivery_id))))
      ) {
        // Failing every delivery for 3 days (or for the whole life of a delivery that just gave
        // up, nothing succeeding meanwhile): stop, and say why in the portal.
        await repo.updateEndpoint(trx, ep.endpoint_id, {
          status: 'disabled',
          disabled_reason: 'failing',
          updated_at: iso(now),
        });
        disabled = true;
      }
    });
    if (disabled) o.outbox.invalidate(endpoint.merchant_id);
    if (r.ok) delivered++;
    else failedAttempts++;
  }

  async function round(): Promise<number> {
    const fanned = await fanOut();
    const claimed = await claim();
    if (claimed.length === 0) return fanned;
    const endpoints = new Map(
      (await repo.findEndpoints(o.db, [...new Set(claimed.map((c) => c.d.endpoint_id))])).map((e) => [
        e.endpoint_id,
        e,
      ]),
    );
    const events = new Map(
      (
        await o.db
          .selectFrom('webhook_events')
          .selectAll()
          .where(
            'event_id',
            'in',
            claimed.map((c) => c.d.event_id),
          )
          .execute()
      ).map((e) => [e.event_id, e]),
    );
    for (const { d, lease } of claimed) {
      const endpoint = endpoints.get(d.endpoint_id);
      const event = events.get(d.event_id);
      if (!endpoint || !event) continue;
      perEndpointCount.set(d.endpoint_id, (perEndpointCount.get(d.endpoint_id) ?? 0) + 1);
      const p = deliver(d, lease, endpoint, event)
        .catch(report)
        .finally(() => {
          inFlight.delete(d.delivery_id);
          const n = (perEndpointCount.get(d.endpoint_id) ?? 1) - 1;
          if (n <= 0) perEndpointCount.delete(d.endpoint_id);
          else perEndpointCount.set(d.endpoint_id, n);
          if (inFlight.size === 0) for (const w of idleWaiters.splice(0)) w();
          nudge(); // a slot is free: maybe more is due
        });
      inFlight.set(d.delivery_id, p);
    }
    return fanned + claimed.length;
  }

  async function tick(): Promise<void> {
    if (ticking) {
      again = true;
      return ticking;
    }
    ticking = (async () => {
      try {
        let worked = await round();
        // Keep going while there is work: a backlog drains without waiting for the poll.
        while (running && (worked > 0 || again) && inFlight.size < concurrency) {
          again = false;
          worked = await round();
        }
      } catch (err) {
        report(err);
      } finally {
        ticking = null;
      }
    })();
    return ticking;
  }

  function schedule(ms: number) {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void tick().then(() => schedule(pollMs));
    }, ms);
    timer.unref?.();
  }

  function nudge() {
    if (!running) return;
    if (ticking) {
      again = true;
      return;
    }
    // The emitting unit has not committed yet; a few ms later it usually has (else the poll finds it).
    schedule(5);
  }

  o.outbox.onEmit(nudge);

  return {
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await ticking;
      await Promise.allSettled([...inFlight.values()]);
    },
    tick,
    idle: () => (inFlight.size === 0 ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r))),
    stats: () => ({ delivered, failedAttempts, inFlight: inFlight.size }),
  };
}

/** Whether endpoint `ep` gets event `e`: a test event only its own endpoint; else by subscription. */
function listens(ep: WebhookEndpointRow, e: WebhookEventRow): boolean {
  if (e.endpoint_id !== null) return ep.endpoint_id === e.endpoint_id;
  if (ep.created_at > e.created_at) return false; // registered after the change: not its news
  return ep.events === '*' || ep.events.split(',').includes(e.type);
}
