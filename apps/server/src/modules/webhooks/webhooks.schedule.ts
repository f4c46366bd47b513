/**
 * Retry timing of webhooks.md "Delivery guarantees": about 1 min, 5 min, 30 min, 2 h, 5 h, 10 h,
 * then every 12 h, for 3 days; each delay is spread by ±20 % jitter so a receiver that comes back
 * is not hit by every queued retry in the same second.
 */
const MIN = 60_000;
const HOUR = 60 * MIN;

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = Object.freeze([
  1 * MIN,
  5 * MIN,
  30 * MIN,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  12 * HOUR,
]);

/** Retries stop (the delivery fails) and a failing endpoint is disabled after this long. */
export const GIVE_UP_AFTER_MS = 3 * 24 * HOUR;

export const JITTER = 0.2;

/**
 * The wait after failed attempt number `attempts` (1 = the first attempt failed). Past the end of
 * the list the last delay repeats (every 12 h). `random` is injectable for tests.
 */
export function retryDelayMs(
  attempts: number,
  delays: readonly number[] = DEFAULT_RETRY_DELAYS_MS,
  random: () => number = Math.random,
): number {
  const base = delays[Math.min(Math.max(attempts, 1), delays.length) - 1]!;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}
