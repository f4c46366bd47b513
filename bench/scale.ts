/**
 * `npm run bench:scale` (BENCH_DATABASE_URL required): what more than one server process buys on
 * one PostgreSQL, and what the shared replay guard and rate limits cost (docs/scaling.md "More
 * than one process"). Every comparison runs in the same run, interleaved, with its yardstick:
 *
 *   guard   B-End GET /credit, 32 conns: 1 process, replay guard in PostgreSQL, no rate limit (1.00)
 *           vs + rate limit in PostgreSQL (UNLOGGED upsert) vs guard + limit in Redis
 *   orders  B-End POST /orders, 32 conns: 1 process (1.00) vs 2 processes on two ports vs
 *           `serve --workers 2` on one port — one merchant (one hot credit row) and 32 merchants
 *   reads   B-End GET /products page 1: 1 process vs `--workers 2`
 *
 *   stores  the shared stores alone, from this process: per-operation latency one at a time and
 *           ops/s 32 at a time — replay-guard claim (PostgreSQL INSERT vs Redis SET NX PX) and
 *           rate-limit take (PostgreSQL upsert vs Redis GCRA script), with the in-process bucket
 *
 * CPU per request: the server processes (for --workers, the primary and its workers), PostgreSQL
 * (all its processes), Redis. Results are printed and appended to bench/RESULTS.md.
 * Env: BENCH_SECONDS (10), BENCH_ROUNDS (2), BENCH_CONNECTIONS (32), BENCH_REDIS_URL
 * (redis://127.0.0.1:6379; keys under a prefix of this run, deleted at the end).
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { openDatabase } from '../apps/server/src/db/dialect.ts';
import { createNonceStore } from '../apps/server/src/modules/nonces/nonces.service.ts';
import { createRedisNonceStore } from '../apps/server/src/modules/nonces/nonces.redis-store.ts';
import { createRateLimiter } from '../apps/server/src/shared/rate-limit.ts';
import { createPgRateLimiter } from '../apps/server/src/shared/rate-limit.pg.ts';
import { createRedisRateLimiter } from '../apps/server/src/shared/rate-limit.redis.ts';
import { connectRedis } from '../apps/server/src/shared/redis.ts';
import {
  presignOrders,
  presignManyMerchantOrders,
  cpuSeconds,
  treeCpuSeconds,
  type Fixture,
  freshSchema,
  load,
  type LoadResult,
  prepare,
  presign,
  root,
  serverEnv,
  start,
  stop,
} from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PG_URL = process.env.BENCH_DATABASE_URL;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `tp-bench-${Date.now()}:`;
const tmp = join(root, 'bench', '.tmp', `scale-${Date.now()}`);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'stores,http').split(','));
const out: string[] = [];
const say = (s: string) => {
  out.push(s);
  process.stdout.write(`${s}\n`);
};
const fmt = (x: number, d = 0) => x.toFixed(d);
const load3 = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');

/** CPU seconds of every process named `name` (postgres: with reaped backends). */
function namedCpu(name: string): number {
  let t = 0;
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (readFileSync(`/proc/${e}/comm`, 'utf8').trim() === name) t += cpuSeconds(Number(e), true);
    } catch {
      // gone
    }
  }
  return t;
}

type Server = { name: string; port: number; child: ChildProcess };

const orders = (f: Fixture, n: number, tag: string) => presignOrders(f, n, `S-${tag}`);
const manyOrders = (f: Fixture, n: number, tag: string) => presignManyMerchantOrders(f, n, `S-${tag}`);
const gets = (f: Fixture, n: number, path: string, params: Record<string, string> = {}) =>
  presign(f, n, () => ({ method: 'GET', path, params }));

/** Load on one or more servers at once (connections split evenly); summed rate, worst latencies, CPU. */
async function measure(
  targets: { server: Server; requests: (n: number) => ReturnType<typeof presign> }[],
  pids: number[],
): Promise<LoadResult & { cpu: { server: number; postgres: number; redis: number } }> {
  const per = Math.ceil(CONNECTIONS / targets.length);
  const pools = targets.map((t) => t.requests(4000 * SECONDS));
  const before = {
    s: pids.reduce((a, p) => a + treeCpuSeconds(p), 0),
    pg: namedCpu('postgres'),
    r: namedCpu('redis-server'),
  };
  const results = await Promise.all(
    targets.map((t, i) =>
      load(`http://127.0.0.1:${t.server.port}`, { requests: pools[i]!, seconds: SECONDS, connections: per }),
    ),
  );
  const after = {
    s: pids.reduce((a, p) => a + treeCpuSeconds(p), 0),
    pg: namedCpu('postgres'),
    r: namedCpu('redis-server'),
  };
  const rps = results.reduce((a, r) => a + r.rps, 0);
  const n = Math.max(1, rps * SECONDS);
  return {
    rps,
    p50: Math.max(...results.map((r) => r.p50)),
    p99: Math.max(...results.map((r) => r.p99)),
    errors: results.reduce((a, r) => a + r.errors, 0),
    used: results.reduce((a, r) => a + r.used, 0),
    cpu: {
      server: ((after.s - before.s) / n) * 1e6,
      postgres: ((after.pg - before.pg) / n) * 1e6,
      redis: ((after.r - before.r) / n) * 1e6,
    },
  };
}

