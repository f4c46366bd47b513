/**
 * The shared rate-limit stores (Redis GCRA script, PostgreSQL upsert, SQLite's nonces.db for
 * `serve --workers` on SQLite) answer the same budget as
 * the in-process token bucket (bend/rate-limit.test.ts): a burst, then one request per interval,
 * with the same headers' numbers; each key its own bucket.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../src/shared/rate-limit.ts';
import { createPgRateLimiter } from '../../src/shared/rate-limit.pg.ts';
import { createSqliteRateLimiter } from '../../src/shared/rate-limit.sqlite.ts';
import { createRedisRateLimiter } from '../../src/shared/rate-limit.redis.ts';
import { connectRedis, type SharedRedis } from '../../src/shared/redis.ts';
import { eachDatabase, useOpenedDatabase } from '../helpers/databases.ts';
import { dropPrefix, REDIS_URL, redisAvailable, testPrefix } from '../helpers/redis.ts';

const pg = eachDatabase().find((d) => d.name === 'postgres');

/** 2/s, burst 4, as the in-process test: remaining 3,2,1,0, then a refusal of ~0.5 s. */
async function sameBudget(limiter: RateLimiter, key: string) {
  const answers = [];
  const started = performance.now();
  for (let i = 0; i < 5; i++) answers.push(await limiter.consume(key));
  // The refusal's wait is the interval less the time the five took (a loaded machine: 0.43 s once).
  const took = (performance.now() - started) / 1000;
  expect(answers[0]).toEqual({ wait: 0, limit: 4, remaining: 3, reset: 1 });
  expect(answers.slice(1, 4).map((a) => a?.remaining)).toEqual([2, 1, 0]);
  expect(answers[3]).toMatchObject({ wait: 0, reset: 2 });
  expect(answers[4]).toMatchObject({ limit: 4, remaining: 0, reset: 2 });
  expect(answers[4]!.wait).toBeGreaterThan(0);
  expect(answers[4]!.wait).toBeGreaterThanOrEqual(0.5 - took - 0.001);
  expect(answers[4]!.wait).toBeLessThanOrEqual(0.5);
  expect(await limiter.consume(`${key}-other`)).toMatchObject({ wait: 0, remaining: 3 });
}

describe.skipIf(!redisAvailable)('rate limits in Redis', () => {
  const prefix = testPrefix();
  let redis: SharedRedis;
  beforeAll(async () => {
    redis = await connectRedis(REDIS_URL, prefix);
  });
  afterAll(async () => {
    await redis?.close();
    await dropPrefix(prefix);
  });

  it('a burst, then one per interval, the same numbers as in process', async () => {
    await sameBudget(createRedisRateLimiter(redis, { perSecond: 2 }), 'k');
  });
});

describe.skipIf(!pg)('rate limits in PostgreSQL', () => {
  const opened = useOpenedDatabase(pg!);

  it('a burst, then one per interval, the same numbers as in process', async () => {
    const limiter = createPgRateLimiter(opened().nonceDb!, { perSecond: 2 });
    try {
      await sameBudget(limiter, 'k');
    } finally {
      limiter.stop?.();
    }
  });

  it('requests of one tick are counted together: the same budget, request by request, for each key', async () => {
    const limiter = createPgRateLimiter(opened().nonceDb!, { perSecond: 2 });
    try {
      // Sent together, as concurrent requests are: one call for all of them.
      const answers = await Promise.all([
        ...Array.from({ length: 5 }, () => limiter.consume('tick-a')),
        limiter.consume('tick-b'),
        limiter.consume('tick-b'),
      ]);
      expect(answers.slice(0, 4).map((a) => [a?.wait, a?.remaining])).toEqual([
        [0, 3],
        [0, 2],
        [0, 1],
        [0, 0],
      ]);
      expect(answers[4]).toMatchObject({ limit: 4, remaining: 0, reset: 2 });
      expect(answers[4]!.wait).toBeGreaterThan(0.3);
      expect(answers[4]!.wait).toBeLessThanOrEqual(0.5);
      expect(answers.slice(5).map((a) => [a?.wait, a?.remaining])).toEqual([
        [0, 3],
        [0, 2],
      ]);
      // The next tick finds the bucket where this one left it: still empty.
      expect((await limiter.consume('tick-a'))!.wait).toBeGreaterThan(0.3);
    } finally {
      limiter.stop?.();
    }
  });
});

describe('rate limits in SQLite (nonces.db, serve --workers on SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tradepost-rate-'));
  const file = join(dir, 'nonces.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a burst, then one per interval, the same numbers as in process', async () => {
    const limiter = createSqliteRateLimiter(file, { perSecond: 2 });
    try {
      await sameBudget(limiter, 'k');
    } finally {
      limiter.stop?.();
    }
  });

  it("two processes' limiters on the file spend one budget, in one tick or across ticks", async () => {
    // Two connections to the file, as two workers have; a frozen clock, so nothing refills.
    const now = () => 1_000_000;
    const a = createSqliteRateLimiter(file, { perSecond: 2, now });
    const b = createSqliteRateLimiter(file, { perSecond: 2, now });
    try {
      const first = await Promise.all([a.consume('shared'), a.consume('shared'), b.consume('shared')]);
      expect(first.map((s) => s?.remaining)).toEqual([3, 2, 1]);
      expect((await b.consume('shared'))!.remaining).toBe(0);
      const refused = await a.consume('shared');
      expect(refused!.wait).toBeCloseTo(0.5, 5);
      expect((await b.consume('shared'))!.wait).toBeCloseTo(0.5, 5);
    } finally {
      a.stop?.();
      b.stop?.();
    }
  });
});
