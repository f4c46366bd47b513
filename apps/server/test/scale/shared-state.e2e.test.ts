/**
 * N server processes share the replay guard and the rate limits (docs/scaling.md "More than one
 * process"): with REDIS_URL in Redis, without it in PostgreSQL. Two real server processes on one
 * PostgreSQL: a request accepted by one is a replay (1007) on the other, and one credential's
 * budget is spent across both (per-process buckets would let through twice as many). Redis
 * going away at run time: requests fail closed (503 + Retry-After, the Action API E429), one
 * warning is logged, none at error level; Redis back (empty): service resumes, and a request
 * signed before the restart is still refused as a replay. A bad or unreachable REDIS_URL stops
 * the start with a message that names it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { REUSE_MS } from '../../src/ops/health.ts';
import { callAction } from '../action/action-http.ts';
import { buildRequest, decode, send } from '../helpers/bend-http.ts';
import { eachDatabase } from '../helpers/databases.ts';
import {
  dropPrefix,
  ownRedis,
  REDIS_URL,
  redisAvailable,
  testPrefix,
  type OwnRedis,
} from '../helpers/redis.ts';
import { prepare, type Prepared, type ServerProcess, spawnServer } from '../reliability/server-process.ts';
import { walltech } from '../walltech/walltech-http.ts';

const pg = eachDatabase().find((d) => d.name === 'postgres');

const stores = [
  { store: 'Redis', redis: true },
  { store: 'PostgreSQL', redis: false },
].filter((s) => !s.redis || redisAvailable);

describe.skipIf(!pg).each(stores)(
  'two server processes on one PostgreSQL, shared state in $store',
  ({ redis }) => {
    const database = pg!;
    const prefix = testPrefix();
    let p: Prepared;
    let a: ServerProcess;
    let b: ServerProcess;

    beforeAll(async () => {
      // 1 request/s per credential, bursts of 2.
      p = await prepare(database, {
        env: { TRADEPOST_RATE_LIMIT: '1', ...(redis ? { REDIS_URL, TRADEPOST_REDIS_PREFIX: prefix } : {}) },
      });
      [a, b] = await Promise.all([spawnServer(p.env), spawnServer(p.env)]);
    }, 120_000);
    afterAll(async () => {
      await a?.kill();
      await b?.kill();
      p?.dispose();
      if (redis) await dropPrefix(prefix);
      await database.dispose();
    });

    it('a request accepted by one process is a replay (1007) on the other', async () => {
      const first = buildRequest(a.url, p.merchant, 'GET', '/credit');
      expect(decode(p.merchant, await send(first.url, first.init)).payload.code).toBe(0);
      const again = await send(first.url.replace(a.url, b.url), first.init);
      expect([again.status, again.body.code]).toEqual([401, 1007]);
    });

    it('one budget across both: 10 requests at once, 5 to each, let through exactly the burst of 2', async () => {
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => walltech(`${(i % 2 ? a : b).url}/api/v1/credit`, p.token)),
      );
      const seconds = (performance.now() - started) / 1000;
      const codes = answers.map((r) => r.body.code);
      const passed = codes.filter((c) => c === 0).length;
      // Every refusal is the limit's, and as many passed as one bucket allows in the time taken
      // (the burst, plus one per second if the machine was that slow): per-process would be 4.
      expect(codes.filter((c) => c !== 0)).toEqual(Array(10 - passed).fill(4029));
      expect(answers.filter((r) => r.body.code === 4029).every((r) => r.status === 429)).toBe(true);
      expect(passed).toBeGreaterThanOrEqual(2);
      expect(passed).toBeLessThanOrEqual(2 + Math.floor(seconds));
      if (seconds < 1) expect(passed).toBe(2);
    });

    it('logs nothing at error level', () => {
      for (const s of [a, b]) expect(s.logs.filter((l) => l.level >= 50)).toEqual([]);
    });
  },
);

describe.skipIf(!redisAvailable).each(eachDatabase())(
  'Redis lost and back at run time ($name)',
  (database) => {
    const prefix = testPrefix();
    let own: OwnRedis;
    let p: Prepared;
    let server: ServerProcess;

    beforeAll(async () => {
      own = await ownRedis();
      p = await prepare(database, {
        env: { TRADEPOST_RATE_LIMIT: '100', REDIS_URL: own.url, TRADEPOST_REDIS_PREFIX: prefix },
      });
      server = await spawnServer(p.env);
    }, 120_000);
    afterAll(async () => {
      await server?.kill();
      await own?.stop();
      p?.dispose();
      await database.dispose();
    });

    const ready = async () => (await fetch(`${server.url}/readyz`)).status;

    it('fails closed with 503 + Retry-After, warns once, is not ready, and recovers; a request signed before the restart stays a replay', async () => {
      const before = buildRequest(server.url, p.merchant, 'GET', '/credit');
      expect(decode(p.merchant, await send(before.url, before.init)).payload.code).toBe(0);
      expect(await ready()).toBe(200);
      await own.stop();
      // Out of the load balancer while every B-End request would answer 503.
      await new Promise((r) => setTimeout(r, REUSE_MS));
      expect(await ready()).toBe(503);

      for (let i = 0; i < 5; i++) {
        const fresh = buildRequest(server.url, p.merchant, 'GET', '/credit');
        const res = await fetch(fresh.url, fresh.init);
        expect([res.status, res.headers.get('retry-after')]).toEqual([503, '1']);
        expect(((await res.json()) as { code: number }).code).toBe(4029);
      }
      const token = await walltech(`${server.url}/api/v1/credit`, p.token);
      expect([token.status, token.body.code]).toEqual([503, 4029]);
      const action = await callAction(server.url, p.key, 'GetCredit');
      expect(action.error?.ErrorCode).toBe('429');

      const warnings = server.logs.filter((l) => l.level === 40 && /redis unreachable/.test(l.msg ?? ''));
      expect(warnings).toHaveLength(1);
      expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);

      // Restarted empty, at least two seconds after `before` was signed (timestamps are seconds).
      await new Promise((r) => setTimeout(r, 2100));
      await own.start();
      let code = -1;
      for (let i = 0; i < 100 && code !== 0; i++) {
        const fresh = buildRequest(server.url, p.merchant, 'GET', '/credit');
        const raw = await send(fresh.url, fresh.init);
        code = raw.status === 503 ? -1 : decode(p.merchant, raw).payload.code;
        if (code !== 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(code).toBe(0);
      await new Promise((r) => setTimeout(r, REUSE_MS));
      expect(await ready()).toBe(200);
      // Redis forgot `before`'s nonce; the guard still refuses it: it was signed before the restart.
      const replay = await send(before.url, before.init);
      expect([replay.status, replay.body.code]).toEqual([401, 1007]);
      expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);
    }, 60_000);
  },
);

describe('REDIS_URL at start', () => {
  it('a URL that is not redis:// is a configuration error naming it', () => {
    expect(() =>
      loadConfig({ TRADEPOST_DATA_DIR: '/tmp/tp-cfg', REDIS_URL: 'http://127.0.0.1:6379' }),
    ).toThrow(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
  });

  it.skipIf(!redisAvailable)(
    'an unreachable Redis stops the start with a message that names it, not its password',
    async () => {
      const gone = await ownRedis();
      await gone.stop();
      const database = eachDatabase()[0]!;
      const p = await prepare(database);
      try {
        const failed = await spawnServer({
          ...p.env,
          REDIS_URL: gone.url.replace('//', '//user:s3cret@'),
        }).then(
          () => 'started',
          (e: Error) => e.message,
        );
        expect(failed).toMatch(/REDIS_URL: cannot reach Redis at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
        expect(failed).not.toMatch(/s3cret/);
      } finally {
        p.dispose();
        await database.dispose();
      }
    },
    60_000,
  );
});
