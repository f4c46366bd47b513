import { describe, expect, it } from 'vitest';
import { MemoryNonceStore } from '../../src/index.ts';

describe('MemoryNonceStore', () => {
  it('claims a pair once until it expires, per app', async () => {
    let now = 1000;
    const store = new MemoryNonceStore({ now: () => now });
    expect(await store.claim('app_a', 'n1', 1300)).toBe(true);
    expect(await store.claim('app_a', 'n1', 1300)).toBe(false);
    expect(await store.claim('app_b', 'n1', 1300)).toBe(true);
    now = 1299;
    expect(await store.claim('app_a', 'n1', 1600)).toBe(false);
    now = 1300;
    expect(await store.claim('app_a', 'n1', 1600)).toBe(true);
  });

  it('purges expired entries lazily as claims come in', async () => {
    let now = 0;
    const store = new MemoryNonceStore({ now: () => now });
    for (let i = 0; i < 50; i++) await store.claim('app', `n${i}`, 10);
    expect(store.size).toBe(50);
    now = 11;
    await store.claim('app', 'fresh', 100);
    expect(store.size).toBe(1);
  });

  it('never holds more than maxEntries, dropping the oldest live ones', async () => {
    const store = new MemoryNonceStore({ maxEntries: 10, now: () => 0 });
    for (let i = 0; i < 25; i++) {
      expect(await store.claim('app', `n${i}`, 1000)).toBe(true);
      expect(store.size).toBeLessThanOrEqual(10);
    }
    expect(await store.claim('app', 'n24', 1000)).toBe(false);
    expect(await store.claim('app', 'n0', 1000)).toBe(true);
  });

  it('prefers dropping expired entries over live ones when full', async () => {
    let now = 0;
    const store = new MemoryNonceStore({ maxEntries: 4, now: () => now });
    await store.claim('app', 'live', 1000);
    for (const n of ['e1', 'e2', 'e3']) await store.claim('app', n, 5);
    now = 6;
    await store.claim('app', 'new', 1000);
    expect(await store.claim('app', 'live', 1000)).toBe(false);
  });
});
