/**
 * `npm run bench`: side-by-side measurements on one machine, in one run (absolute figures drift
 * on a shared machine; ratios measured together do not). Load comes from autocannon in this
 * process; every B-End request is signed and encrypted BEFORE its test starts, so signing does
 * not take the server's cores. Each server runs in its own process.
 *
 *   1. reads:  B-End GET /products (page of 20, encrypted + signed) vs a bare Fastify route
 *   2. writes: B-End POST /orders (durable, group commit) vs a raw better-sqlite3 loop
 *   3. server RSS under that load
 *
 * Options (env): BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 32).
 * Results are printed and appended to bench/RESULTS.md.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildBendRequest } from '@tradepost/protocol';
import { loadConfig } from '../apps/server/src/config.ts';
import { createContext } from '../apps/server/src/context.ts';
import { generateDemoCatalog } from '../apps/server/src/catalog-data/demo-catalog.ts';
import { runRawLoop, type RawLoopFixture } from './raw-sqlite-loop.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PG_URL = process.env.BENCH_DATABASE_URL;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const root = new URL('..', import.meta.url).pathname;
const tmp = join(root, 'bench', '.tmp', String(Date.now()));

interface Fixture extends RawLoopFixture {
  app: { app_id: string; secret_key: string; sign_key: string };
}

/** A data dir with the demo catalog, a bench product with endless stock, and a rich merchant. */
async function prepare(dataDir: string, databaseUrl?: string): Promise<Fixture> {
  const ctx = await createContext(
    loadConfig({ TRADEPOST_DATA_DIR: dataDir, TRADEPOST_DEMO: '0', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }),
  );
  try {
    await ctx.services.catalog.upsertProducts(generateDemoCatalog());
    await ctx.services.catalog.upsertProducts([
      {
        goods_id: 'BENCH-GOODS',
        title: 'Bench widget',
        description: 'Stocked for benchmarks.',
        category: 'Bench',
        images: [],
        currency: 'USD',
        skus: [{ sku_id: 'BENCH-SKU', spec: 'Size: M', price: '1.00', stock: 1_000_000_000 }],
      },
    ]);
    const { merchantId } = await ctx.services.merchants.create({
      email: 'bench@example.com',
      password: 'bench-password',
      name: 'Bench Co',
      creditLimit: '100000000.00',
      currency: 'USD',
    });
    const app = await ctx.services.apps.create(merchantId, 'bench');
    return { merchantId, goodsId: 'BENCH-GOODS', skuId: 'BENCH-SKU', appId: app.app_id, app };
  } finally {
    await ctx.close();
  }
}

function start(args: string[], env: Record<string, string>, readyText: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(readyText)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
  });
}

/**
 * Samples a process's resident set size while `work` runs; returns the peak in MB, with how much
 * of it was anonymous memory (heaps) rather than mapped files (code, SQLite's shared memory).
 */
async function peakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakMb: number; anonMb: number }> {
  let peak = 0;
  let anon = 0;
  const sample = () => {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    if (kb('Rss') / 1024 > peak) {
      peak = kb('Rss') / 1024;
      anon = kb('Anonymous') / 1024;
    }
  };
  const timer = setInterval(sample, 100);
  try {
    const result = await work();
    sample();
    return { result, peakMb: peak, anonMb: anon };
  } finally {
    clearInterval(timer);
  }
}

