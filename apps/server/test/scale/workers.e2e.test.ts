/**
 * `tradepost serve --workers 2` (ops/cluster.ts), the real CLI in a child process, on PostgreSQL and
 * on the embedded SQLite file: both workers answer orders on one port (each answer names its
 * worker), METRICS_PORT sums the workers' counters, a worker killed with SIGKILL is replaced,
 * SIGTERM to the primary drains everything and exits 0 without an error line, and a credential's
 * rate limit is one budget whichever worker its connections reach. A second serve on the same
 * SQLite data dir is refused while the first runs.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundle } from '../../scripts/bundle.mjs';
import { WORKER_HEADER } from '../../src/ops/cluster.ts';
import { buildRequest, decode } from '../helpers/bend-http.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { orderDebits } from '../helpers/ledger.ts';
import { orderRequest, uid } from '../helpers/factories.ts';
import { postOver, type PostError } from '../helpers/post-over.ts';
import { prepare, type Prepared } from '../reliability/server-process.ts';

const BIN = fileURLToPath(new URL('../../bin/tradepost.js', import.meta.url));
const pg = eachDatabase().find((d) => d.name === 'postgres');

await ensureBundle();

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

function serve(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TRADEPOST_ENV_FILE: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  /** The banner, then the workers' and the primary's log lines (JSON). */
  const stdout: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => stderr.push(l));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => {
      stdout.push(l);
      const m = /listening on (http:\/\/\S+)/.exec(l);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`serve exited (${code}):\n${stderr.join('\n')}`)));
  });
  url.catch(() => undefined); // a run that is meant to fail never listens
  return { child, stderr, stdout, exited, url };
}

type LogLine = { level: number; msg?: string; cluster?: string };
const logLines = (lines: string[]): LogLine[] =>
  lines.flatMap((l) => {
    try {
      return [JSON.parse(l) as LogLine];
    } catch {
      return [];
    }
  });
/** Error lines anywhere: the workers' and the primary's logs, and whatever reached stderr. */
const errorLines = (s: { stdout: string[]; stderr: string[] }) =>
  logLines([...s.stdout, ...s.stderr]).filter((l) => l.level >= 50);
/** The primary's own log lines (ops/cluster.ts), JSON on stdout like the workers'. */
const primarySaid = (s: { stdout: string[] }, pattern: RegExp) =>
  logLines(s.stdout).some((l) => l.cluster === 'primary' && pattern.test(l.msg ?? ''));

