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
 * Env: BENCH_CPU_BARE_BODY (the bare route's answer; default ~900 bytes), BENCH_CPU_REQUESTS (4000 per measurement), BENCH_CPU_ROUNDS (3),
 * BENCH_CPU_ONLY=orders,reads,credit,bare (GET /credit: the door's own cost
 * around a one-row read; bare: a bare Fastify route from memory, the HTTP floor), BENCH_PROFILE=1 (a
 * --cpu-prof of each server, written under bench/.tmp/).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { runRawLoop } from './raw-sqlite-loop.ts';
import {
  presignOrders,
  cpuSeconds,
  type Fixture,
  prepare,
  presign,
  type Presigned,
  root,
  serverEnv,
  start,
  stop,
} from './lib.ts';

const N = Number(process.env.BENCH_CPU_REQUESTS ?? 4000);
const ROUNDS = Number(process.env.BENCH_CPU_ROUNDS ?? 3);
const BUNDLES = (process.env.BENCH_CPU_BUNDLES ?? 'apps/server/dist/tradepost.mjs').split(',');
const ONLY = process.env.BENCH_CPU_ONLY ?? 'orders,reads';
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
    const prof = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
    const child = await start(
      [...prof, bundle, 'serve'],
      { ...serverEnv(dir, undefined), PORT: String(18290 + i) },
      'listening',
    );
    servers.push({
      bundle,
      port: 18290 + i,
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
  if (ONLY.includes('bare')) {
    // BENCH_CPU_BARE_BODY: answer with those bytes instead (e.g. a captured B-End page).
    const bodyFile = process.env.BENCH_CPU_BARE_BODY ?? join(base, 'bare-body.json');
    if (!process.env.BENCH_CPU_BARE_BODY)
      writeFileSync(
        bodyFile,
        JSON.stringify({ app_id: 'x'.repeat(28), data: 'A'.repeat(700), sign: 'f'.repeat(64) }),
      );
    bareServer = await start(
      ['--import', 'tsx', 'bench/bare-server.ts'],
      { PORT: '18289', BENCH_BODY_FILE: bodyFile, BENCH_PATH: '/bare' },
      'ready',
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
      await fire(s.port, orders(fixture, `warm${s.port}`).slice(0, 1000));
      await fire(s.port, reads(fixture).slice(0, 1000));
    }
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
        if (await fire(18289, barePool)) throw new Error('failed bare requests');
        bare.push(((cpuSeconds(bareServer.pid!) - b0) / N) * 1e6);
      }
      const u0 = process.cpuUsage();
      const r = runRawLoop(join(rawDir, 'tradepost.db'), fixture, 2, `RAW${stamp}-${round}`);
      const u = process.cpuUsage(u0);
      raw.push((u.user + u.system) / r.orders);
    }
  } finally {
    for (const s of servers) await stop(s.child);
    if (bareServer) await stop(bareServer);
  }
  const f = (xs: number[]) =>
    xs.length === 0
      ? '–'
      : `${xs.map((x) => x.toFixed(0)).join(' / ')} (median ${[...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(0)})`;
  console.log(
    `load average ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}; ${N} requests per measurement, 32 conns`,
  );
  console.log(`raw loop: CPU µs/order ${f(raw)}`);
  if (bare.length) console.log(`bare Fastify GET from memory: CPU µs/request ${f(bare)}`);
  for (const s of servers) {
    console.log(
      `${s.bundle}: POST /orders CPU µs/order ${f(s.orders)}; GET /products CPU µs/read ${f(s.reads)}; GET /credit CPU µs/read ${f(s.credit)}`,
    );
    if (process.env.BENCH_PROFILE) console.log(`  profile in ${s.dir}`);
  }
}

await main();
