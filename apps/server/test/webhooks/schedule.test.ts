import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import {
  DEFAULT_RETRY_DELAYS_MS,
  GIVE_UP_AFTER_MS,
  retryDelayMs,
} from '../../src/modules/webhooks/webhooks.schedule.ts';
import { DEFAULT_DELIVERY_TIMEOUT_MS } from '../../src/modules/webhooks/webhooks.worker.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('retry schedule (webhooks.md "Delivery guarantees")', () => {
  it('is 1 min, 5 min, 30 min, 2 h, 5 h, 10 h, then every 12 h, for 3 days', () => {
    const mid = () => 0.5; // no jitter
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => retryDelayMs(n, DEFAULT_RETRY_DELAYS_MS, mid))).toEqual([
      MIN,
      5 * MIN,
      30 * MIN,
      2 * HOUR,
      5 * HOUR,
      10 * HOUR,
      12 * HOUR,
      12 * HOUR,
      12 * HOUR,
    ]);
    expect(GIVE_UP_AFTER_MS).toBe(72 * HOUR);
  });

  it('jitters each delay by ±20 %', () => {
    expect(retryDelayMs(1, DEFAULT_RETRY_DELAYS_MS, () => 0)).toBe(0.8 * MIN);
    expect(retryDelayMs(1, DEFAULT_RETRY_DELAYS_MS, () => 1)).toBe(1.2 * MIN);
    const spread = new Set(Array.from({ length: 50 }, () => retryDelayMs(2)));
    expect(spread.size).toBeGreaterThan(40);
    for (const d of spread) expect(d).toBeGreaterThanOrEqual(4 * MIN);
  });

  it('the per-attempt cut defaults to 10 s, in the worker and in the configuration', () => {
    expect(DEFAULT_DELIVERY_TIMEOUT_MS).toBe(10_000);
    expect(loadConfig({ TRADEPOST_DATA_DIR: '/tmp/tradepost-schedule-test' }).webhookTimeoutMs).toBe(10_000);
    expect(loadConfig({ TRADEPOST_DATA_DIR: '/tmp/tradepost-schedule-test' }).webhookAllowPrivate).toBe(
      false,
    );
  });
});
