/**
 * perTick (shared/per-tick.ts), under the replay guard, the PostgreSQL rate limiter and PostgreSQL
 * orders: the calls of one tick reach `answer` together, in order, and nowhere else; a failing
 * answer fails only the calls it left open.
 */
import { describe, expect, it } from 'vitest';
import { perTick } from '../../src/shared/per-tick.ts';

describe('perTick', () => {
  it('hands the calls of one tick to one answer, in order, and the next tick to another', async () => {
    const batches: number[][] = [];
    const double = perTick<number, number>((batch) => {
      batches.push(batch.map((w) => w.arg));
      for (const w of batch) w.resolve(w.arg * 2);
    });
    expect(await Promise.all([double(1), double(2), double(3)])).toEqual([2, 4, 6]);
    expect(await double(4)).toBe(8);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('an answer that throws or rejects fails the calls it left open, and only those', async () => {
    const thrown = perTick<number, number>((batch) => {
      batch[0]!.resolve(0);
      throw new Error('down');
    });
    const settled = await Promise.allSettled([thrown(1), thrown(2)]);
    expect(settled[0]).toEqual({ status: 'fulfilled', value: 0 });
    expect(settled[1]).toMatchObject({ status: 'rejected', reason: { message: 'down' } });

    const rejected = perTick<number, number>(async () => {
      throw new Error('later');
    });
    await expect(rejected(1)).rejects.toThrow('later');
  });
});
