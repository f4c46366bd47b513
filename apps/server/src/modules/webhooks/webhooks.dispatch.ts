import { buildWebhookSignatureHeader } from '@tradepost/protocol';
import type { AttemptOutcome } from './webhooks.http.ts';

/**
 * One claimed delivery handed to the dispatcher: everything its attempt needs, signing included
 * (the secrets arrive opened; the previous one with the time its grace ends).
 */
export interface DispatchJob {
  /** The worker's handle for the claim. */
  key: number;
  endpointId: string;
  url: string;
  eventId: string;
  payload: string;
  secrets: ReadonlyArray<{ secret: string; untilMs: number | null }>;
  /** When the claim's lease runs out: an attempt starts only with 1.5 timeouts of it left. */
  leaseEndsMs: number;
}

/** What became of a job: an attempt (when it started, how it went), or handed back unstarted. */
export type DispatchResult = [key: number, r: AttemptOutcome, at: number] | [key: number, back: null];

export interface DispatcherOptions {
  timeoutMs: number;
  /** Attempts in flight, overall and per endpoint. */
  concurrency: number;
  perEndpoint: number;
  userAgent: string;
  post(url: string, body: string, headers: Record<string, string>): Promise<AttemptOutcome>;
  /** Finished jobs, a batch at a time (one per turn of the loop at most). */
  report(results: DispatchResult[]): void;
  now?: (() => number) | undefined;
}

export interface Dispatcher {
  add(jobs: readonly DispatchJob[]): void;
  /** Hands back every job not yet started (reported as back), or only `endpointIds`' jobs; returns how many. */
  takeBack(endpointIds?: readonly string[]): number;
  /** Resolves when no attempt is in flight and every result has been reported. */
  idle(): Promise<void>;
}

/**
 * The HTTP side of deliveries: per endpoint a queue of claimed jobs, at most `perEndpoint` of
 * them in flight (and `concurrency` overall), endpoints taking turns; each attempt is signed as it
 * starts (its timestamp is the sending time) and posted. It runs on the sender's thread (whole
 * batches of jobs in, batches of results out, so the order thread pays a message per batch, not
 * per delivery) or inline (tests with an injected resolver, no thread available).
 */
export function createDispatcher(o: DispatcherOptions): Dispatcher {
  const clock = o.now ?? Date.now;
  const waiting = new Map<string, DispatchJob[]>();
  const active = new Map<string, number>();
  let inFlight = 0;
  let out: DispatchResult[] = [];
  let flushing = false;
  const idleWaiters: Array<() => void> = [];

  const settleIdle = () => {
    if (inFlight === 0 && out.length === 0 && !flushing) for (const w of idleWaiters.splice(0)) w();
  };
  function result(r: DispatchResult) {
    out.push(r);
    if (flushing) return;
    flushing = true;
    // Gathered per turn: attempts finishing together travel together.
    setImmediate(() => {
      flushing = false;
      const batch = out;
      out = [];
      if (batch.length > 0) o.report(batch);
      settleIdle();
    });
  }

  function pump() {
    for (const [endpointId, q] of [...waiting]) {
      while (q.length > 0 && inFlight < o.concurrency && (active.get(endpointId) ?? 0) < o.perEndpoint) {
        const job = q.shift()!;
        // Too little lease left to finish inside it: back to the worker unsent.
        if (job.leaseEndsMs - clock() < 1.5 * o.timeoutMs) result([job.key, null]);
        else start(job);
      }
      waiting.delete(endpointId);
      if (q.length > 0) waiting.set(endpointId, q); // to the back of the line
    }
  }

  function start(job: DispatchJob) {
    inFlight++;
    active.set(job.endpointId, (active.get(job.endpointId) ?? 0) + 1);
    const at = clock();
    let attempt: Promise<AttemptOutcome>;
    try {
      const secrets = job.secrets.filter((s) => s.untilMs === null || s.untilMs > at).map((s) => s.secret);
      const signature = buildWebhookSignatureHeader(job.payload, secrets, {
        timestamp: Math.floor(at / 1000),
      });
      attempt = o.post(job.url, job.payload, {
        'Content-Type': 'application/json',
        'User-Agent': o.userAgent,
        'Tradepost-Event-Id': job.eventId,
        'Tradepost-Signature': signature,
      });
    } catch {
      attempt = Promise.resolve({
        ok: false,
        statusCode: null,
        latencyMs: 0,
        error: 'internal: could not sign',
        excerpt: null,
      });
    }
    void attempt.then((r) => {
      inFlight--;
      const n = (active.get(job.endpointId) ?? 1) - 1;
      if (n <= 0) active.delete(job.endpointId);
      else active.set(job.endpointId, n);
      result([job.key, r, at]);
      pump();
    });
  }

  return {
    add(jobs) {
      for (const job of jobs) {
        const q = waiting.get(job.endpointId);
        if (q) q.push(job);
        else waiting.set(job.endpointId, [job]);
      }
      pump();
    },
    takeBack(endpointIds) {
      const only = endpointIds && new Set(endpointIds);
      let n = 0;
      for (const [endpointId, q] of waiting) {
        if (only && !only.has(endpointId)) continue;
        for (const job of q) result([job.key, null]);
        n += q.length;
        waiting.delete(endpointId);
      }
      return n;
    },
    idle: () =>
      inFlight === 0 && out.length === 0 && !flushing
        ? Promise.resolve()
        : new Promise<void>((r) => idleWaiters.push(r)),
  };
}
