/**
 * `npm run bench:cpu`: CPU µs per request of the server process — utime + stime from
 * /proc/<pid>/stat over a fixed number of requests — for B-End POST /orders and GET /products at
 * 32 connections, beside the raw better-sqlite3 loop's CPU µs per order. Throughput on a loaded
 * machine swings with the neighbours; CPU per request barely moves, so this is what a change to
 * the hot path is judged by.
 *
 * Compare two builds interleaved in one run: copy a built dist somewhere inside the repo
 * (`cp -r apps/server/dist bench/.tmp/before`), rebuild, then
 * `BENCH_CPU_BUNDLES=bench/.tmp/before/tradepost.mjs,apps/server/dist/tradepost.mjs npm run bench:cpu`.
 * Env: BENCH_CPU_BARE_BODY (a file with the bare route's answer, or `capture`: the bytes the first
 * bundle answers to GET /products page 1; default ~900 bytes), BENCH_CPU_PORT (first port, 18289),
 * BENCH_CPU_REQUESTS (4000 per measurement), BENCH_CPU_WARM (requests before measuring, default
 * BENCH_CPU_REQUESTS), BENCH_CPU_ROUNDS (3),
 * BENCH_CPU_ONLY=orders,reads,credit,bare,crypto,floor (GET /credit: the door's own cost
 * around a one-row read; bare: a bare Fastify route from memory, the HTTP floor; crypto, with bare
 * and a captured page: that route doing bend-v1's required verify + envelope work too; floor, with
 * orders: bench/floor-server.ts, only what any design must do per order, on its own copy of the
 * fixture), BENCH_PROFILE=1 (a --cpu-prof of each server and the floor, written under bench/.tmp/;
 * BENCH_PROFILE_INTERVAL µs between samples).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { runRawLoop } from './raw-sqlite-loop.ts';
import {
  presignOrders,
  call,
  cpuSeconds,
  type Fixture,
  prepare,
  presign,
  type Presigned,
  root,
  serverEnv,
  start,
  startFloor,
  stop,
} from './lib.ts';

const N = Number(process.env.BENCH_CPU_REQUESTS ?? 4000);
const ROUNDS = Number(process.env.BENCH_CPU_ROUNDS ?? 3);
const BUNDLES = (process.env.BENCH_CPU_BUNDLES ?? 'apps/server/dist/tradepost.mjs').split(',');
/**
 * Requests each server answers before any is measured: B-End's JIT is still optimizing well past
 * 1,000 orders (334 functions in its first 4,000, then ~9 per 4,000: --trace-opt), and a first
 * round that pays for it reads ~40% high.
 */
const WARM = Number(process.env.BENCH_CPU_WARM ?? N);
const ONLY = process.env.BENCH_CPU_ONLY ?? 'orders,reads';
const PORT = Number(process.env.BENCH_CPU_PORT ?? 18289);
const base = join(root, 'bench', '.tmp', 'cpu');
const stamp = Date.now();

async function fire(port: number, pool: Presigned[]): Promise<number> {
  let next = 0;
  let bad = 0;
  await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 32,
    amount: pool.length,
    timeout: 30,
    requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, ...pool[next++]! }) }],
  }).then((r) => {
    bad = r.non2xx + r.errors + r.timeouts;
  });
  return bad;
}

const orders = (f: Fixture, tag: string) => presignOrders(f, N, `CPU-${stamp}-${tag}`);
const reads = (f: Fixture) =>
  presign(f, N, () => ({ method: 'GET', path: '/products', params: { page: '1', page_size: '20' } }));

/**
 * BENCH_PROFILE: a --cpu-prof into `dir` (V8's sampler: wall time, so a blocking fsync or a
 * descheduled thread counts too); BENCH_PROFILE_INTERVAL µs between samples (V8's default 1000).
 * BENCH_PERF: --perf-basic-prof, so `perf record -g -p <pid>` (CPU time only) names the JS frames.
 */
function profileArgs(dir: string): string[] {
  const interval = process.env.BENCH_PROFILE_INTERVAL;
  return [
    ...(process.env.BENCH_PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...(interval ? [`--cpu-prof-interval=${interval}`] : [])]
      : []),
    // (V8 then also writes an isolate-*.log per thread: into /dev/null, not the repo's root.)
    ...(process.env.BENCH_PERF
      ? ['--perf-basic-prof', '--logfile=/dev/null', '--no-logfile-per-isolate']
      : []),
  ];
}

