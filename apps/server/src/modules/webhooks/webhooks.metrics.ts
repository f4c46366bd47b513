/**
 * The webhook metrics (issue #12 "Metrics": webhook deliveries and backlog), on the process's one
 * registry (ops/metrics.ts, once loaded). Recorded by the delivery worker after the unit that
 * logged the attempts has committed; the backlog is read from the database at scrape time.
 */
import { counter, gauge, histogram } from '../../ops/metrics.ts';
import type { AttemptOutcome } from './webhooks.http.ts';

/** Why an attempt ended as it did: a bounded label set (never the URL or the receiver's text). */
export type AttemptResult = 'success' | 'http_error' | 'timeout' | 'connection' | 'blocked' | 'internal';

export function attemptResult(r: AttemptOutcome): AttemptResult {
  if (r.ok) return 'success';
  if (r.statusCode !== null) return 'http_error';
  const e = r.error ?? '';
  if (e === 'timeout') return 'timeout';
  if (e.startsWith('blocked_address')) return 'blocked';
  if (e.startsWith('internal')) return 'internal';
  return 'connection'; // connection: …, dns: …
}

export const webhookAttempts = counter({
  name: 'tradepost_webhook_attempts_total',
  help: 'Webhook delivery attempts recorded, by result (success = a 2xx within the timeout)',
  labelNames: ['result'] as const,
});

export const webhookDeliveriesSettled = counter({
  name: 'tradepost_webhook_deliveries_total',
  help: 'Deliveries that reached an end: succeeded, or failed after the give-up time',
  labelNames: ['outcome'] as const,
});

export const webhookAttemptSeconds = histogram({
  name: 'tradepost_webhook_attempt_duration_seconds',
  help: 'One attempt, resolve + connect + POST + answer (cut at the timeout)',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

export const webhookDeliveryLagSeconds = histogram({
  name: 'tradepost_webhook_delivery_lag_seconds',
  help: 'Event written (the change committed) to its successful delivery, retries included',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 60, 600, 3600, 86400],
});

export const webhookClaimsHandedBack = counter({
  name: 'tradepost_webhook_claims_handed_back_total',
  help: 'Claims handed back unsent: too little lease left to start, or the process stopping (any process takes them at once)',
});

/** Reads the database's backlog; one per open worker (several in tests). */
export type BacklogReader = () => Promise<{ events: number; pending: number; delivering: number }>;
const readers = new Set<BacklogReader>();

gauge({
  name: 'tradepost_webhook_backlog',
  help: 'Webhook work in the database (all processes): events not yet fanned out, deliveries pending (due or waiting to retry) and delivering',
  labelNames: ['state'] as const,
  async collect() {
    this.reset();
    for (const read of readers) {
      try {
        const b = await read();
        this.inc({ state: 'events' }, b.events);
        this.inc({ state: 'pending' }, b.pending);
        this.inc({ state: 'delivering' }, b.delivering);
      } catch {
        // A database that does not answer shows in /readyz; the scrape still serves the rest.
      }
    }
  },
});

/** Registers a backlog reader; returns its removal. */
export function addBacklogReader(read: BacklogReader): () => void {
  readers.add(read);
  return () => readers.delete(read);
}