/** One operation `n` times in a row (µs each, mean) and 32 at a time (ops/s), with this process's CPU per op. */
async function opCost(
  op: (i: number) => unknown,
): Promise<{ serialUs: number; cpuUs: number; parallel: number }> {
  const n = 2000;
  for (let i = 0; i < 200; i++) await op(-i - 1); // warm
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await op(i);
  const serialUs = ((performance.now() - t0) * 1000) / n;
  const c = process.cpuUsage(c0);
  const m = 20_000;
  let next = n;
  const t1 = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < n + m) await op(next++);
    }),
  );
  return { serialUs, cpuUs: (c.user + c.system) / n, parallel: (m / (performance.now() - t1)) * 1000 };
}

async function stores(url: string): Promise<void> {
  const opened = await openDatabase({ databaseUrl: url, dataDir: join(tmp, 'stores') });
  const redis = await connectRedis(REDIS_URL, PREFIX);
  const run = `${Date.now()}`;
  try {
    const expires = () => Math.floor(Date.now() / 1000) + 300;
    const pgGuard = createNonceStore({ writer: opened.writer, db: opened.nonceDb! });
    const redisGuard = createRedisNonceStore(redis, 300);
    const memory = createRateLimiter({ perSecond: 1e6 });
    const pgLimit = createPgRateLimiter(opened.nonceDb!, { perSecond: 1e6 });
    const redisLimit = createRedisRateLimiter(redis, { perSecond: 1e6 });
    const keys = 32; // credentials taking turns
    say('\n| shared store operation | µs one at a time | ops/s, 32 at a time | client CPU µs per op |');
    say('|---|---|---|---|');
    for (const [name, op] of [
      [
        'replay guard claim: PostgreSQL INSERT … ON CONFLICT',
        (i: number) => pgGuard.claim('app_bench', `${run}-p-${i}`, expires()),
      ],
      [
        'replay guard claim: Redis SET NX PX',
        (i: number) => redisGuard.claim('app_bench', `${run}-r-${i}`, expires()),
      ],
      ['rate-limit take: in process (yardstick)', (i: number) => memory.consume(`k${i % keys}`)],
      ['rate-limit take: PostgreSQL UNLOGGED upsert', (i: number) => pgLimit.consume(`k${i % keys}`)],
      ['rate-limit take: Redis GCRA script', (i: number) => redisLimit.consume(`k${i % keys}`)],
    ] as const) {
      const r = await opCost(op);
      say(`| ${name} | ${fmt(r.serialUs)} | ${fmt(r.parallel)} | ${fmt(r.cpuUs)} |`);
    }
    pgGuard.stop();
    pgLimit.stop?.();
  } finally {
    await redis.close();
    await opened.close();
  }
}

