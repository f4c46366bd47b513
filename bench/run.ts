/**
 * `npm run bench`: every comparison side by side with its yardstick in the same run, interleaved
 * and repeated (this is a shared 2-core machine: absolute figures drift, ratios measured together
 * hold better). Load comes from autocannon in this process, or from wrk (BENCH_LOADER=wrk: a C
 * process, the issue's own tool; lib.ts `load`); every B-End request is signed and
 * encrypted BEFORE its test starts, so signing does not take the server's cores. Each server runs
 * in its own process, as `npm start` runs it (the esbuild bundle, MALLOC_ARENA_MAX=2, 128 MB old
 * generation).
 *
 *   reads   B-End GET /products page 1, 32 conns   vs a bare Fastify route sending the same bytes
 *           from memory, and vs that route also doing bend-v1's crypto (the protocol's own floor)
 *   growth  1 conn, p50 per request, caches off:   page 1, last page (offset and keyset), ledger
 *           page 1 — at 265 products / 10 entries vs at BENCH_CATALOG (100k) / as many entries
 *   stall   B-End POST /orders, 32 conns, 100k catalog: alone vs with 2 conns reading page 1
 *           (+ on 1 conn: server CPU of a read right after an order, of one without, of an order)
 *   writes  B-End POST /orders, 32 conns           vs a raw better-sqlite3 loop (SQLite only),
 *           and vs the floor server (bench/floor-server.ts: only what any design must do per order)
 *   import  `tradepost catalog import` of a BENCH_CATALOG-product CSV: peak RSS
 *   pg      (BENCH_DATABASE_URL) pgbench one-row and tpcb-like vs the floor server vs B-End orders,
 *           one merchant and 32; CPU µs per txn of server / postgres / load generator, and the
 *           CPU model's bound (cores ÷ that CPU: the rate the machine allows at that cost). The
 *           postgres column counts the backends of BENCH_DATABASE_URL's database and pgbench's:
 *           on a shared machine give the bench a database of its own
 *   + peak RSS of every server through all of it
 *
 * Env: BENCH_SECONDS (10), BENCH_ROUNDS (2), BENCH_CONNECTIONS (32), BENCH_CATALOG (100000),
 * BENCH_ONLY=reads,growth,stall,writes,import (a subset), BENCH_QUICK=1 (4 s, 1 round, 20k
 * catalog: a smoke run), BENCH_DATABASE_URL=postgres://… (every server on a fresh schema there),
 * BENCH_BASELINE_BUNDLE=path/to/tradepost.mjs (PostgreSQL: another build's orders, interleaved;
 * SQLite: the stall test, and the writes test's B-End orders, on another build too, each round
 * beside this build's), BENCH_PORT_BASE (18180: the bench uses base+1…base+9), BENCH_LOADER=wrk
 * (`apt-get install wrk`; BENCH_WRK_THREADS, default 1).
 * Results are printed and appended to bench/RESULTS.md.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import {
  appendFileSync,
  copyFileSync,
  cpSync,
  createWriteStream,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import Sqlite from 'better-sqlite3';
import { runRawLoop } from './raw-sqlite-loop.ts';
import {
  presignOrders,
  presignManyMerchantOrders,
  cpuSeconds,
  treeCpuSeconds,
  workerPids,
  call,
  type Fixture,
  freshSchema,
  load,
  LOADER,
  type LoadResult,
  prepare,
  presign,
  type Presigned,
  root,
  RssWatch,
  rssOf,
  serverEnv,
  start,
  startFloor,
  stop,
} from './lib.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 4 : 10));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 2));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const BIG = Number(process.env.BENCH_CATALOG ?? (QUICK ? 20_000 : 100_000));
const ONLY = new Set((process.env.BENCH_ONLY ?? 'reads,growth,stall,writes,import,pg').split(','));
const PG_URL = process.env.BENCH_DATABASE_URL;
/** PostgreSQL section: another server bundle to run interleaved with this one (before/after). */
const BASELINE = process.env.BENCH_BASELINE_BUNDLE;
const tmp = join(root, 'bench', '.tmp', String(Date.now()));
const execFileAsync = promisify(execFile);
/** First of the bench's ports (BENCH_PORT_BASE, default 18180): several people bench on one machine. */
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 18180);
/** The floor yardstick's port (bench/floor-server.ts); the Tradepost servers use base+1…base+7. */
const FLOOR_PORT = PORT_BASE + 8;
/** pgbench's database, beside BENCH_DATABASE_URL's. */
const PGBENCH_DB = 'tradepost_pgbench';

const lines: string[] = [];
const say = (s: string) => {
  lines.push(s);
  process.stdout.write(`${s}\n`);
};
const fmt = (n: number, d = 0) => n.toFixed(d);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Sequential requests on one keep-alive connection each, alternating between the targets. */
async function latencies(
  targets: { port: number; requests: Presigned[] }[],
  count: number,
): Promise<number[][]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const samples = targets.map(() => [] as number[]);
  for (let i = 0; i < count; i++) {
    for (const [t, target] of targets.entries()) {
      const r = target.requests[i]!;
      const t0 = process.hrtime.bigint();
      await new Promise<void>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: target.port, path: r.path, method: r.method, headers: r.headers, agent },
          (res) => {
            res.resume();
            res.on('end', () =>
              res.statusCode === 200
                ? resolve()
                : reject(new Error(`status ${res.statusCode} for ${r.path}`)),
            );
          },
        );
        req.on('error', reject);
        req.end(r.body);
      });
      samples[t]!.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  agent.destroy();
  return samples;
}

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** CPU used so far by `servers` and by the load generator (this process: autocannon; plus its reaped children: pgbench). */
function cpu(servers: number[]): { servers: number; client: number } {
  const self = process.cpuUsage();
  return {
    servers: servers.reduce((sum, pid) => sum + treeCpuSeconds(pid), 0),
    client: (self.user + self.system) / 1e6 + (cpuSeconds('self', true) - cpuSeconds('self')),
  };
}

/**
 * CPU of the PostgreSQL processes that work for this bench while a window is open: backends of
 * its databases (the servers' schema's and pgbench's) and the WAL writer, checkpointer and
 * background writer — not the backends of other databases (other users of a shared machine).
 * Backends end with their connection (pgbench's with each run), so they are sampled every 200 ms
 * and a backend's last ≤ 200 ms before it exits are missed.
 */
