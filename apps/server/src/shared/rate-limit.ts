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
}

export function createRateLimiter(opts: { perSecond: number; burst?: number; maxKeys?: number }): RateLimiter {
  if (opts.perSecond <= 0) return { take: () => 0 };
  const rate = opts.perSecond / 1000; // tokens per ms
  const burst = Math.max(1, opts.burst ?? opts.perSecond * 2);
  const maxKeys = opts.maxKeys ?? 100_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, nowMs = Date.now()) {
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
        b = { tokens: burst, at: nowMs };
        buckets.set(key, b);
      }
      b.tokens = Math.min(burst, b.tokens + (nowMs - b.at) * rate);
      b.at = nowMs;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return (1 - b.tokens) / rate / 1000;
    },
  };
}
