import { describe, expect, it } from 'vitest';
import { isRetryableStatus, parseRetryAfter, retryDelayMs } from '../src/internal/retry.ts';

describe('retry policy', () => {
  it('backs off exponentially with at most 25 % jitter, capped', () => {
    expect(retryDelayMs(0, undefined, () => 0)).toBe(500);
    expect(retryDelayMs(1, undefined, () => 0)).toBe(1000);
    expect(retryDelayMs(1, undefined, () => 1)).toBe(750);
    expect(retryDelayMs(10, undefined, () => 0)).toBe(8000);
  });

  it('honours Retry-After seconds, HTTP dates and Retry-After-Ms, but not absurd ones', () => {
    expect(retryDelayMs(0, new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryDelayMs(0, new Headers({ 'retry-after-ms': '150' }))).toBe(150);
    const now = Date.parse('2026-11-22T18:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Sun, 22 Nov 2026 18:00:03 GMT' }), now)).toBe(3000);
    expect(retryDelayMs(0, new Headers({ 'retry-after': '3600' }), () => 0)).toBe(500);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeNull();
  });

  it('retries 408, 429 and 5xx only', () => {
    expect([400, 401, 402, 404, 408, 409, 429, 500, 502, 503].filter(isRetryableStatus)).toEqual([
      408, 429, 500, 502, 503,
    ]);
  });
});