function pgWindow(databases: string[]): { end(): number } {
  const postmaster = readdirSync('/proc').find((e) => {
    if (!/^\d+$/.test(e)) return false;
    try {
      if (readFileSync(`/proc/${e}/comm`, 'utf8').trim() !== 'postgres') return false;
      const ppid = readFileSync(`/proc/${e}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]!;
      return readFileSync(`/proc/${ppid}/comm`, 'utf8').trim() !== 'postgres';
    } catch {
      return false;
    }
  });
  const ours = new RegExp(
    `: (checkpointer|background writer|walwriter)|: \\S+ (${databases.map((d) => d.replace(/\W/g, '\\$&')).join('|')}) `,
  );
  const sample = (): Map<number, number> => {
    const seen = new Map<number, number>();
    if (!postmaster) return seen;
    try {
      for (const pid of readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8').split(' ')) {
        if (!pid) continue;
        try {
          if (ours.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8')))
            seen.set(Number(pid), cpuSeconds(Number(pid)));
        } catch {
          // gone
        }
      }
    } catch {
      // postmaster gone
    }
    return seen;
  };
  const first = sample();
  const last = new Map(first);
  const timer = setInterval(() => {
    for (const [pid, s] of sample()) last.set(pid, s);
  }, 200);
  return {
    end() {
      clearInterval(timer);
      for (const [pid, s] of sample()) last.set(pid, s);
      let total = 0;
      for (const [pid, s] of last) total += s - (first.get(pid) ?? 0);
      return total;
    },
  };
}

/** CPU µs per transaction of each side, with the CPU model's bound: cores ÷ their sum. */
interface CpuPer<T> {
  value: T;
  /** `server / postgres / load generator` µs per transaction over `count` transactions. */
  per(count: number): string;
  /** The sum of the three, µs per transaction. */
  total(count: number): number;
  /** Transactions per second the cores allow at that cost: cores ÷ total. */
  bound(count: number): number;
}

/**
 * CPU used by `servers`, postgres and the load generator while `work` runs. `postgres: false`
 * (SQLite runs) leaves PostgreSQL out: its processes serve other users of the machine then.
 */
async function cpuPer<T>(
  servers: number[],
  work: () => T | Promise<T>,
  opts: { postgres: boolean } = { postgres: true },
): Promise<CpuPer<T>> {
  const before = cpu(servers);
  const pgw = opts.postgres && PG_URL ? pgWindow([new URL(PG_URL).pathname.slice(1), PGBENCH_DB]) : undefined;
  const value = await work();
  const pgSeconds = pgw?.end() ?? 0;
  const after = cpu(servers);
  const us = (k: 'servers' | 'postgres' | 'client', n: number) =>
    ((k === 'postgres' ? pgSeconds : after[k] - before[k]) / Math.max(1, n)) * 1e6;
  const total = (n: number) => us('servers', n) + us('postgres', n) + us('client', n);
  return {
    value,
    per: (n) =>
      `${servers.length ? fmt(us('servers', n)) : '–'} / ${opts.postgres ? fmt(us('postgres', n)) : '–'} / ${fmt(us('client', n))}`,
    total,
    bound: (n) => (cpus().length * 1e6) / Math.max(1, total(n)),
  };
}

/**
 * Pre-signed requests per second of a test (the stall and PostgreSQL sections): room above the
 * fastest rate seen there. A test that runs its pool dry stops the bench (bench/lib.ts `load`).
 */
const POOL_RATE = 8_000;
const orderPool = (f: Fixture, count: number, tag: string) => presignOrders(f, count, `BENCH-${tag}`);
/** Orders from `f.others`, request i by merchant i mod n: all on one SKU, or each on its own. */
const manyMerchantPool = (f: Fixture, count: number, tag: string, oneSku: boolean) =>
  presignManyMerchantOrders(f, count, `BENCH-${tag}`, oneSku ? f.skuId : undefined);
const readPool = (
  f: Fixture,
  count: number,
  params: Record<string, string> = { page: '1', page_size: '20' },
) => presign(f, count, () => ({ method: 'GET', path: '/products', params }));

async function main(): Promise<void> {
  mkdirSync(tmp, { recursive: true });
  const url = (name: string) => (PG_URL ? freshSchema(PG_URL, name) : Promise.resolve(undefined));
  const smallUrl = await url('small');
  const bigUrl = await url('big');
  say(`\n## Run of ${new Date().toISOString()}`);
  if (PG_URL)
    say(
      `Database: PostgreSQL (${PG_URL}), fresh schemas; server, database and load generator share the cores.`,
    );
  say(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${SECONDS} s per test, ` +
      `${ROUNDS} interleaved round(s), ${CONNECTIONS} connections, big catalog ${BIG} products, load from ${LOADER}.`,
  );
  say(
    `Command: \`${QUICK ? 'BENCH_QUICK=1 ' : ''}${PG_URL ? 'BENCH_DATABASE_URL=… ' : ''}${BASELINE ? `BENCH_BASELINE_BUNDLE=${BASELINE} ` : ''}${LOADER === 'wrk' ? 'BENCH_LOADER=wrk ' : ''}npm run bench\`${ONLY.size < 5 ? ` (BENCH_ONLY=${[...ONLY].join(',')})` : ''}.\n`,
  );

  const t0 = Date.now();
  const small = await prepare(join(tmp, 'small'), {
    databaseUrl: smallUrl,
    ledgerEntries: 10,
    merchants: PG_URL ? CONNECTIONS : 0,
  });
  const big = await prepare(join(tmp, 'big'), {
    databaseUrl: bigUrl,
    extraProducts: BIG,
    ledgerEntries: BIG,
  });
  process.stdout.write(`prepared in ${fmt((Date.now() - t0) / 1000)} s\n`);
  // One `serve` per SQLite data dir (serve.lock): every other server on a fixture runs on a copy
  // of it, made before any server opens it (same Apps, same credit). On PostgreSQL the data dir
  // holds only the master key, and servers share the schema.
  const copyOf = (name: 'small' | 'big', as: string) => {
    if (PG_URL) return join(tmp, name);
    cpSync(join(tmp, name), join(tmp, as), { recursive: true });
    return join(tmp, as);
  };
  const smallBaselineDir = BASELINE && ONLY.has('writes') ? copyOf('small', 'small-baseline') : '';
  const smallWorkersDir = ONLY.has('writes') ? copyOf('small', 'small-workers') : '';
  const [smallNoCacheDir, bigNoCacheDir] = ONLY.has('growth')
    ? [copyOf('small', 'small-nocache'), copyOf('big', 'big-nocache')]
    : ['', ''];

  execFileSync('npm', ['run', 'build', '--silent', '-w', '@tradepost/server'], {
    cwd: root,
    stdio: 'inherit',
  });
  const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${tmp}`] : [];
  const serve = (
    port: number,
    dir: string,
    dbUrl: string | undefined,
    extra?: Record<string, string>,
    bundle = 'apps/server/dist/tradepost.mjs',
    serveArgs: string[] = [],
  ) =>
    start(
      [...flags, ...profile, bundle, 'serve', ...serveArgs],
      { ...serverEnv(dir, dbUrl, extra), PORT: String(port) },
      'listening',
    );
  const smallServer = await serve(PORT_BASE + 1, join(tmp, 'small'), smallUrl);
  const bigServer = await serve(PORT_BASE + 3, join(tmp, 'big'), bigUrl);
  const pids = new Map([
    ['server, 265 products', smallServer.pid!],
    [`server, ${BIG} products`, bigServer.pid!],
  ]);
  const watch = new RssWatch(pids);
  const children = [smallServer, bigServer];
  /** A process started during the run: stopped with the servers, its RSS watched as `name`. */
  const watched = <T extends ChildProcess>(name: string, child: T): T => {
    children.push(child);
    pids.set(name, child.pid!);
    return child;
  };
  /**
   * The floor yardstick on FLOOR_PORT and a second floor process on FLOOR_PORT + 1, on one
   * database (what spreading the HTTP and crypto over both cores gives: each process commits on
   * its own), for `fixtures`' Apps; watched and stopped with the servers, then warmed up with 2 s
   * of orders (`warm` presigned) from the first fixture.
   */
  const startFloorPair = async (
    database: string,
    fixtures: Fixture[],
    env: Record<string, string>,
    warm: number,
  ) => {
    const floor = watched(`floor yardstick (${database})`, await startFloor(FLOOR_PORT, fixtures, env));
    const floor2 = watched(
      `second floor process (${database})`,
      await startFloor(FLOOR_PORT + 1, fixtures, env),
    );
    await load(`http://127.0.0.1:${FLOOR_PORT}`, {
      requests: orderPool(fixtures[0]!, warm, 'fwarm'),
      seconds: 2,
      connections: 8,
    });
    return [floor, floor2] as const;
  };
  const rows: string[] = ['| test | req/s | p50 ms | p99 ms | errors | ratio |', '|---|---|---|---|---|---|'];
  const row = (name: string, r: LoadResult, ratio: string) =>
    rows.push(`| ${name} | ${fmt(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} | ${ratio} |`);
  try {
    // ---- reads: B-End vs the same bytes from memory -------------------------------------------
    if (ONLY.has('reads')) {
      watch.phase('reads');
      const captured = await call(`http://127.0.0.1:${PORT_BASE + 1}`, small, '/products', {
        page: '1',
        page_size: '20',
      });
      const bodyFile = join(tmp, 'page1.json');
      writeFileSync(bodyFile, captured.body);
      const bare = watched(
        'bare yardstick',
        await start(
          ['--import', 'tsx', 'bench/bare-server.ts'],
          { PORT: String(PORT_BASE + 2), BENCH_BODY_FILE: bodyFile, BENCH_BODY_TYPE: captured.contentType },
          'ready',
        ),
      );
      // The protocol's own floor: the same route, also doing what bend-v1.md requires of any
      // server for this GET (verify the signed request, replay guard in memory, a fresh envelope
      // of the same page), and nothing else: no database, no rate limit, no hooks.
      const appFile = join(tmp, 'page1-app.json');
      writeFileSync(appFile, JSON.stringify(small.app));
      const CRYPTO_PORT = PORT_BASE + 10;
      const cryptoFloor = watched(
        'bare + protocol crypto yardstick',
        await start(
          ['--import', 'tsx', 'bench/bare-server.ts'],
          {
            PORT: String(CRYPTO_PORT),
            BENCH_BODY_FILE: bodyFile,
            BENCH_BODY_TYPE: captured.contentType,
            BENCH_BEND_APP: appFile,
            BENCH_PATH: '/api/v1/products', // the signed requests' own path
          },
          'ready',
        ),
      );
      await load(`http://127.0.0.1:${PORT_BASE + 2}`, { path: '/products', seconds: 2, connections: 8 });
      for (const port of [CRYPTO_PORT, PORT_BASE + 1])
        await load(`http://127.0.0.1:${port}`, {
          requests: readPool(small, 20_000),
          seconds: 2,
          connections: 8,
        });
      const ratios: number[] = [];
      const floorRatios: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        // Each with its server's CPU per request (and the load generator's), measured around it.
        const cpuOf = (server: ChildProcess, work: () => Promise<LoadResult>) =>
          cpuPer([server.pid!], work, { postgres: false });
        const bare1 = await cpuOf(bare, () =>
          load(`http://127.0.0.1:${PORT_BASE + 2}`, {
            path: '/products',
            seconds: SECONDS,
            connections: CONNECTIONS,
          }),
        );
        const b = bare1.value;
        // Signed before the measured window, so the load generator's CPU is only its own.
        const signedPool = () => readPool(small, Math.ceil(b.rps * SECONDS * 1.2) + 10_000);
        const [cryptoPool, bendPool] = [signedPool(), signedPool()];
        const crypto1 = await cpuOf(cryptoFloor, () =>
          load(`http://127.0.0.1:${CRYPTO_PORT}`, {
            requests: cryptoPool,
            seconds: SECONDS,
            connections: CONNECTIONS,
          }),
        );
        const c = crypto1.value;
        const bend1 = await cpuOf(smallServer, () =>
          load(`http://127.0.0.1:${PORT_BASE + 1}`, {
            requests: bendPool,
            seconds: SECONDS,
            connections: CONNECTIONS,
          }),
        );
        const e = bend1.value;
        const cpuNote = (x: CpuPer<LoadResult>) =>
          `; CPU µs per request, server / load generator: ${x.per(x.value.rps * SECONDS).replace(' / – ', ' ')}`;
        ratios.push(e.rps / b.rps);
        floorRatios.push(c.rps / b.rps);
        row(
          `reads r${round}: bare Fastify, same ${captured.body.length} bytes from memory`,
          b,
          `1.00${cpuNote(bare1)}`,
        );
        row(
          `reads r${round}: bare + bend-v1 crypto from memory (verify, replay guard, fresh envelope)`,
          c,
          `**${fmt(c.rps / b.rps, 2)}** of bare${cpuNote(crypto1)}`,
        );
        row(
          `reads r${round}: B-End GET /products page 1 (signed + encrypted)`,
          e,
          `**${fmt(e.rps / b.rps, 2)}** of bare, **${fmt(e.rps / c.rps, 2)}** of bare + crypto${cpuNote(bend1)}`,
        );
      }
      const list = (xs: number[]) => xs.map((r) => fmt(r, 2)).join(', ');
      say(
        `Reads: B-End / bare = **${fmt(mean(ratios), 2)}** (rounds: ${list(ratios)}; target ≥ 0.5); ` +
          `bare + crypto / bare = **${fmt(mean(floorRatios), 2)}** (${list(floorRatios)}): no bend-v1 server gets past it.`,
      );
      await stop(bare);
      await stop(cryptoFloor);
    }

    // ---- writes: B-End vs the floor server vs the raw loop ------------------------------------
    if (ONLY.has('writes') && !PG_URL) {
      watch.phase('writes');
      const rawDir = join(tmp, 'raw');
      const rawFixture = await prepare(rawDir, { ledgerEntries: 10 });
      // The floor yardstick on its own data dir, a fixture like the raw loop's.
      const floorDir = join(tmp, 'floor');
      const floorFixture = await prepare(floorDir, { ledgerEntries: 10 });
      // Two floor processes on one file: SQLite serializes their commits.
      const [floor, floor2] = await startFloorPair(
        'SQLite',
        [floorFixture],
        { FLOOR_SQLITE: join(floorDir, 'tradepost.db') },
        20_000,
      );
      // B-End as `serve --workers 2` on a copy of the small fixture, its own port (the lone server
      // idles meanwhile): what spreading HTTP and crypto over both cores gives the whole server,
      // each worker committing with synchronous=FULL (docs/scaling.md "SQLite: serve --workers N").
      const smallWorkers = watched(
        'serve --workers 2 (primary), 265 products',
        await serve(PORT_BASE + 11, smallWorkersDir, smallUrl, undefined, undefined, ['--workers', '2']),
      );
      workerPids(smallWorkers.pid!).forEach((pid, i) =>
        pids.set(`serve --workers 2, worker ${i + 1}, 265 products`, pid),
      );
      await load(`http://127.0.0.1:${PORT_BASE + 11}`, {
        requests: orderPool(small, 20_000, 'swarm'),
        seconds: 2,
        connections: 8,
      });
      const ratios: number[] = [];
      const twoRatios: number[] = [];
      const autocannonRatios: number[] = [];
      const floorRatios: number[] = [];
      const vsFloor: number[] = [];
      const baseline = BASELINE
        ? watched(
            'baseline build, writes',
            await serve(PORT_BASE + 7, smallBaselineDir, undefined, undefined, BASELINE),
          )
        : null;
      const baseRatios: number[] = [];
      const vsBaseline: number[] = [];
      const table = [
        '| writes test | orders/s | p50 ms | p99 ms | errors | ratio | CPU µs per order: server / load generator | CPU model: cores ÷ CPU per order |',
        '|---|---|---|---|---|---|---|---|',
      ];
      const sqlite = { postgres: false };
      const cpuCells = (c: CpuPer<unknown>, n: number) =>
        `${c.per(n).replace(/ \/ [\d–]+ \//, ' /')} | ${fmt(c.bound(n))}/s |`;
      for (let round = 1; round <= ROUNDS; round++) {
        // In this process: its CPU is the loop's (one core at most: the bound is 1 ÷ CPU per order).
        const raw = await cpuPer(
          [],
          () => runRawLoop(join(rawDir, 'tradepost.db'), rawFixture, SECONDS, `RAW${round}`),
          sqlite,
        );
        const rawRate = raw.value.orders / raw.value.seconds;
        // Signed before the clock starts: signing is the load generator's work, not the run's.
        // On a quiet machine the floor passed 6,000 orders/s (a pool of 60,000 ran out): room for 12,000/s.
        const size = Math.ceil(Math.max(rawRate * 1.5, 12_000) * SECONDS);
        const floorPool = orderPool(floorFixture, size, `f${round}`);
        const floorPools = [
          orderPool(floorFixture, size, `fa${round}`),
          orderPool(floorFixture, size, `fb${round}`),
        ];
        const pool = orderPool(small, size, `w${round}`);
        const f = await cpuPer(
          [floor.pid!],
          () =>
            load(`http://127.0.0.1:${FLOOR_PORT}`, {
              requests: floorPool,
              seconds: SECONDS,
              connections: CONNECTIONS,
            }),
          sqlite,
        );
        const half = Math.ceil(CONNECTIONS / 2);
        const f2 = await cpuPer(
          [floor.pid!, floor2.pid!],
          () =>
            Promise.all(
              [0, 1].map((k) =>
                load(`http://127.0.0.1:${FLOOR_PORT + k}`, {
                  requests: floorPools[k]!,
                  seconds: SECONDS,
                  connections: k === 0 ? half : CONNECTIONS - half,
                }),
              ),
            ),
          sqlite,
        );
        const orders = (pid: number, port: number, requests: Presigned[], loader = LOADER) =>
          cpuPer(
            [pid],
            () =>
              load(
                `http://127.0.0.1:${port}`,
                { requests, seconds: SECONDS, connections: CONNECTIONS },
                loader,
              ),
            sqlite,
          );
        // The baseline build beside this one, on the same fixture's copy: before / after in one
        // round. Which of the two goes first alternates, so neither always inherits the other's WAL.
        const basePool = baseline ? orderPool(small, size, `b${round}`) : [];
        const baseFirst = baseline !== null && round % 2 === 0;
        const early = baseFirst ? await orders(baseline.pid!, PORT_BASE + 7, basePool) : null;
        const w = await orders(smallServer.pid!, PORT_BASE + 1, pool);
        const w2 = await orders(smallWorkers.pid!, PORT_BASE + 11, orderPool(small, size, `w2${round}`));
        // With wrk, the same orders from autocannon too: what the heavier load generator costs.
        const wa =
          LOADER === 'wrk'
            ? await orders(
                smallServer.pid!,
                PORT_BASE + 1,
                orderPool(small, size, `wa${round}`),
                'autocannon',
              )
            : null;
        const b = baseFirst ? early : baseline && (await orders(baseline.pid!, PORT_BASE + 7, basePool));
        const fr = f.value;
        const wr = w.value;
        if (b) {
          baseRatios.push(b.value.rps / rawRate);
          vsBaseline.push(wr.rps / b.value.rps);
        }
        ratios.push(wr.rps / rawRate);
        const w2r = w2.value;
        twoRatios.push(w2r.rps / wr.rps);
        if (wa) autocannonRatios.push(wa.value.rps / rawRate);
        floorRatios.push(fr.rps / rawRate);
        vsFloor.push(wr.rps / fr.rps);
        const rawUs = raw.total(raw.value.orders);
        const [fa, fb] = f2.value;
        const f2Rate = fa!.rps + fb!.rps;
        table.push(
          `| r${round}: raw better-sqlite3 loop, 1 fsync'd txn per order | ${fmt(rawRate)} | – | – | 0 | 1.00 | ${fmt(rawUs)} (in-process) / – | ${fmt(1e6 / rawUs)}/s (1 core) |`,
          `| r${round}: floor server (bench/floor-server.ts, group commit) | ${fmt(fr.rps)} | ${fr.p50} | ${fr.p99} | ${fr.errors} | **${fmt(fr.rps / rawRate, 2)}** of raw | ${cpuCells(f, fr.rps * SECONDS)}`,
          `| r${round}: floor server, 2 processes on one SQLite file (${half} + ${CONNECTIONS - half} conns) | ${fmt(f2Rate)} | ${Math.max(fa!.p50, fb!.p50)} | ${Math.max(fa!.p99, fb!.p99)} | ${fa!.errors + fb!.errors} | **${fmt(f2Rate / rawRate, 2)}** of raw | ${cpuCells(f2, f2Rate * SECONDS)}`,
          `| r${round}: B-End POST /orders (durable, group commit) | ${fmt(wr.rps)} | ${wr.p50} | ${wr.p99} | ${wr.errors} | **${fmt(wr.rps / rawRate, 2)}** of raw, **${fmt(wr.rps / fr.rps, 2)}** of floor | ${cpuCells(w, wr.rps * SECONDS)}`,
          `| r${round}: B-End POST /orders, serve --workers 2 (one port) | ${fmt(w2r.rps)} | ${w2r.p50} | ${w2r.p99} | ${w2r.errors} | **${fmt(w2r.rps / rawRate, 2)}** of raw, **${fmt(w2r.rps / wr.rps, 2)}** of 1 process | ${cpuCells(w2, w2r.rps * SECONDS)}`,
          ...(wa
            ? [
                `| r${round}: B-End POST /orders, load from autocannon | ${fmt(wa.value.rps)} | ${wa.value.p50} | ${wa.value.p99} | ${wa.value.errors} | **${fmt(wa.value.rps / rawRate, 2)}** of raw | ${cpuCells(wa, wa.value.rps * SECONDS)}`,
              ]
            : []),
          ...(b
            ? [
                `| r${round}: before (baseline build): B-End POST /orders | ${fmt(b.value.rps)} | ${b.value.p50} | ${b.value.p99} | ${b.value.errors} | **${fmt(b.value.rps / rawRate, 2)}** of raw; this build / baseline **${fmt(wr.rps / b.value.rps, 2)}** | ${cpuCells(b, b.value.rps * SECONDS)}`,
              ]
            : []),
        );
      }
      const list = (xs: number[]) => xs.map((r) => fmt(r, 2)).join(', ');
      say(
        `Writes: B-End / raw loop = **${fmt(mean(ratios), 2)}** (rounds: ${list(ratios)}; target ≥ 1.3, p99 < 25 ms); ` +
          `floor / raw = **${fmt(mean(floorRatios), 2)}** (${list(floorRatios)}); B-End / floor = **${fmt(mean(vsFloor), 2)}** (${list(vsFloor)}). ` +
          `B-End with --workers 2 / 1 process = **${fmt(mean(twoRatios), 2)}** (${list(twoRatios)}).` +
          (autocannonRatios.length
            ? ` Load from ${LOADER}; from autocannon, B-End / raw = **${fmt(mean(autocannonRatios), 2)}** (${list(autocannonRatios)}).`
            : '') +
          (baseline
            ? ` Baseline build: B-End / raw = **${fmt(mean(baseRatios), 2)}** (${list(baseRatios)}); this build / baseline = **${fmt(mean(vsBaseline), 2)}** (${list(vsBaseline)}).`
            : ''),
      );
      say('');
      for (const t of table) say(t);
      say('');
      await stop(floor);
      await stop(floor2);
      await stop(smallWorkers);
      if (baseline) await stop(baseline);
    } else if (ONLY.has('writes')) {
      watch.phase('writes');
      for (let round = 1; round <= ROUNDS; round++) {
        const w = await load(`http://127.0.0.1:${PORT_BASE + 1}`, {
          requests: orderPool(small, POOL_RATE * SECONDS, `w${round}`),
          seconds: SECONDS,
          connections: CONNECTIONS,
        });
        row(`writes r${round}: B-End POST /orders (PostgreSQL; yardsticks in the pg section)`, w, '–');
      }
    }

    // ---- stall: orders with and without readers of the big catalog ----------------------------
    if (ONLY.has('stall')) {
      watch.phase('stall');
      // With BENCH_BASELINE_BUNDLE (SQLite): that build serves a snapshot of the big catalog (its
      // own copy: this build's migrations may be ahead of it) and is measured the same way in
      // each round, interleaved: before/after in one run, on the same neighbours' load.
      const builds: { name: string; port: number; pid: number; ratios: number[]; readCpu: number[] }[] = [
        { name: 'this build', port: PORT_BASE + 3, pid: bigServer.pid!, ratios: [], readCpu: [] },
      ];
      if (BASELINE && !PG_URL) {
        const dir = join(tmp, 'big-baseline');
        mkdirSync(dir, { recursive: true });
        copyFileSync(join(tmp, 'big', 'master.key'), join(dir, 'master.key'));
        const source = new Sqlite(join(tmp, 'big', 'tradepost.db'), { readonly: true });
        await source.backup(join(dir, 'tradepost.db'));
        source.close();
        // Migrations that build does not know (no file of it names them) would stop it at start.
        const bundleText = readdirSync(dirname(BASELINE))
          .filter((f) => f.endsWith('.mjs'))
          .map((f) => readFileSync(join(dirname(BASELINE), f), 'utf8'))
          .join('\n');
        const copy = new Sqlite(join(dir, 'tradepost.db'));
        for (const { name } of copy.prepare('select name from kysely_migration').all() as { name: string }[])
          if (!bundleText.includes(`'${name}'`) && !bundleText.includes(`"${name}"`))
            copy.prepare('delete from kysely_migration where name = ?').run(name);
        copy.close();
        // base + 9: past the floor's port (base + 6 is the pg section's second server, not run on SQLite).
        const baseline = await serve(PORT_BASE + 9, dir, undefined, undefined, BASELINE);
        children.push(baseline);
        builds.push({ name: 'baseline', port: PORT_BASE + 9, pid: baseline.pid!, ratios: [], readCpu: [] });
      }
      const loads = loadavg()
        .map((x) => x.toFixed(1))
        .join(' / ');
      for (let round = 1; round <= ROUNDS; round++) {
        for (const b of builds) {
          const url = `http://127.0.0.1:${b.port}`;
          const tag = `${b.port}-${round}`;
          // Server CPU per request (/proc): robust to the neighbours, unlike req/s.
          let c0 = cpuSeconds(b.pid);
          const alone = await load(url, {
            requests: orderPool(big, POOL_RATE * SECONDS, `a${tag}`),
            seconds: SECONDS,
            connections: CONNECTIONS,
          });
          const aloneCpu = (cpuSeconds(b.pid) - c0) / alone.used;
          c0 = cpuSeconds(b.pid);
          const [withReaders, readers] = await Promise.all([
            load(url, {
              requests: orderPool(big, POOL_RATE * SECONDS, `b${tag}`),
              seconds: SECONDS,
              connections: CONNECTIONS,
            }),
            load(url, { requests: readPool(big, POOL_RATE * SECONDS), seconds: SECONDS, connections: 2 }),
          ]);
          b.ratios.push(withReaders.rps / alone.rps);
          const name = `stall r${round}${builds.length > 1 ? ` ${b.name}` : ''}`;
          row(
            `${name}: POST /orders alone, ${BIG}-product catalog (${fmt(aloneCpu * 1e6)} µs CPU/order)`,
            alone,
            '1.00',
          );
          row(
            `${name}: POST /orders while 2 conns read page 1`,
            withReaders,
            `**${fmt(withReaders.rps / alone.rps, 2)}** of alone`,
          );
          row(`${name}: … the 2 reading conns`, readers, '–');

          // One connection, order then read of page 1, N times, against orders alone: the server
          // CPU a read costs right after an order (what a flood of orders does to every read),
          // without the queueing that makes the shares above swing.
          const n = QUICK ? 500 : 2000;
          c0 = cpuSeconds(b.pid);
          await latencies([{ port: b.port, requests: orderPool(big, n, `s${tag}`) }], n);
          const orderOnly = (cpuSeconds(b.pid) - c0) / n;
          c0 = cpuSeconds(b.pid);
          const [, afterOrder] = await latencies(
            [
              { port: b.port, requests: orderPool(big, n, `p${tag}`) },
              { port: b.port, requests: readPool(big, n) },
            ],
            n,
          );
          const readCpu = (cpuSeconds(b.pid) - c0) / n - orderOnly;
          c0 = cpuSeconds(b.pid);
          const [readsOnly] = await latencies([{ port: b.port, requests: readPool(big, n) }], n);
          const hitCpu = (cpuSeconds(b.pid) - c0) / n;
          b.readCpu.push(readCpu);
          say(
            `${name}: a read right after an order ≈ ${fmt(readCpu * 1e6)} µs server CPU, p50 ${fmt(p50(afterOrder!), 2)} ms; a read with no order between ≈ ${fmt(hitCpu * 1e6)} µs, p50 ${fmt(p50(readsOnly!), 2)} ms; an order alone ≈ ${fmt(orderOnly * 1e6)} µs (${n} each on 1 connection).`,
          );
        }
      }
      for (const b of builds) {
        say(
          `Stall${builds.length > 1 ? ` (${b.name})` : ''}: orders with 2 readers / alone = **${fmt(mean(b.ratios), 2)}** (rounds: ${b.ratios.map((r) => fmt(r, 2)).join(', ')}; target ≥ 0.8); a read right after an order ≈ ${b.readCpu.map((r) => fmt(r * 1e6)).join(', ')} µs server CPU; load average at start ${loads}.`,
        );
      }
    }
    say('');
    if (rows.length > 2) for (const r of rows) say(r);

    // ---- growth: per-request cost at 265 vs at BIG, caches off --------------------------------
    if (ONLY.has('growth')) {
      watch.phase('growth');
      const cachesOff = { TRADEPOST_CATALOG_CACHE_MS: '0' };
      const smallNc = watched(
        'server, 265 products, caches off',
        await serve(PORT_BASE + 4, smallNoCacheDir, smallUrl, cachesOff),
      );
      const bigNc = watched(
        `server, ${BIG} products, caches off`,
        await serve(PORT_BASE + 5, bigNoCacheDir, bigUrl, cachesOff),
      );
      const count = QUICK ? 100 : 400;
      const cases: {
        name: string;
        params: (f: Fixture, port: number) => Promise<Record<string, string>>;
        path?: string;
      }[] = [
        { name: 'GET /products page 1', params: async () => ({ page: '1', page_size: '20' }) },
        {
          name: 'GET /products last page (offset)',
          params: async (f, port) => {
            const total = (
              (await call(`http://127.0.0.1:${port}`, f, '/products', { page: '1', page_size: '20' }))
                .data as { total: number }
            ).total;
            return { page: String(Math.ceil(total / 20)), page_size: '20' };
          },
        },
        {
          name: 'GET /products last page (keyset cursor)',
          params: async (f, port) => {
            const base = `http://127.0.0.1:${port}`;
            const total = (
              (await call(base, f, '/products', { page: '1', page_size: '20' })).data as { total: number }
            ).total;
            const before = (
              await call(base, f, '/products', { page: String(Math.ceil(total / 20) - 1), page_size: '20' })
            ).data as { next_cursor: string };
            return { cursor: before.next_cursor, page_size: '20' };
          },
        },
        {
          name: 'GET /credit/transactions page 1',
          path: '/credit/transactions',
          params: async () => ({ page: '1', page_size: '20' }),
        },
      ];
      say(
        `\nGrowth (1 connection, ${count} requests each, alternating small/big request by request; page and count caches off):\n`,
      );
      say(`| request | p50 ms at 265 products / 10 entries | p50 ms at ${BIG} / ${BIG} | ratio |`);
      say('|---|---|---|---|');
      for (const c of cases) {
        const path = c.path ?? '/products';
        const sp = await c.params(small, PORT_BASE + 4);
        const bp = await c.params(big, PORT_BASE + 5);
        const mk = (f: Fixture, params: Record<string, string>) =>
          presign(f, count + 20, () => ({ method: 'GET', path, params }));
        await latencies(
          [
            { port: PORT_BASE + 4, requests: mk(small, sp) },
            { port: PORT_BASE + 5, requests: mk(big, bp) },
          ],
          20,
        );
        const [s, b] = await latencies(
          [
            { port: PORT_BASE + 4, requests: mk(small, sp) },
            { port: PORT_BASE + 5, requests: mk(big, bp) },
          ],
          count,
        );
        say(
          `| ${c.name} | ${fmt(p50(s!), 2)} | ${fmt(p50(b!), 2)} | **${fmt(p50(b!) / p50(s!), 2)}** (target ≤ 1.5) |`,
        );
      }
      await stop(smallNc);
      await stop(bigNc);
    }

    // ---- PostgreSQL: pgbench yardsticks, and 1 → 2 server processes ------------------------
    if (PG_URL && ONLY.has('pg')) {
      watch.phase('pg');
      const pgbenchDb = new URL(PG_URL);
      pgbenchDb.pathname = `/${PGBENCH_DB}`;
      pgbenchDb.search = '';
      const admin = new URL(PG_URL);
      admin.search = '';
      execFileSync('psql', [admin.toString(), '-qc', `drop database if exists ${PGBENCH_DB}`], {
        stdio: 'ignore',
      });
      execFileSync('psql', [admin.toString(), '-qc', `create database ${PGBENCH_DB}`], {
        stdio: 'ignore',
      });
      execFileSync('pgbench', ['-i', '-q', '-s', '32', pgbenchDb.toString()], { stdio: 'ignore' });
      const oneRow = join(tmp, 'one-row.sql');
      // What one merchant's orders do to its credit row: every transaction updates the same row.
      writeFileSync(
        oneRow,
        'BEGIN;\nUPDATE pgbench_branches SET bbalance = bbalance + 1 WHERE bid = 1;\nINSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, 1, 1, CURRENT_TIMESTAMP);\nEND;\n',
      );
      // Asynchronous, so the postgres CPU sampler runs while pgbench does.
      // tps, and the latency of every transaction from pgbench's own log (-l): its p50 and p99.
      let logs = 0;
      const pgbench = async (args: string[]) => {
        const prefix = join(tmp, `pgbench-${++logs}`);
        const { stdout } = await execFileAsync(
          'pgbench',
          [
            ...args,
            ...[
              '-c',
              String(CONNECTIONS),
              '-j',
              '2',
              '-T',
              String(SECONDS),
              '-n',
              '-l',
              `--log-prefix=${prefix}`,
            ],
            pgbenchDb.toString(),
          ],
          { encoding: 'utf8' },
        );
        // Each line: client, transaction, latency µs, script, epoch s, µs.
        const ms = readdirSync(tmp)
          .filter((f) => f.startsWith(`pgbench-${logs}.`))
          .flatMap((f) => readFileSync(join(tmp, f), 'utf8').trim().split('\n'))
          .map((line) => Number(line.split(' ')[2]) / 1000)
          .sort((a, b) => a - b);
        const at = (q: number) => fmt(ms[Math.min(ms.length - 1, Math.floor(ms.length * q))] ?? 0, 1);
        return { tps: Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? 0), p50: at(0.5), p99: at(0.99) };
      };
      const second = watched(
        'second server process, 265 products',
        await serve(PORT_BASE + 6, join(tmp, 'small'), smallUrl),
      );
      // Before/after in one run: another build (e.g. the previous commit's order path) serving
      // the same schema, its rounds interleaved with this build's.
      const baseline = BASELINE
        ? watched(
            'baseline build, 265 products',
            await serve(PORT_BASE + 7, join(tmp, 'small'), smallUrl, undefined, BASELINE),
          )
        : undefined;
      // The floor yardstick on the same schema, for the same Apps (orders numbered apart).
      const [floor, floor2] = await startFloorPair(
        'PostgreSQL',
        [small, ...small.others],
        { DATABASE_URL: smallUrl! },
        10_000,
      );
      const single = (port: number, requests: Presigned[], connections = CONNECTIONS) =>
        load(`http://127.0.0.1:${port}`, { requests, seconds: SECONDS, connections });
      const load3 = () =>
        loadavg()
          .map((x) => x.toFixed(1))
          .join(' / ');
      say('');
      say(`Load average at the start of the PostgreSQL section: ${load3()}.`);
      say('');
      say(
        '| PostgreSQL test | per s | p50 ms | p99 ms | errors | ratio | CPU µs per txn: server / postgres / load generator | CPU model: cores ÷ CPU per txn |',
      );
      say('|---|---|---|---|---|---|---|---|');
      const cells = (c: CpuPer<unknown>, count: number) => `${c.per(count)} | ${fmt(c.bound(count))}/s |`;
      const summary = { floorOne: [] as number[], one: [] as number[], oneVsFloor: [] as number[] };
      const summaryLanes = { floor: [] as number[], lanes: [] as number[], vsFloor: [] as number[] };
      for (let round = 1; round <= ROUNDS; round++) {
        const tpcb = await cpuPer([], () => pgbench(['-b', 'tpcb-like']));
        const one = await cpuPer([], () => pgbench(['-f', oneRow]));
        // Each test's pre-signed requests, made just before it rather than all at once. A quiet day
        // ran the earlier 3,000/s pools dry unnoticed (2026-12-04 23:56: every B-End and floor row
        // read 2,996/s, the pool over the seconds, less the requests cut in flight).
        const PER_TEST = POOL_RATE * SECONDS;
        const oneMerchant = (tag: string) => orderPool(small, PER_TEST, `${tag}${round}`);
        const manyMerchants = (tag: string, oneSku = false) =>
          manyMerchantPool(small, PER_TEST, `${tag}${round}`, oneSku);
        /** The baseline build's run of the same test (BENCH_BASELINE_BUNDLE); its pool made only then. */
        const before = async (pool: () => Presigned[]) => {
          if (!baseline) return undefined;
          const requests = pool();
          return cpuPer([baseline.pid!], () => single(PORT_BASE + 7, requests));
        };
        const baseSolo = await before(() => oneMerchant('b1'));
        const main = smallServer.pid!;
        const floorSoloPool = oneMerchant('f1');
        const floorSolo = await cpuPer([floor.pid!], () => single(FLOOR_PORT, floorSoloPool));
        const soloPool = oneMerchant('p1');
        const solo = await cpuPer([main], () => single(PORT_BASE + 1, soloPool));
        const half = Math.ceil(CONNECTIONS / 2);
        const [poolA, poolB] = [oneMerchant('p2a'), oneMerchant('p2b')];
        const both = await cpuPer([main, second.pid!], () =>
          Promise.all([single(PORT_BASE + 1, poolA, half), single(PORT_BASE + 6, poolB, CONNECTIONS - half)]),
        );
        const [a, b] = both.value;
        const bothRate = a.rps + b.rps;
        const baseLanes = await before(() => manyMerchants('bl'));
        const floorLanesPool = manyMerchants('fl');
        const floorLanes = await cpuPer([floor.pid!], () => single(FLOOR_PORT, floorLanesPool));
        const [floorPoolA, floorPoolB] = [manyMerchants('fla'), manyMerchants('flb')];
        const floorLanes2 = await cpuPer([floor.pid!, floor2.pid!], () =>
          Promise.all([
            single(FLOOR_PORT, floorPoolA, half),
            single(FLOOR_PORT + 1, floorPoolB, CONNECTIONS - half),
          ]),
        );
        const lanesPool = manyMerchants('l');
        const lanes = await cpuPer([main], () => single(PORT_BASE + 1, lanesPool));
        const baseHot = await before(() => manyMerchants('bh', true));
        const hotPool = manyMerchants('h', true);
        const hot = await cpuPer([main], () => single(PORT_BASE + 1, hotPool));
        const n = (rate: number) => rate * SECONDS;
        say(
          `| r${round}: pgbench tpcb-like -c${CONNECTIONS} (tps) | ${fmt(tpcb.value.tps)} | ${tpcb.value.p50} | ${tpcb.value.p99} | – | 1.00 | ${cells(tpcb, n(tpcb.value.tps))}`,
        );
        say(
          `| r${round}: pgbench, every transaction on one row, -c${CONNECTIONS} (tps) | ${fmt(one.value.tps)} | ${one.value.p50} | ${one.value.p99} | – | 1.00 | ${cells(one, n(one.value.tps))}`,
        );
        const s1 = solo.value;
        const f1 = floorSolo.value;
        summary.floorOne.push(f1.rps / one.value.tps);
        summary.one.push(s1.rps / one.value.tps);
        summary.oneVsFloor.push(s1.rps / f1.rps);
        say(
          `| r${round}: floor server (bench/floor-server.ts), one merchant | ${fmt(f1.rps)} | ${f1.p50} | ${f1.p99} | ${f1.errors} | **${fmt(f1.rps / one.value.tps, 2)}** of one-row pgbench | ${cells(floorSolo, n(f1.rps))}`,
        );
        say(
          `| r${round}: B-End POST /orders, one merchant, 1 process | ${fmt(s1.rps)} | ${s1.p50} | ${s1.p99} | ${s1.errors} | **${fmt(s1.rps / one.value.tps, 2)}** of one-row pgbench, **${fmt(s1.rps / f1.rps, 2)}** of floor | ${cells(solo, n(s1.rps))}`,
        );
        const l = lanes.value;
        const fl = floorLanes.value;
        summaryLanes.floor.push(fl.rps / tpcb.value.tps);
        summaryLanes.lanes.push(l.rps / tpcb.value.tps);
        summaryLanes.vsFloor.push(l.rps / fl.rps);
        say(
          `| r${round}: floor server, ${small.others.length} merchants on ${small.others.length} SKUs | ${fmt(fl.rps)} | ${fl.p50} | ${fl.p99} | ${fl.errors} | **${fmt(fl.rps / tpcb.value.tps, 2)}** of tpcb-like | ${cells(floorLanes, n(fl.rps))}`,
        );
        const [fla, flb] = floorLanes2.value;
        const fl2 = fla.rps + flb.rps;
        say(
          `| r${round}: floor server, 2 processes, ${small.others.length} merchants on ${small.others.length} SKUs | ${fmt(fl2)} | ${Math.max(fla.p50, flb.p50)} | ${Math.max(fla.p99, flb.p99)} | ${fla.errors + flb.errors} | **${fmt(fl2 / tpcb.value.tps, 2)}** of tpcb-like | ${cells(floorLanes2, n(fl2))}`,
        );
        say(
          `| r${round}: B-End POST /orders, ${small.others.length} merchants on ${small.others.length} SKUs | ${fmt(l.rps)} | ${l.p50} | ${l.p99} | ${l.errors} | **${fmt(l.rps / tpcb.value.tps, 2)}** of tpcb-like, **${fmt(l.rps / fl.rps, 2)}** of floor | ${cells(lanes, n(l.rps))}`,
        );
        const h = hot.value;
        say(
          `| r${round}: B-End POST /orders, ${small.others.length} merchants on one SKU | ${fmt(h.rps)} | ${h.p50} | ${h.p99} | ${h.errors} | **${fmt(h.rps / l.rps, 2)}** of ${small.others.length} SKUs | ${cells(hot, n(h.rps))}`,
        );
        if (baseSolo && baseLanes && baseHot) {
          const rows: [string, typeof solo, string][] = [
            [
              'one merchant',
              baseSolo,
              `of one-row pgbench; after ÷ before **${fmt(s1.rps / baseSolo.value.rps, 2)}**`,
            ],
            [
              `${small.others.length} merchants on ${small.others.length} SKUs`,
              baseLanes,
              `of tpcb-like; after ÷ before **${fmt(l.rps / baseLanes.value.rps, 2)}**`,
            ],
            [
              `${small.others.length} merchants on one SKU`,
              baseHot,
              `of its 32 SKUs; after ÷ before **${fmt(h.rps / baseHot.value.rps, 2)}**`,
            ],
          ];
          const yard = [one.value.tps, tpcb.value.tps, baseLanes.value.rps];
          rows.forEach(([name, r, ratio], i) =>
            say(
              `| r${round}: before (baseline build): ${name} | ${fmt(r.value.rps)} | ${r.value.p50} | ${r.value.p99} | ${r.value.errors} | ${fmt(r.value.rps / yard[i]!, 2)} ${ratio} | ${cells(r, n(r.value.rps))}`,
            ),
          );
        }
        say(
          `| r${round}: B-End POST /orders, one merchant, 2 processes | ${fmt(bothRate)} | ${Math.max(a.p50, b.p50)} | ${Math.max(a.p99, b.p99)} | ${a.errors + b.errors} | **${fmt(bothRate / s1.rps, 2)}** of 1 process | ${cells(both, n(bothRate))}`,
        );
      }
      const list = (xs: number[]) => `**${fmt(mean(xs), 2)}** (${xs.map((r) => fmt(r, 2)).join(', ')})`;
      say(
        `\nPostgreSQL, one merchant: floor / one-row pgbench = ${list(summary.floorOne)}, B-End / pgbench = ${list(summary.one)}, B-End / floor = ${list(summary.oneVsFloor)} (target B-End ≥ 1.0 of pgbench). ` +
          `${small.others.length} merchants: floor / tpcb-like = ${list(summaryLanes.floor)}, B-End / tpcb-like = ${list(summaryLanes.lanes)}, B-End / floor = ${list(summaryLanes.vsFloor)} (target ≥ 0.8; p99 < 50 ms).`,
      );
      say(`\nLoad average at the end of the PostgreSQL section: ${load3()}.`);
      await stop(floor);
      await stop(floor2);
      await stop(second);
      if (baseline) await stop(baseline);
    }

    // ---- import: the CLI's memory on a BIG-product file ---------------------------------------
    if (ONLY.has('import')) {
      watch.phase('import');
      const file = join(tmp, 'import.csv');
      const out = createWriteStream(file);
      out.write(
        'goods_id,title,description,category,images,currency,status,sku_id,spec,price,stock,sku_status\n',
      );
      for (let i = 0; i < BIG; i++) {
        if (
          !out.write(
            `IMP-${i},Imported product ${i},Imported for the bench number ${i},Cat ${i % 50},https://img.example.com/i/${i}.jpg,USD,on_sale,IMP-SKU-${i},Size: M,${(i % 900) + 1}.25,${i % 1000},on_sale\n`,
          )
        ) {
          await once(out, 'drain');
        }
      }
      out.end();
      await once(out, 'finish');
      const importUrl = await url('import');
      const started = Date.now();
      const child = spawn(process.execPath, ['apps/server/bin/tradepost.js', 'catalog', 'import', file], {
        cwd: root,
        env: { ...process.env, ...serverEnv(join(tmp, 'import'), importUrl), NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let peak = 0;
      const timer = setInterval(() => {
        try {
          peak = Math.max(peak, rssOf(child.pid!).rss);
        } catch {
          // exited
        }
      }, 50);
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const [code] = (await once(child, 'exit')) as [number];
      clearInterval(timer);
      say(
        `\nImport: \`tradepost catalog import\` of a ${BIG}-product CSV: exit ${code}, ${fmt((Date.now() - started) / 1000, 1)} s, ` +
          `peak RSS **${fmt(peak)} MB** (target < 200 MB).${code === 0 ? '' : ` Output: ${output.slice(-300)}`}`,
      );
    }
  } finally {
    watch.stop();
    for (const c of children) await stop(c);
  }
  say('\nServer peak RSS (target < 200 MB):');
  for (const [name, p] of watch.peaks)
    say(`- ${name}: ${fmt(p.rss)} MB (${fmt(p.anon)} MB anonymous), during ${p.during}`);
  appendFileSync(join(root, 'bench', 'RESULTS.md'), `${lines.join('\n')}\n`);
}

await main();
