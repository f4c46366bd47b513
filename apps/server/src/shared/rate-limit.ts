/**
 * Per-credential token buckets (rate limiting is an extension of the protocols: 4029 on the REST
 * paths, E429 on the Action API). A bucket holds up to `burst` requests and refills at
 * `perSecond`; `take` spends one and answers how long to wait when none is left. Keyed by the
 * authenticated credential, never by a claimed one, so nobody can spend another caller's budget.
 * Per process: with several server processes each enforces the limit on its own share.
 */
export interface RateLimiter {
  /** 0 when the request may go ahead, else the seconds until a request would be allowed. */
  take(key: string, nowMs?: number): number;
  /** {@link take} with the budget it leaves, for the rate-limit headers; null when unlimited. */
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

export function createRateLimiter(opts: { perSecond: number; burst?: number; maxKeys?: number }): RateLimiter {
  if (opts.perSecond <= 0) return { take: () => 0, consume: () => null };
  const rate = opts.perSecond / 1000; // tokens per ms
  const burst = Math.max(1, opts.burst ?? opts.perSecond * 2);
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
