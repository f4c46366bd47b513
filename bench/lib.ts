/**
 * The bench's moving parts: data dirs (a catalog of any size, a ledger of any length), server
 * processes, pre-signed B-End requests, autocannon load, RSS sampling. bench/run.ts composes them.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildBendRequest, verifyBendResponse } from '@tradepost/protocol';
import { loadConfig } from '../apps/server/src/config.ts';
import { createContext } from '../apps/server/src/context.ts';
import { generateDemoCatalog } from '../apps/server/src/catalog-data/demo-catalog.ts';
import type { ProductInput } from '../apps/server/src/services.ts';
import type { RawLoopFixture } from './raw-sqlite-loop.ts';

export const root = new URL('..', import.meta.url).pathname;

export interface Fixture extends RawLoopFixture {
  app: { app_id: string; secret_key: string; sign_key: string };
  /** `merchants` more merchants, each with its own App and its own SKU of the bench product. */
  others: Fixture[];
}

/** `n` generated products of one SKU each, in chunks (a 100k list is never held at once). */
export function* generated(n: number, chunk = 5000): Generator<ProductInput[]> {
  for (let start = 0; start < n; start += chunk) {
    yield Array.from({ length: Math.min(chunk, n - start) }, (_, k) => {
      const i = start + k;
      return {
        goods_id: `GROW-${i}`,
        title: `Growth product ${i}`,
        description: `Filler for the growth series, number ${i}.`,
        category: `Grow ${i % 50}`,
        images: [`https://img.example.com/grow/${i}.jpg`],
        currency: 'USD',
        skus: [{ sku_id: `GROW-SKU-${i}`, spec: 'Size: M', price: `${(i % 900) + 1}.25`, stock: 1000 }],
      };
    });
  }
}

/**
 * A data dir (or PostgreSQL schema) with the demo catalog plus `extraProducts` generated ones,
 * a bench product with endless stock (the newest, so it is on page 1), and a rich merchant
 * whose ledger holds `ledgerEntries` entries.
 */
export async function prepare(
  dataDir: string,
  opts: {
    databaseUrl?: string | undefined;
    extraProducts?: number;
    ledgerEntries?: number;
    merchants?: number;
  },
): Promise<Fixture> {
  const ctx = await createContext(
    loadConfig({
      TRADEPOST_DATA_DIR: dataDir,
      TRADEPOST_DEMO: '0',
      ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    }),
  );
  try {
    await ctx.services.catalog.upsertProducts(generateDemoCatalog());
    for (const chunk of generated(opts.extraProducts ?? 0)) await ctx.services.catalog.upsertProducts(chunk);
    await ctx.services.catalog.upsertProducts([
      {
        goods_id: 'BENCH-GOODS',
        title: 'Bench widget',
        description: 'Stocked for benchmarks.',
        category: 'Bench',
        images: [],
        currency: 'USD',
        skus: [
          { sku_id: 'BENCH-SKU', spec: 'Size: M', price: '1.00', stock: 1_000_000_000 },
          ...Array.from({ length: opts.merchants ?? 0 }, (_, i) => ({
            sku_id: `BENCH-SKU-${i}`,
            spec: `Lane: ${i}`,
            price: '1.00',
            stock: 1_000_000_000,
          })),
        ],
      },
    ]);
    const others: Fixture[] = [];
    for (let i = 0; i < (opts.merchants ?? 0); i++) {
      const m = await ctx.services.merchants.create({
        email: `bench-${i}@example.com`,
        password: 'bench-password',
        name: `Bench Co ${i}`,
        creditLimit: '100000000.00',
        currency: 'USD',
      });
      const a = await ctx.services.apps.create(m.merchantId, 'bench');
      others.push({
        merchantId: m.merchantId,
        goodsId: 'BENCH-GOODS',
        skuId: `BENCH-SKU-${i}`,
        appId: a.app_id,
        app: a,
        others: [],
      });
    }
    const { merchantId } = await ctx.services.merchants.create({
      email: 'bench@example.com',
      password: 'bench-password',
      name: 'Bench Co',
      creditLimit: '100000000.00',
      currency: 'USD',
    });
    await fillLedger(ctx, merchantId, (opts.ledgerEntries ?? 10) - 1);
    const app = await ctx.services.apps.create(merchantId, 'bench');
    return { merchantId, goodsId: 'BENCH-GOODS', skuId: 'BENCH-SKU', appId: app.app_id, app, others };
  } finally {
    await ctx.close();
  }
}