describe.each(eachDatabase())('serve --workers 2 on $name', (database) => {
  let p: Prepared;
  let server: ReturnType<typeof serve>;
  let url: string;
  let metricsPort: number;

  beforeAll(async () => {
    p = await prepare(database, { creditLimit: '1000000.00' });
    metricsPort = await freePort();
    server = serve(['--workers', '2'], { ...p.env, METRICS_PORT: String(metricsPort), LOG_LEVEL: 'warn' });
    url = await server.url;
  }, 120_000);
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    p?.dispose();
    await database.dispose();
  });

  /**
   * `n` orders, 8 at a time; the workers that answered them. `fresh`: each on a new connection.
   * fetch keeps connections alive, and the primary hands out connections, not requests: after a
   * worker dies, every pooled connection is the survivor's, and its replacement would never be asked.
   */
  async function orders(n: number, { fresh = false } = {}): Promise<{ acked: number; workers: Set<string> }> {
    const workers = new Set<string>();
    let acked = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next++ < n) {
          const { url: u, init } = buildRequest(url, p.merchant, 'POST', '/orders', {
            ...orderRequest(p.product),
            merchant_order_no: `W-${uid()}`,
          });
          const res = await fetch(
            u,
            fresh
              ? { ...init, headers: { ...(init.headers as Record<string, string>), connection: 'close' } }
              : init,
          );
          const raw = { status: res.status, body: (await res.json()) as Record<string, unknown> };
          expect([raw.status, decode(p.merchant, raw).payload.code]).toEqual([200, 0]);
          acked++;
          workers.add(res.headers.get(WORKER_HEADER) ?? 'none');
        }
      }),
    );
    return { acked, workers };
  }

  async function metric(name: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  }

  it('both workers answer orders on one port, and METRICS_PORT counts them all', async () => {
    const { acked, workers } = await orders(40);
    expect(acked).toBe(40);
    expect([...workers].sort()).toEqual(['1', '2']);
    expect(await metric('tradepost_orders_written_total')).toBe(40);
  }, 60_000);

  it("every answer names its worker, a door's early refusal too", async () => {
    // The Action API refuses a request without its signature before reading the body.
    const refused = await fetch(`${url}/api/action?Action=GetCredit`);
    expect(refused.status).toBe(200);
    expect(await refused.text()).toContain('E00');
    expect(['1', '2']).toContain(refused.headers.get(WORKER_HEADER));
  }, 60_000);

  it('a worker killed with SIGKILL is replaced; both answer again', async () => {
    const pids = execFileSync('pgrep', ['-P', String(server.child.pid)], { encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(pids).toHaveLength(2);
    process.kill(Number(pids[0]), 'SIGKILL');
    const restarting = /exited \(SIGKILL\); restarting in \d+ ms/;
    for (let i = 0; i < 200 && !primarySaid(server, restarting); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(primarySaid(server, restarting)).toBe(true);
    let seen = new Set<string>();
    for (let i = 0; i < 60 && seen.size < 2; i++) {
      seen = (await orders(16, { fresh: true })).workers;
      if (seen.size < 2) await new Promise((r) => setTimeout(r, 250));
    }
    expect([...seen].sort()).toEqual(['1', '2']);
  }, 60_000);

  it('a second serve on the same database: refused on SQLite while the first runs, and free after a kill -9', async () => {
    const second = serve([], { ...p.env, PORT: '0', LOG_LEVEL: 'warn' });
    if (database.name === 'postgres') {
      // Any number of servers share a PostgreSQL database (each sees only durable commits).
      await second.url;
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      return;
    }
    expect(await second.exited).toBe(1);
    expect(second.stderr.join('\n')).toMatch(
      /^error: another tradepost serve is serving the data dir .+: stop it first, or run more processes with serve --workers N/m,
    );
    expect((await orders(4)).acked).toBe(4); // the first serves on
    // The lock is the system's, dropped with its process: a serve killed -9 leaves none behind.
    const dir = mkdtempSync(join(tmpdir(), 'tradepost-serve-lock-'));
    try {
      const env = {
        TRADEPOST_DATA_DIR: dir,
        TRADEPOST_MASTER_KEY: 'cd'.repeat(32),
        PORT: '0',
        LOG_LEVEL: 'warn',
      };
      const killed = serve([], env);
      await killed.url;
      killed.child.kill('SIGKILL');
      await killed.exited;
      const next = serve([], env);
      await next.url;
      next.child.kill('SIGTERM');
      expect(await next.exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SIGTERM to the primary drains every worker and exits 0, no error logged', async () => {
    // Orders keep coming while the signal lands: each is answered, or its new connection ends
    // before the server read a byte of it: refused once the listener closed, or reset or closed
    // (Node: ECONNRESET, "socket hang up") when the primary had accepted it but its last worker
    // had already stopped taking connections (Node's cluster closes such queued sockets; a
    // balancer reading /readyz sends nothing there). A kept-alive connection is never cut. Either
    // way no order is placed that its client was not told about: checked in the ledger below.
    const debits = async () => {
      const ctx = await p.openContext();
      try {
        return (await orderDebits(ctx.db, p.merchant.merchantId)).length;
      } finally {
        await ctx.close();
      }
    };
    const before = await debits();
    let stop = false;
    const outcomes: string[] = [];
    const agent = new Agent({ keepAlive: true });
    const clients = Array.from({ length: 8 }, async () => {
      while (!stop) {
        const { url: u, init } = buildRequest(url, p.merchant, 'POST', '/orders', {
          ...orderRequest(p.product),
          merchant_order_no: `T-${uid()}`,
        });
        try {
          const raw = await postOver(agent, u, init);
          outcomes.push(`${raw.status}/${decode(p.merchant, raw).payload.code}`);
        } catch (e) {
          const { code, reusedSocket, message } = e as PostError;
          const ended = code === 'ECONNREFUSED' || (code === 'ECONNRESET' && !reusedSocket);
          outcomes.push(ended ? 'ended before read' : `${code} ${message} (reused socket: ${reusedSocket})`);
          if (ended) return;
        }
      }
    });
    while (outcomes.length < 16) await new Promise((r) => setTimeout(r, 10));
    server.child.kill('SIGTERM');
    const code = await server.exited;
    stop = true;
    await Promise.all(clients);
    agent.destroy();
    expect(outcomes.filter((o) => o !== '200/0' && o !== 'ended before read')).toEqual([]);
    expect(code).toBe(0);
    expect(errorLines(server)).toEqual([]);
    expect((await debits()) - before).toBe(outcomes.filter((o) => o === '200/0').length);
  }, 60_000);
});

describe.skipIf(!pg)('serve --workers 2 whose workers cannot start', () => {
  const database = pg!;
  afterAll(() => database.dispose());

  it('stops and exits 1, saying why, instead of restarting them forever', async () => {
    const p = await prepare(database, { creditLimit: '10.00' });
    try {
      // Nothing listens on port 1: each worker's Redis connection is refused.
      const s = serve(['--workers', '2'], { ...p.env, REDIS_URL: 'redis://127.0.0.1:1' });
      const code = await s.exited;
      expect(code).toBe(1);
      expect(s.stderr.join('\n')).toMatch(/REDIS_URL: cannot reach Redis at 127\.0\.0\.1:1/);
      expect(primarySaid(s, /worker \d could not start \(1\); stopping/)).toBe(true);
      expect(primarySaid(s, /restarting in/)).toBe(false);
    } finally {
      p.dispose();
    }
  }, 60_000);
});

describe.each(eachDatabase())('serve --workers 2 with a rate limit, on $name', (database) => {
  afterAll(() => database.dispose());

  it('spends one budget per credential across the workers', async () => {
    // 0.2 a second: a burst of one, the next in 5 s; each request on a new connection, so the
    // primary hands them to both workers in turn. Budgets kept per worker would let two through.
    const p = await prepare(database, { env: { TRADEPOST_RATE_LIMIT: '0.2' } });
    const s = serve(['--workers', '2'], p.env);
    try {
      const url = await s.url;
      const answers: Array<{ code: number; worker: string | null }> = [];
      for (let i = 0; i < 6; i++) {
        const { url: u, init } = buildRequest(url, p.merchant, 'GET', '/credit');
        const res = await fetch(u, {
          ...init,
          headers: { ...(init.headers as Record<string, string>), connection: 'close' },
        });
        const raw = { status: res.status, body: (await res.json()) as Record<string, unknown> };
        answers.push({ code: decode(p.merchant, raw).payload.code, worker: res.headers.get(WORKER_HEADER) });
      }
      expect(new Set(answers.map((a) => a.worker))).toEqual(new Set(['1', '2']));
      expect(answers.map((a) => a.code)).toEqual([0, 4029, 4029, 4029, 4029, 4029]);
    } finally {
      s.child.kill('SIGTERM');
      await s.exited;
      p.dispose();
    }
  }, 60_000);
});
