import { describe, expect, it } from 'vitest';
import { pooledRandomBytes } from '../../src/internal/random.ts';

describe('pooledRandomBytes', () => {
  it('never hands out the same bytes twice, across several refills of the pool', () => {
    const seen = new Set<string>();
    // 12- and 24-byte draws as the envelope makes them: ~3 pool refills.
    for (let i = 0; i < 400; i++) {
      for (const size of [12, 24]) {
        const b = pooledRandomBytes(size);
        expect(b.length).toBe(size);
        const hex = b.toString('hex');
        expect(seen.has(hex)).toBe(false);
        seen.add(hex);
      }
    }
  });

  it('serves draws larger than the pool', () => {
    const big = pooledRandomBytes(10_000);
    expect(big.length).toBe(10_000);
    expect(big.equals(Buffer.alloc(10_000))).toBe(false);
  });
});