/** `count` more zero-amount ledger entries after the opening one, written in bulk. */
async function fillLedger(ctx: Awaited<ReturnType<typeof createContext>>, merchantId: string, count: number) {
  if (count <= 0) return;
  const account = await ctx.db
    .selectFrom('credit_accounts')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .executeTakeFirstOrThrow();
  const available = account.credit_limit - account.used;
  const now = new Date().toISOString();
  await ctx.writer.run(async (trx) => {
    for (let start = 0; start < count; start += 500) {
      const rows = Array.from({ length: Math.min(500, count - start) }, (_, k) => ({
        reference_no: `CTXBENCH${start + k}`,
        merchant_id: merchantId,
        seq: account.ledger_seq + start + k + 1,
        type: 'adjustment' as const,
        amount: 0,
        balance_before: available,
        balance_after: available,
        currency: account.currency,
        order_no: null,
        description: 'Bench filler',
        created_at: now,
      }));
      await trx.insertInto('credit_transactions').values(rows).execute();
    }
    await trx
      .updateTable('credit_accounts')
      .set({ ledger_seq: account.ledger_seq + count })
      .where('merchant_id', '=', merchantId)
      .execute();
  });
}

/** The environment of a bench server process: as `npm start` runs it, on its own data dir. */
export function serverEnv(
  dataDir: string,
  databaseUrl: string | undefined,
  extra: Record<string, string> = {},
) {
  return {
    TRADEPOST_DATA_DIR: dataDir,
    TRADEPOST_DEMO: '0',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    // As `npm start` runs it (package.json): glibc otherwise gives every thread its own malloc
    // arena, and V8 otherwise lets the old generation grow far past the live heap.
    MALLOC_ARENA_MAX: '2',
    // Not the bench's own NODE_OPTIONS (`npm run bench` sets --conditions for its TypeScript):
    // servers run the built bundle with npm start's cap unless BENCH_SERVER_NODE_OPTIONS says.
    NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS ?? '--max-old-space-size=128',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...extra,
  };
}

/**
 * Every server a bench started and has not seen exit: killed when the bench process exits, however
 * it ends (an uncaught throw from autocannon's setupRequest when a pool runs out skips `finally`).
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function start(args: string[], env: Record<string, string>, readyText: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(readyText)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
  });
}

/**
 * The floor yardstick (bench/floor-server.ts) for `fixtures`' Apps: only what any design must do
 * for a B-End order, on the same stack, run as the servers are (arena cap, 128 MB old space).
 */
export const startFloor = (
  port: number,
  fixtures: Fixture[],
  env: Record<string, string>,
  /** Node's own flags (e.g. --cpu-prof, which NODE_OPTIONS may not carry). */
  nodeArgs: string[] = [],
) =>
  start(
    [...nodeArgs, '--import', 'tsx', 'bench/floor-server.ts'],
    {
      PORT: String(port),
      FLOOR_APPS: JSON.stringify(fixtures.map((f) => ({ ...f.app, merchant_id: f.merchantId }))),
      MALLOC_ARENA_MAX: '2',
      NODE_OPTIONS: '--conditions=@tradepost/source --max-old-space-size=128',
      ...env,
    },
    'ready',
  );

export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * Resident set size of `pid`, and its anonymous part (heaps, not mapped files), in MB. From
 * /proc/<pid>/status (the kernel's counters, ~30 µs a read), not smaps_rollup: that one walks the
 * page tables, ~3 ms a read of a 100 MB server, and RssWatch's sampling then took 10-15% of a core
 * from the servers under test (but not from the raw loop or pgbench, which block the event loop).
 */
export function rssOf(pid: number): { rss: number; anon: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024 };
}

