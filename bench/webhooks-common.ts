/**
 * What both modes of bench/webhooks.ts share (in-process orders, and bench/webhooks-http.ts's
 * orders over HTTP to a built server): the receiver process, per-round statistics, CPU from
 * /proc (a thread's, PostgreSQL backends'), and the results file.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { cpuSeconds } from './lib.ts';

export const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
export const med = (xs: number[]) => pct(xs, 0.5);
export const f0 = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(',');
/** Per-round ratios (the rounds are interleaved, so each pair shares the machine's load). */
export const perRound = (a: number[], b: number[]) => a.map((x, i) => (x / b[i]!).toFixed(2)).join(',');
/** The machine's cores (the bench's shared 2-core box). */
export const CORES = 2;
/** Orders/s a side allows: its main thread (one core) or `CORES` shared by all its CPU, the lower. */
export const bound = (mainUs: number, allUs: number) => Math.min(1e6 / mainUs, (CORES * 1e6) / allUs);
export const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

export type FromReceiver = { url?: string; count?: number; arrival?: { at: number; orderNo?: string } };
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** bench/webhook-receiver.ts in a process of its own: its URL, its request count, its messages. */
export async function startReceiver() {
  const child: ChildProcess = fork(new URL('./webhook-receiver.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const listeners = new Set<(m: FromReceiver) => void>();
  child.on('message', (m: FromReceiver) => {
    for (const l of [...listeners]) l(m);
  });
  const next = (pick: (m: FromReceiver) => boolean) =>
    new Promise<FromReceiver>((resolve) => {
      const l = (m: FromReceiver) => {
        if (!pick(m)) return;
        listeners.delete(l);
        resolve(m);
      };
      listeners.add(l);
    });
  const url = (await next((m) => m.url !== undefined)).url!;
  async function received(): Promise<number> {
    const reply = next((m) => m.count !== undefined);
    child.send({ count: true });
    return (await reply).count!;
  }
  return {
    url,
    pid: child.pid!,
    next,
    send: (m: { watch?: boolean; close?: boolean }) => child.send(m),
    received,
    /** Waits (polling every 20 ms) until the receiver has `n` requests in all. */
    async receivedAtLeast(n: number, timeoutMs = 600_000): Promise<void> {
      const until = performance.now() + timeoutMs;
      while ((await received()) < n) {
        if (performance.now() > until) throw new Error(`receiver: fewer than ${n} requests`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => child.send({ close: true }),
  };
}

/** CPU seconds (utime+stime, /proc, 10 ms ticks) of one thread: `pid`'s main thread by default. */
export function threadSeconds(pid: number, tid = pid): number {
  try {
    const f = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // CLK_TCK
  } catch {
    return 0;
  }
}

/**
 * CPU of the PostgreSQL backends serving the bench's database (the server pool's connections;
 * not the watching client's own), from /proc. A no-op without a URL (SQLite).
 */
export async function pgBackends(url: string | undefined) {
  const client = url ? new pg.Client({ connectionString: url }) : null;
  await client?.connect();
  async function snapshot(): Promise<Map<number, number>> {
    if (!client) return new Map();
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)]));
  }
  return {
    on: client !== null,
    snapshot,
    /** CPU µs per order of the backends still connected, since `from`. */
    async perOrderSince(from: Map<number, number>, orders: number): Promise<number> {
      let s = 0;
      for (const [pid, t] of await snapshot()) s += t - (from.get(pid) ?? 0);
      return (s * 1e6) / orders;
    },
    end: async () => client?.end(),
  };
}

/** Drops the schemas freshSchema made for `urls` (their search_path). */
export async function dropSchemas(baseUrl: string, urls: Array<string | undefined>): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  for (const u of urls) {
    if (!u) continue;
    const schema = new URL(u).searchParams.get('options')!.split('=')[1]!;
    await client.query(`drop schema if exists ${schema} cascade`);
  }
  await client.end();
}

/** A dated section of bench/webhooks-results.md: `## <time> (<what>, load average …)`. */
export function appendResults(what: string, loadAtStart: string, lines: string[]): void {
  appendFileSync(
    new URL('./webhooks-results.md', import.meta.url),
    `\n## ${new Date().toISOString()} (${what}, load average ${loadAtStart} at the start, ${loadAverage()} at the end)\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`,
  );
}
