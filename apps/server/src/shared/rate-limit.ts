import { perTick, type TickWaiter } from './per-tick.ts';

/**
 * Per-credential token buckets (rate limiting is an extension of the protocols: 4029 on the REST
 * paths, E429 on the Action API). A bucket holds up to `burst` requests and refills at
 * `perSecond`; `take` spends one and answers how long to wait when none is left. Keyed by the
 * authenticated credential, never by a claimed one, so nobody can spend another caller's budget.
 *
 * Where the buckets live (docs/scaling.md "More than one process"): this process's memory
 * (createRateLimiter: SQLite, one process), Redis when REDIS_URL is set (rate-limit.redis.ts),
 * PostgreSQL's `rate_limits` table (rate-limit.pg.ts), or under `serve --workers` on SQLite the
 * replay guard's file (rate-limit.sqlite.ts). The shared ones are the same bucket as
 * GCRA (one timestamp per key) and answer the same budget; they may fail with
 * StoreUnavailableError (503).
 */
export interface RateLimiter {
  /** The budget this request leaves, for the rate-limit headers; null when unlimited. */
  consume(key: string): RateLimitState | null | Promise<RateLimitState | null>;
  /** Stops housekeeping timers. */
  stop?(): void;
}

/** The in-process limiter: synchronous, with an injectable clock for tests. */
export interface MemoryRateLimiter extends RateLimiter {
  /** 0 when the request may go ahead, else the seconds until a request would be allowed. */
  take(key: string, nowMs?: number): number;
  consume(key: string, nowMs?: number): RateLimitState | null;
}

export interface RateLimitState {
  /** 0 when the request may go ahead, else the seconds until a request would be allowed. */
  wait: number;
  /** The burst: requests allowed at once with a full bucket. */
  limit: number;
  /** Whole requests left right now. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  reset: number;
}

/**
 * The rate-limit headers every answer to a limited credential carries (not only the 429), so a
 * client can pace itself: `X-RateLimit-Limit` (the burst), `-Remaining`, `-Reset` (seconds until
 * the full burst is available again, as the IETF RateLimit fields count it), and `Retry-After`
 * on a refusal.
 */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(state.limit),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-reset': String(state.reset),
  };
  if (state.wait > 0) headers['retry-after'] = String(Math.ceil(state.wait));
  return headers;
}

/** The burst a rate allows (twice the rate, at least one request): one rule for every store. */
export const burstFor = (perSecond: number, burst?: number) => Math.max(1, burst ?? perSecond * 2);

/**
 * The GCRA answer every shared store gives, from the key's theoretical arrival time after this
 * request (`tat`, ms) or, on a refusal, the ms until a request would be allowed (`waitMs`).
 */
export function gcraState(
  perSecond: number,
  burst: number,
  nowMs: number,
  tatMs: number,
  waitMs: number,
): RateLimitState {
  const interval = 1000 / perSecond;
  return {
    wait: waitMs / 1000,
    limit: Math.floor(burst),
    remaining: waitMs > 0 ? 0 : Math.max(0, Math.floor(burst - (tatMs - nowMs) / interval)),
    reset: Math.ceil((tatMs - nowMs) / 1000),
  };
}

/** What a shared store's take answers per key: its tat before (ms, at least now), how many fit, its clock. */
export interface GcraTake {
  key: string;
  t0: number;
  taken: number;
  now: number;
}

/**
 * A shared store's limiter (rate-limit.pg.ts, rate-limit.sqlite.ts): the requests of one
 * event-loop tick go to `take` together, as each key (sorted, so two processes lock the keys they
 * share in the same order) with its count of requests, in one call and one transaction. Each key's
 * first `taken` requests fit, in arrival order; the rest are refused with the wait until one more
 * would fit. `take` may throw StoreUnavailableError: every request of the tick gets it (503).
 */
export function gcraPerTick(
  opts: { perSecond: number; burst?: number },
  take: (
    keys: string[],
    counts: number[],
    intervalMs: number,
    spanMs: number,
  ) => GcraTake[] | Promise<GcraTake[]>,
): (key: string) => Promise<RateLimitState> {
  const burst = burstFor(opts.perSecond, opts.burst);
  const interval = 1000 / opts.perSecond;
  const span = burst * interval;
  return perTick<string, RateLimitState>(async (batch) => {
    const byKey = new Map<string, TickWaiter<string, RateLimitState>[]>();
    for (const w of batch) {
      const waiters = byKey.get(w.arg);
      if (waiters) waiters.push(w);
      else byKey.set(w.arg, [w]);
    }
    const keys = [...byKey.keys()].sort();
    const rows = await take(
      keys,
      keys.map((k) => byKey.get(k)!.length),
      interval,
      span,
    );
    for (const row of rows) {
      const t0 = row.t0 - row.now;
      byKey.get(row.key)!.forEach((w, i) => {
        if (i < row.taken) return w.resolve(gcraState(opts.perSecond, burst, 0, t0 + (i + 1) * interval, 0));
        // Refused: the bucket is where the taken ones left it; wait until one more fits.
        const ahead = t0 + row.taken * interval;
        w.resolve(gcraState(opts.perSecond, burst, 0, ahead, Math.max(1, ahead + interval - span)));
      });
    }
    if (rows.length !== keys.length) throw new Error('rate-limit store answered no row for a key');
  });
}

/**
 * How many of `count` requests fit a bucket whose tat is `t0` at `now` (GCRA: a request fits while
 * tat + interval − span ≤ now). The 1e-9 keeps an exact fit from being lost to rounding.
 */
export const gcraTaken = (count: number, t0: number, now: number, intervalMs: number, spanMs: number) =>
  Math.min(count, Math.max(0, Math.floor((now + spanMs - t0) / intervalMs + 1e-9)));

export function createRateLimiter(opts: {
  perSecond: number;
  burst?: number;
  maxKeys?: number;
}): MemoryRateLimiter {
  if (opts.perSecond <= 0) return { take: () => 0, consume: () => null };
  const rate = opts.perSecond / 1000; // tokens per ms
  const burst = burstFor(opts.perSecond, opts.burst);
  const maxKeys = opts.maxKeys ?? 100_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const consume = (key: string, nowMs = Date.now()): RateLimitState => {
    let b = buckets.get(key);
    if (!b) {
      if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
      b = { tokens: burst, at: nowMs };
      buckets.set(key, b);
    }
    b.tokens = Math.min(burst, b.tokens + (nowMs - b.at) * rate);
    b.at = nowMs;
    let wait = 0;
    if (b.tokens >= 1) b.tokens -= 1;
    else wait = (1 - b.tokens) / rate / 1000;
    return {
      wait,
      limit: Math.floor(burst),
      remaining: Math.floor(b.tokens),
      reset: Math.ceil((burst - b.tokens) / rate / 1000),
    };
  };
  return { take: (key, nowMs) => consume(key, nowMs).wait, consume };
}