/** Peak RSS of every process in `pids` while `work` runs, sampled every 100 ms. */
export class RssWatch {
  readonly peaks = new Map<string, { rss: number; anon: number; during: string }>();
  #timer: NodeJS.Timeout | undefined;
  #during = 'start';
  constructor(private readonly pids: Map<string, number>) {
    this.#timer = setInterval(() => this.sample(), 100);
  }
  phase(name: string): void {
    this.#during = name;
  }
  sample(): void {
    for (const [name, pid] of this.pids) {
      try {
        const r = rssOf(pid);
        const peak = this.peaks.get(name);
        if (!peak || r.rss > peak.rss) this.peaks.set(name, { ...r, during: this.#during });
      } catch {
        // the process has exited
      }
    }
  }
  stop(): void {
    clearInterval(this.#timer);
  }
}

/** A new schema in the PostgreSQL database, and a URL whose connections use it. */
export async function freshSchema(url: string, name: string): Promise<string> {
  const schema = `bench_${name}_${Date.now()}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

export type Presigned = {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
};
type Make = (i: number) => { method: 'GET' | 'POST'; path: string; params: Record<string, unknown> };

export function presign(f: Fixture, count: number, make: Make): Presigned[] {
  const keys = { secretKey: f.app.secret_key, signKey: f.app.sign_key };
  return Array.from({ length: count }, (_, i) => {
    const { method, path, params } = make(i);
    const r = buildBendRequest({ appId: f.app.app_id, keys, method, params });
    const qs = new URLSearchParams(r.query).toString();
    return {
      method,
      path: `/api/v1${path}${qs ? `?${qs}` : ''}`,
      headers: r.headers,
      ...(r.body ? { body: r.body } : {}),
    };
  });
}

/** One signed request, answered and decrypted: the raw body and its `data`. */
export async function call(
  base: string,
  f: Fixture,
  path: string,
  params: Record<string, string>,
): Promise<{ body: Buffer; contentType: string; data: unknown }> {
  const [r] = presign(f, 1, () => ({ method: 'GET', path, params }));
  const res = await fetch(`${base}${r!.path}`, { headers: r!.headers });
  const body = Buffer.from(await res.arrayBuffer());
  const v = verifyBendResponse(body.toString(), {
    appId: f.app.app_id,
    keys: { secretKey: f.app.secret_key, signKey: f.app.sign_key },
  });
  if (!v.ok || v.value.code !== 0) throw new Error(`${path}: ${JSON.stringify(v)}`);
  return { body, contentType: res.headers.get('content-type') ?? 'application/json', data: v.value.data };
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  used: number;
  /** With `amount`: seconds from the start to the last answer (autocannon ends on its 1 s tick). */
  seconds?: number;
}

/**
 * The load generator: `autocannon` (in this process, the default) or `wrk` (BENCH_LOADER=wrk; a C
 * process with LuaJIT, `apt-get install wrk`, what the issue's outside measurement used). On this
 * 2-core machine the generator shares the cores with the server under test: measured as the
 * bench's "load generator" CPU (which also counts this process's own sampling), wrk took 38–85 µs
 * per order and autocannon 48–91 in the same rounds. The yardsticks that run in this process (the
 * raw loops) carry no load generator at all.
 */
export const LOADER: 'autocannon' | 'wrk' = process.env.BENCH_LOADER === 'wrk' ? 'wrk' : 'autocannon';

/** Pre-signed requests (or one plain path) against `url`, for `seconds` (or `amount` requests), by LOADER. */
export function load(
  url: string,
  opts: { requests?: Presigned[]; path?: string; seconds: number; connections: number; amount?: number },
  loader = LOADER,
): Promise<LoadResult> {
  return loader === 'wrk' && !opts.amount ? loadWrk(url, opts) : loadAutocannon(url, opts);
}

const WRK_SCRIPT = join(root, 'bench', 'wrk-pool.lua');
const WRK_THREADS = Number(process.env.BENCH_WRK_THREADS ?? 1);

/**
 * wrk with bench/wrk-pool.lua: the pool is written as raw HTTP/1.1 requests (NUL-separated), each
 * sent once, in order; a plain path is one request sent again and again.
 */
async function loadWrk(
  url: string,
  opts: { requests?: Presigned[]; path?: string; seconds: number; connections: number },
): Promise<LoadResult> {
  const host = new URL(url).host;
  const raw = (r: Presigned) => {
    const body = r.body ?? '';
    const headers = Object.entries(r.headers)
      .filter(([k]) => k.toLowerCase() !== 'content-length' && k.toLowerCase() !== 'host')
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    const length = body || r.method === 'POST' ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : '';
    return `${r.method} ${r.path} HTTP/1.1\r\nHost: ${host}\r\n${headers}${length}\r\n${body}`;
  };
  const dir = mkdtempSync(join(tmpdir(), 'bench-wrk-'));
  try {
    const poolFile = join(dir, 'pool');
    const pool = opts.requests ?? [{ method: 'GET' as const, path: opts.path!, headers: {} }];
    writeFileSync(poolFile, pool.map(raw).join('\0'));
    const { stdout } = await promisify(execFile)(
      'wrk',
      [
        `-t${WRK_THREADS}`,
        `-c${opts.connections}`,
        `-d${opts.seconds}s`,
        '--timeout',
        '30s',
        '-s',
        WRK_SCRIPT,
        url,
        '--',
        poolFile,
        String(WRK_THREADS),
        opts.requests ? 'once' : 'repeat',
      ],
      { maxBuffer: 1 << 20 },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('WRK_RESULT '));
    if (!line) throw new Error(`wrk printed no result: ${stdout}`);
    const r = JSON.parse(line.slice('WRK_RESULT '.length)) as {
      requests: number;
      duration_us: number;
      errors: number;
      p50_us: number;
      p99_us: number;
      ran_out: number;
    };
    if (opts.requests && r.ran_out > 0)
      throw new Error(`ran out of pre-signed requests (${pool.length}) against ${url}: raise the pool size`);
    return {
      rps: r.requests / (r.duration_us / 1e6),
      p50: Math.round(r.p50_us / 100) / 10,
      p99: Math.round(r.p99_us / 100) / 10,
      errors: r.errors,
      used: r.requests,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** autocannon against `url` with pre-signed requests (or one plain path), for `seconds` (or `amount` requests). */
async function loadAutocannon(
  url: string,
  opts: { requests?: Presigned[]; path?: string; seconds: number; connections: number; amount?: number },
): Promise<LoadResult> {
  let next = 0;
  const pool = opts.requests;
  const t0 = performance.now();
  let last = t0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon(
      {
        url,
        connections: opts.connections,
        duration: opts.seconds,
        ...(opts.amount ? { amount: opts.amount } : {}),
        requests: pool
          ? [
              {
                setupRequest: (req: autocannon.Request) => {
                  const r = pool[next++];
                  if (!r)
                    throw new Error(
                      `ran out of pre-signed requests (${pool.length}) against ${url}: raise the pool size`,
                    );
                  return { ...req, ...r };
                },
              },
            ]
          : [{ method: 'GET', path: opts.path! }],
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    if (opts.amount) run.on('response', () => (last = performance.now()));
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
    used: next,
    ...(opts.amount ? { seconds: (last - t0) / 1000 } : {}),
  };
}

/** The shipping address every benched order carries. */
export const BENCH_SHIPPING = {
  name: 'Bench',
  phone: '1',
  address: '1 Bench St',
  city: 'Bench',
  country: 'US',
  postal_code: '',
};

/** `count` pre-signed B-End orders of one unit of `f`'s SKU (or `skuId`), numbered `${prefix}-${i}`. */
export function presignOrders(f: Fixture, count: number, prefix: string, skuId = f.skuId): Presigned[] {
  return presign(f, count, (i) => ({
    method: 'POST',
    path: '/orders',
    params: {
      goods_id: f.goodsId,
      sku_id: skuId,
      quantity: 1,
      merchant_order_no: `${prefix}-${i}`,
      shipping_address: BENCH_SHIPPING,
    },
  }));
}

/**
 * Orders from `f.others`, request i by merchant i mod n, each on its own SKU or all on `oneSku`
 * (a SKU of the main merchant's product is orderable by every merchant).
 */
export function presignManyMerchantOrders(
  f: Fixture,
  count: number,
  prefix: string,
  oneSku?: string,
): Presigned[] {
  const pools = f.others.map((o, m) =>
    presignOrders(o, Math.ceil(count / f.others.length), `${prefix}-${m}`, oneSku ?? o.skuId),
  );
  return Array.from({ length: count }, (_, i) => pools[i % pools.length]![Math.floor(i / pools.length)]!);
}

/** CPU seconds (utime + stime, + reaped children's with `withChildren`) of a process; 0 once it exited. */
/** The live children of `pid` (a `serve --workers` primary's workers). */
export function workerPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
}

/** CPU seconds of a server: the process and its live children (cluster workers). */
export function treeCpuSeconds(pid: number): number {
  return workerPids(pid).reduce((t, child) => t + cpuSeconds(child), cpuSeconds(pid));
}

export function cpuSeconds(pid: number | 'self', withChildren = false): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
    return ticks / 100; // CLK_TCK
  } catch {
    return 0;
  }
}
