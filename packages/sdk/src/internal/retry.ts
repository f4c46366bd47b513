/** Backoff for the first retry; doubles per attempt up to MAX_DELAY_MS. */
export const INITIAL_DELAY_MS = 500;
export const MAX_DELAY_MS = 8_000;
/** A server asking for a longer pause than this gets the normal backoff instead of stalling the caller. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Statuses after which the request may not have been acted on, or asks to be repeated. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * `Retry-After-Ms` (milliseconds), else `Retry-After` as seconds or an HTTP date; null when absent
 * or unparseable.
 */
export function parseRetryAfter(headers: Headers | undefined, now: number = Date.now()): number | null {
  if (!headers) return null;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * How long to wait before retry number `attempt + 1`: the server's `Retry-After` when it gives a
 * sane one, else exponential backoff with up to 25 % jitter so that clients that failed together
 * do not come back together.
 */
export function retryDelayMs(attempt: number, headers?: Headers, random: () => number = Math.random): number {
  const hinted = parseRetryAfter(headers);
  if (hinted !== null && hinted <= MAX_RETRY_AFTER_MS) return hinted;
  const base = Math.min(INITIAL_DELAY_MS * 2 ** attempt, MAX_DELAY_MS);
  return base * (1 - random() * 0.25);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