async function main(): Promise<void> {
  if (!PG_URL) throw new Error('BENCH_DATABASE_URL=postgres://… is required');
  mkdirSync(tmp, { recursive: true });
  execFileSync('npm', ['run', 'build', '--silent', '-w', '@tradepost/server'], {
    cwd: root,
    stdio: 'inherit',
  });
  const url = await freshSchema(PG_URL, 'scale');
  const dir = join(tmp, 'data');
  const f = await prepare(dir, { databaseUrl: url, merchants: 32 });
  const servers: Server[] = [];
  const serve = async (
    name: string,
    port: number,
    extra: Record<string, string> = {},
    args: string[] = [],
  ) => {
    const child = await start(
      ['apps/server/dist/tradepost.mjs', 'serve', ...args],
      { ...serverEnv(dir, url, extra), PORT: String(port) },
      'listening',
    );
    const s = { name, port, child };
    servers.push(s);
    return s;
  };
  say(`\n## Scale-out on PostgreSQL (${new Date().toISOString()})\n`);
  say(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${SECONDS} s per test, ${ROUNDS} rounds, ${CONNECTIONS} connections. ` +
      `Command: \`BENCH_DATABASE_URL=… npm run bench:scale\`. Load average at start: ${load3()}.\n`,
  );
  if (ONLY.has('stores')) await stores(url);
  try {
    if (!ONLY.has('http')) return;
    const one = await serve('1 process', 18281);
    const two = await serve('second process', 18282);
    const limited = await serve('1 process, rate limit in PostgreSQL', 18283, {
      TRADEPOST_RATE_LIMIT: '1000000',
    });
    const redis = await serve('1 process, guard + limit in Redis', 18284, {
      TRADEPOST_RATE_LIMIT: '1000000',
      REDIS_URL,
      TRADEPOST_REDIS_PREFIX: PREFIX,
    });
    const workers = await serve('serve --workers 2', 18285, {}, ['--workers', '2']);
    const pid = (s: Server) => s.child.pid!;
    // Warm every server once (JIT, pools).
    for (const s of servers)
      await load(`http://127.0.0.1:${s.port}`, {
        requests: gets(f, 3000, '/credit'),
        seconds: 1,
        connections: 8,
      });

    say(
      '| test | per s | p50 ms | p99 ms | errors | ratio | CPU µs per request: servers / postgres / redis |',
    );
    say('|---|---|---|---|---|---|---|');
    const line = (name: string, r: Awaited<ReturnType<typeof measure>>, ratio: string) =>
      say(
        `| ${name} | ${fmt(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} | ${ratio} | ${fmt(r.cpu.server)} / ${fmt(r.cpu.postgres)} / ${fmt(r.cpu.redis)} |`,
      );
    for (let round = 1; round <= ROUNDS; round++) {
      // Shared state: a cheap signed read, so the guard and the limit are a large share of it.
      const credit = (n: number) => gets(f, n, '/credit');
      const g0 = await measure([{ server: one, requests: credit }], [pid(one)]);
      const g1 = await measure([{ server: limited, requests: credit }], [pid(limited)]);
      const g2 = await measure([{ server: redis, requests: credit }], [pid(redis)]);
      line(`r${round} GET /credit, 1 process: guard in PostgreSQL, no rate limit`, g0, '1.00');
      line(`r${round} GET /credit, + rate limit in PostgreSQL`, g1, `**${fmt(g1.rps / g0.rps, 2)}**`);
      line(`r${round} GET /credit, guard + rate limit in Redis`, g2, `**${fmt(g2.rps / g0.rps, 2)}**`);

      for (const [what, pool] of [
        ['one merchant', (n: number, tag: string) => orders(f, n, tag)],
        ['32 merchants', (n: number, tag: string) => manyOrders(f, n, tag)],
      ] as const) {
        const o1 = await measure([{ server: one, requests: (n) => pool(n, `a${round}${what}`) }], [pid(one)]);
        const o2 = await measure(
          [
            { server: one, requests: (n) => pool(n, `b${round}${what}`) },
            { server: two, requests: (n) => pool(n, `c${round}${what}`) },
          ],
          [pid(one), pid(two)],
        );
        const ow = await measure(
          [{ server: workers, requests: (n) => pool(n, `d${round}${what}`) }],
          [pid(workers)],
        );
        line(`r${round} POST /orders, ${what}, 1 process`, o1, '1.00');
        line(`r${round} POST /orders, ${what}, 2 processes (2 ports)`, o2, `**${fmt(o2.rps / o1.rps, 2)}**`);
        line(`r${round} POST /orders, ${what}, serve --workers 2`, ow, `**${fmt(ow.rps / o1.rps, 2)}**`);
      }
      const page = (n: number) => gets(f, n, '/products', { page: '1', page_size: '20' });
      const r1 = await measure([{ server: one, requests: page }], [pid(one)]);
      const rw = await measure([{ server: workers, requests: page }], [pid(workers)]);
      line(`r${round} GET /products page 1, 1 process`, r1, '1.00');
      line(`r${round} GET /products page 1, serve --workers 2`, rw, `**${fmt(rw.rps / r1.rps, 2)}**`);
    }
    say(`\nLoad average at the end: ${load3()}.`);
  } finally {
    for (const s of servers) await stop(s.child);
    const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 0 });
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
      if (keys.length) await r.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    r.disconnect();
    appendFileSync(join(root, 'bench', 'RESULTS.md'), `${out.join('\n')}\n`);
  }
}

await main();