/** A new schema in the PostgreSQL database, and a URL whose connections use it. */
async function freshSchema(url: string): Promise<string> {
  const schema = `bench_${Date.now()}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

type Presigned = { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };

function presign(f: Fixture, count: number, make: (i: number) => { method: 'GET' | 'POST'; path: string; params: Record<string, unknown> }): Presigned[] {
  const keys = { secretKey: f.app.secret_key, signKey: f.app.sign_key };
  return Array.from({ length: count }, (_, i) => {
    const { method, path, params } = make(i);
    const r = buildBendRequest({ appId: f.app.app_id, keys, method, params });
    const qs = new URLSearchParams(r.query).toString();
    return { method, path: `/api/v1${path}${qs ? `?${qs}` : ''}`, headers: r.headers, ...(r.body ? { body: r.body } : {}) };
  });
}

async function load(url: string, requests: Presigned[] | null, path?: string, duration = SECONDS): Promise<autocannon.Result> {
  let next = 0;
  const opts: autocannon.Options = {
    url,
    connections: CONNECTIONS,
    duration,
    ...(requests
      ? {
          requests: [
            {
              setupRequest: (req: autocannon.Request) => {
                const r = requests[next++];
                if (!r) throw new Error('ran out of pre-signed requests: raise the pool size');
                return { ...req, ...r };
              },
            },
          ],
        }
      : { requests: [{ method: 'GET', path: path! }] }),
  };
  const result = await autocannon(opts);
  if (requests) result.title = `${next} pre-signed requests used of ${requests.length}`;
  return result;
}

const rate = (r: autocannon.Result) => r.requests.average;
const fmt = (n: number, d = 0) => n.toFixed(d);

async function main(): Promise<void> {
  mkdirSync(tmp, { recursive: true });
  const tpDir = join(tmp, 'tradepost');
  const rawDir = join(tmp, 'raw');
  // BENCH_DATABASE_URL=postgres://… runs both servers on a fresh schema there; the raw-loop
  // baseline is SQLite's and is skipped.
  const databaseUrl = PG_URL ? await freshSchema(PG_URL) : undefined;
  const fixture = await prepare(tpDir, databaseUrl);
  const rawFixture = databaseUrl ? null : await prepare(rawDir);
  const env = {
    TRADEPOST_DATA_DIR: tpDir,
    TRADEPOST_DEMO: '0',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  // As `npm start` runs it (package.json): glibc otherwise gives every thread (checkpointer, libuv
  // pool) its own malloc arena, and V8 otherwise lets the old generation grow far past the ~15 MB
  // live heap before collecting; together they made peak RSS swing between 160 and 235 MB.
  const serverEnv = { ...env, MALLOC_ARENA_MAX: '2', NODE_OPTIONS: process.env.NODE_OPTIONS ?? '--max-old-space-size=128' };
  // BENCH_PROFILE=1 writes the server's CPU profile into bench/.tmp/<run>/ for a look afterwards.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${tmp}`] : [];
  // The server runs as `npm start` runs it: the bundled build, plain JavaScript.
  execFileSync('npm', ['run', 'build', '--silent', '-w', '@tradepost/server'], { cwd: root, stdio: 'inherit' });
  const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
  const server = await start([...flags, ...profile, 'apps/server/dist/tradepost.mjs', 'serve'], { ...serverEnv, PORT: '18181' }, 'listening');
  const bare = await start(['--import', 'tsx', 'bench/bare-server.ts'], { ...env, PORT: '18182' }, 'ready');
  const lines: string[] = [];
  const say = (s: string) => {
    lines.push(s);
    process.stdout.write(`${s}\n`);
  };
  try {
    // Warm both servers (JIT, page cache) before measuring.
    await autocannon({ url: 'http://127.0.0.1:18182/products?page=1&page_size=20', connections: 8, duration: 2 });
    await load('http://127.0.0.1:18181', presign(fixture, 20_000, () => ({ method: 'GET', path: '/products', params: { page: '1', page_size: '20' } })), undefined, 2);

    const readPool = presign(fixture, 250_000, () => ({ method: 'GET', path: '/products', params: { page: '1', page_size: '20' } }));
    const bareRead = await load('http://127.0.0.1:18182', null, '/products?page=1&page_size=20');
    const bendRead = await peakRss(server.pid!, () => load('http://127.0.0.1:18181', readPool));

    const rawWrite = rawFixture ? runRawLoop(join(rawDir, 'tradepost.db'), rawFixture, SECONDS) : null;
    const writePool = presign(fixture, 150_000, (i) => ({
      method: 'POST',
      path: '/orders',
      params: {
        goods_id: fixture.goodsId,
        sku_id: fixture.skuId,
        quantity: 1,
        merchant_order_no: `BENCH-${i}`,
        shipping_address: { name: 'Bench', phone: '1', address: '1 Bench St', city: 'Bench', country: 'US', postal_code: '' },
      },
    }));
    const bendWrite = await peakRss(server.pid!, () => load('http://127.0.0.1:18181', writePool));

    const errors = (r: autocannon.Result) => r.non2xx + r.errors;
    say(`\n## Run of ${new Date().toISOString()}`);
    if (databaseUrl) say(`Database: PostgreSQL (${PG_URL}), a fresh schema; server and database share the 2 cores.`);
    say(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${SECONDS} s per test, ${CONNECTIONS} connections.`);
    say('Command: `npm run bench` (BENCH_SECONDS, BENCH_CONNECTIONS to change).\n');
    say('| test | req/s | p50 ms | p99 ms | errors | ratio |');
    say('|---|---|---|---|---|---|');
    say(`| bare Fastify GET /products (no auth, no crypto) | ${fmt(rate(bareRead))} | ${bareRead.latency.p50} | ${bareRead.latency.p99} | ${errors(bareRead)} | 1.00 |`);
    say(`| B-End GET /products (signed + encrypted) | ${fmt(rate(bendRead.result))} | ${bendRead.result.latency.p50} | ${bendRead.result.latency.p99} | ${errors(bendRead.result)} | **${fmt(rate(bendRead.result) / rate(bareRead), 2)}** of bare (target ≥ 0.6) |`);
    const write = `| B-End POST /orders (durable${databaseUrl ? ', PostgreSQL' : ', group commit'}) | ${fmt(rate(bendWrite.result))} | ${bendWrite.result.latency.p50} | ${bendWrite.result.latency.p99} | ${errors(bendWrite.result)} |`;
    if (rawWrite) {
      const rawRate = rawWrite.orders / rawWrite.seconds;
      say(`| raw better-sqlite3 loop, 1 fsync'd txn per order | ${fmt(rawRate)} | – | – | 0 | 1.00 |`);
      say(`${write} **${fmt(rate(bendWrite.result) / rawRate, 2)}** of raw (target ≥ 1.0; p99 target < 25 ms) |`);
    } else {
      say(`${write} – (the raw-loop baseline is SQLite's) |`);
    }
    say(
      `\nServer peak RSS: ${fmt(bendRead.peakMb)} MB under reads (${fmt(bendRead.anonMb)} MB anonymous), ` +
        `${fmt(bendWrite.peakMb)} MB under writes (${fmt(bendWrite.anonMb)} MB anonymous); target < 200 MB.`,
    );
    say(`Pre-signed pools: reads ${bendRead.result.title}; writes ${bendWrite.result.title}.`);
  } finally {
    server.kill('SIGTERM');
    bare.kill('SIGTERM');
  }
  appendFileSync(join(root, 'bench', 'RESULTS.md'), `${lines.join('\n')}\n`);
}

await main();