async function main(): Promise<void> {
  const fixtureDir = join(base, 'fixture');
  const fixtureFile = join(base, 'fixture.json');
  if (!existsSync(fixtureFile)) {
    mkdirSync(base, { recursive: true });
    writeFileSync(fixtureFile, JSON.stringify(await prepare(fixtureDir, { ledgerEntries: 10 })));
  }
  const fixture = JSON.parse(readFileSync(fixtureFile, 'utf8')) as Fixture;
  const servers = [];
  for (const [i, bundle] of BUNDLES.entries()) {
    const dir = join(base, `run-${stamp}-${i}`);
    cpSync(fixtureDir, dir, { recursive: true });
    const child = await start(
      [...profileArgs(dir), bundle, 'serve'],
      { ...serverEnv(dir, undefined), PORT: String(PORT + 1 + i) },
      'listening',
    );
    servers.push({
      bundle,
      port: PORT + 1 + i,
      child,
      dir,
      orders: [] as number[],
      reads: [] as number[],
      credit: [] as number[],
    });
  }
  const rawDir = join(base, `raw-${stamp}`);
  cpSync(fixtureDir, rawDir, { recursive: true });
  const raw: number[] = [];
  const bare: number[] = [];
  // The HTTP floor: a bare Fastify route answering from memory with an order answer's size.
  let bareServer: Awaited<ReturnType<typeof start>> | undefined;
  let bodyFile = '';
  if (ONLY.includes('bare')) {
    // BENCH_CPU_BARE_BODY: answer with those bytes instead (e.g. a captured B-End page).
    const given = process.env.BENCH_CPU_BARE_BODY;
    bodyFile = given && given !== 'capture' ? given : join(base, `bare-body-${stamp}.json`);
    if (given === 'capture') {
      const page = await call(`http://127.0.0.1:${servers[0]!.port}`, fixture, '/products', {
        page: '1',
        page_size: '20',
      });
      writeFileSync(bodyFile, page.body);
      console.log(`bare body: the captured page, ${page.body.length} bytes`);
    } else if (!given)
      writeFileSync(
        bodyFile,
        JSON.stringify({ app_id: 'x'.repeat(28), data: 'A'.repeat(700), sign: 'f'.repeat(64) }),
      );
    bareServer = await start(
      ['--import', 'tsx', 'bench/bare-server.ts'],
      { PORT: String(PORT), BENCH_BODY_FILE: bodyFile, BENCH_PATH: '/bare' },
      'ready',
    );
  }
  // "bare + protocol crypto from memory" (bench/bare-server.ts with BENCH_BEND_APP): the same page,
  // with only the work bend-v1.md requires (verify, replay guard in memory, a fresh envelope).
  let cryptoServer: Awaited<ReturnType<typeof start>> | undefined;
  const crypto: number[] = [];
  if (bareServer && ONLY.includes('crypto')) {
    const appFile = join(base, `bare-app-${stamp}.json`);
    writeFileSync(appFile, JSON.stringify(fixture.app));
    cryptoServer = await start(
      ['--import', 'tsx', 'bench/bare-server.ts'],
      {
        PORT: String(PORT + 50),
        BENCH_BODY_FILE: bodyFile,
        BENCH_PATH: '/api/v1/products',
        BENCH_BEND_APP: appFile,
      },
      'ready',
    );
  }
  // The order floor (bench/floor-server.ts) on its own copy of the fixture: the yardstick B-End's
  // CPU per order is judged against in the same run.
  let floorServer: Awaited<ReturnType<typeof start>> | undefined;
  const floor: number[] = [];
  const floorDir = join(base, `floor-${stamp}`);
  if (ONLY.includes('floor') && ONLY.includes('orders')) {
    cpSync(fixtureDir, floorDir, { recursive: true });
    floorServer = await startFloor(
      PORT + 60,
      [fixture],
      { FLOOR_SQLITE: join(floorDir, 'tradepost.db') },
      profileArgs(floorDir),
    );
  }
  const barePool: Presigned[] = Array.from({ length: N }, () => ({
    method: 'GET',
    path: '/bare',
    headers: {},
  }));
  const load0 = loadavg()[0]!;
  try {
    for (const s of servers) {
      if (ONLY.includes('orders')) await fire(s.port, orders(fixture, `warm${s.port}`).slice(0, WARM));
      if (ONLY.includes('reads')) await fire(s.port, reads(fixture).slice(0, WARM));
    }
    // The yardstick warmed up too: its first measurement otherwise includes JIT compilation.
    if (bareServer) await fire(PORT, barePool.slice(0, WARM));
    if (cryptoServer) await fire(PORT + 50, reads(fixture).slice(0, WARM));
    if (floorServer) await fire(PORT + 60, orders(fixture, 'fwarm').slice(0, WARM));
    if (process.env.BENCH_PERF) console.log(`warmed up (pids ${servers.map((s) => s.child.pid).join(' ')})`);
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of servers) {
        if (ONLY.includes('orders')) {
          const pool = orders(fixture, `r${round}p${s.port}`);
          const c0 = cpuSeconds(s.child.pid!);
          const bad = await fire(s.port, pool);
          s.orders.push(((cpuSeconds(s.child.pid!) - c0) / N) * 1e6);
          if (bad) throw new Error(`${bad} failed orders on ${s.bundle}`);
        }
        if (ONLY.includes('credit')) {
          const cpool = presign(fixture, N, () => ({ method: 'GET', path: '/credit', params: {} }));
          const k0 = cpuSeconds(s.child.pid!);
          if (await fire(s.port, cpool)) throw new Error(`failed GET /credit on ${s.bundle}`);
          s.credit.push(((cpuSeconds(s.child.pid!) - k0) / N) * 1e6);
        }
        if (!ONLY.includes('reads')) continue;
        const rpool = reads(fixture);
        const r0 = cpuSeconds(s.child.pid!);
        const rbad = await fire(s.port, rpool);
        s.reads.push(((cpuSeconds(s.child.pid!) - r0) / N) * 1e6);
        if (rbad) throw new Error(`${rbad} failed reads on ${s.bundle}`);
      }
      if (bareServer) {
        const b0 = cpuSeconds(bareServer.pid!);
        if (await fire(PORT, barePool)) throw new Error('failed bare requests');
        bare.push(((cpuSeconds(bareServer.pid!) - b0) / N) * 1e6);
      }
      if (cryptoServer) {
        const pool = reads(fixture);
        const c0 = cpuSeconds(cryptoServer.pid!);
        if (await fire(PORT + 50, pool)) throw new Error('failed bare + crypto requests');
        crypto.push(((cpuSeconds(cryptoServer.pid!) - c0) / N) * 1e6);
      }
      if (!ONLY.includes('orders')) continue;
      if (floorServer) {
        const f0 = cpuSeconds(floorServer.pid!);
        if (await fire(PORT + 60, orders(fixture, `r${round}f`))) throw new Error('failed floor orders');
        floor.push(((cpuSeconds(floorServer.pid!) - f0) / N) * 1e6);
      }
      const u0 = process.cpuUsage();
      const r = runRawLoop(join(rawDir, 'tradepost.db'), fixture, 2, `RAW${stamp}-${round}`);
      const u = process.cpuUsage(u0);
      raw.push((u.user + u.system) / r.orders);
    }
  } finally {
    for (const s of servers) await stop(s.child);
    if (bareServer) await stop(bareServer);
    if (cryptoServer) await stop(cryptoServer);
    if (floorServer) await stop(floorServer);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const f = (xs: number[]) =>
    xs.length === 0 ? '–' : `${xs.map((x) => x.toFixed(0)).join(' / ')} (median ${med(xs).toFixed(0)})`;
  console.log(
    `load average ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}; ${N} requests per measurement, 32 conns`,
  );
  console.log(`raw loop: CPU µs/order ${f(raw)}`);
  if (bare.length) console.log(`bare Fastify GET from memory: CPU µs/request ${f(bare)}`);
  if (crypto.length)
    console.log(`bare + protocol crypto from memory (same page): CPU µs/request ${f(crypto)}`);
  if (floor.length)
    console.log(`floor server (bench/floor-server.ts): POST /orders CPU µs/order ${f(floor)}`);
  for (const s of servers) {
    if (floor.length && s.orders.length)
      console.log(`${s.bundle}: orders / floor = ${(med(s.orders) / med(floor)).toFixed(2)} (medians)`);
    console.log(
      `${s.bundle}: POST /orders CPU µs/order ${f(s.orders)}; GET /products CPU µs/read ${f(s.reads)}; GET /credit CPU µs/read ${f(s.credit)}`,
    );
    if (process.env.BENCH_PROFILE) console.log(`  profile in ${s.dir}`);
  }
  if (floorServer && process.env.BENCH_PROFILE) console.log(`floor profile in ${floorDir}`);
}

await main();
