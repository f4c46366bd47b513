/**
 * `tradepost serve --workers N` (docs/scaling.md "More than one process"): N server processes on
 * one database, PostgreSQL or the embedded SQLite file, sharing one port through node:cluster (the
 * primary accepts, workers take connections in turn).
 *
 * - The primary runs migrations and demo seeding once, before forking (workers then find the
 *   database up to date), prints the banner, and serves nothing itself except, with METRICS_PORT,
 *   the metrics of all workers summed (prom-client's AggregatorRegistry).
 * - Every worker is a whole `serve`: its own pools, writer, webhook delivery worker (deliveries
 *   are claimed with SKIP LOCKED and leases, so N of them share the queue without doubles), its
 *   caches; replay guard and rate limits are shared through Redis, PostgreSQL or SQLite's
 *   nonces.db (context.ts).
 * - SIGTERM/SIGINT to the primary: each worker drains as a lone server would (ops/drain.ts);
 *   the primary exits 0 when every worker did, 1 otherwise. One while starting is a clean stop
 *   too (before forking, or workers that had not listened yet).
 * - A worker that dies unasked is forked again after 1 s, doubling up to 30 s while they keep
 *   dying young (under 30 s of life); a worker that lived longer restarts after 1 s again.
 * - A worker that dies before every worker first listened (a refused configuration, Redis not
 *   answering) is not retried: the others are stopped and the primary exits 1, as one process would.
 * - On SQLite a worker sees the others' commits before they are on disk: every answer that read
 *   waits for an fsync begun after its read (context.ts `otherProcesses`, db/wal-sync.ts;
 *   docs/scaling.md "SQLite: serve --workers N"). SQLite still has one writer at a time: the
 *   workers' group commits take turns under its lock.
 */
import cluster, { type Worker } from 'node:cluster';
import { pino } from 'pino';
import type { Config } from '../config.ts';
import { loggerOptions } from '../logging.ts';
import { listenForStopSignals, type StopSignal } from './stop-signals.ts';

/** Header naming the worker (1..N, by fork order) that answered, so a test or an operator can see the spread. */
export const WORKER_HEADER = 'x-tradepost-worker';

/** What the primary logs with: a pino logger, as the workers' (their lines and its own, one JSON stream). */
interface ClusterLog {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
}

/**
 * The primary's side. `prepare` runs once before forking (migrations, demo data) and returns what
 * the banner needs; `banner` prints it once the workers listen. Resolves never: the process exits
 * from the signal handler.
 */
export async function runPrimary(opts: {
  config: Config;
  workers: number;
  /** With the primary's logger: what a starting deployment says once is said here (server.ts logStartup). */
  prepare(log: ClusterLog): Promise<(url: string) => void>;
  log?: ClusterLog;
}): Promise<void> {
  const { config, workers } = opts;
  // On stdout with the workers' lines, with the same redaction; `cluster: 'primary'` tells them apart.
  const log = opts.log ?? pino(loggerOptions(config.logLevel)).child({ cluster: 'primary' });
  // A signal during migrations and demo seeding is kept, as a lone server keeps it, and ends the
  // start once they are done: no worker is forked. They may hang (a database that never answers):
  // the start then ends as a drain would, after TRADEPOST_SHUTDOWN_MS, or at a second signal.
  let early: StopSignal | null = null;
  const signals = listenForStopSignals((signal) => {
    if (early) process.exit(1);
    early = signal;
    setTimeout(() => {
      log.warn(
        { signal, shutdownMs: config.shutdownMs },
        `${signal} while starting: the start did not finish in time; exiting`,
      );
      process.exit(1);
    }, config.shutdownMs).unref();
  });
  const banner = await opts.prepare(log);
  if (early) {
    log.info({ signal: early }, `${early} while starting: stopped before forking workers`);
    process.exit(0);
  }

  let metrics: { close(): Promise<void> } | null = null;
  if (config.metricsPort !== undefined) {
    const { AggregatorRegistry } = await import('prom-client');
    const { startMetricsServer } = await import('./metrics-http.ts');
    const aggregator = new AggregatorRegistry();
    metrics = await startMetricsServer({
      host: config.metricsHost,
      port: config.metricsPort,
      token: config.metricsToken,
      collect: async () => ({
        type: aggregator.contentType,
        body: await (await aggregator.clusterMetrics()).toString(),
      }),
    });
  }

  // Demo data is in; METRICS_PORT is the primary's. Slots are numbered 1..N for the header.
  const fork = (slot: number) =>
    cluster.fork({ TRADEPOST_DEMO: '0', METRICS_PORT: '', TRADEPOST_WORKER_SLOT: String(slot) });
  const slots = new Map<Worker, { slot: number; startedAt: number }>();
  const delays = new Map<number, number>();
  let stopping = false;

  const start = (slot: number) => {
    const w = fork(slot);
    slots.set(w, { slot, startedAt: Date.now() });
    return w;
  };

  let started = false;
  const listened = new WeakSet<Worker>();
  const listening = new Promise<number>((resolve) => {
    let up = 0;
    cluster.on('listening', (w, address) => {
      listened.add(w);
      if (++up === workers) {
        started = true;
        resolve(address.port);
      }
    });
  });

  cluster.on('exit', (w, code, signal) => {
    const info = slots.get(w);
    slots.delete(w);
    if (stopping || !info) return;
    if (!started) {
      // Its reason is on stderr already (each worker reports its own start failure).
      stopping = true;
      log.warn(
        { worker: info.slot, exit: signal ?? code },
        `worker ${info.slot} could not start (${signal ?? code}); stopping`,
      );
      for (const other of slots.keys()) other.process.kill('SIGTERM');
      process.exit(1);
    }
    const lived = Date.now() - info.startedAt;
    const delay = lived > 30_000 ? 1000 : Math.min(30_000, (delays.get(info.slot) ?? 500) * 2);
    delays.set(info.slot, delay);
    log.warn(
      { worker: info.slot, workerPid: w.process.pid, exit: signal ?? code, restartInMs: delay },
      `worker ${info.slot} (pid ${w.process.pid}) exited (${signal ?? code}); restarting in ${delay} ms`,
    );
    setTimeout(() => {
      if (!stopping) start(info.slot);
    }, delay).unref();
  });

  const stop = (signal: StopSignal) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, workers: slots.size }, `${signal}: draining ${slots.size} workers`);
    const codes: Promise<number>[] = [];
    for (const w of slots.keys()) {
      // Killed by this SIGTERM before it listened (still loading, its handler not yet in place):
      // it served nothing, so nothing was cut. Once it listens, a worker always drains.
      const clean = (code: number | null, sig: string | null) =>
        sig === 'SIGTERM' && !listened.has(w) ? 0 : sig ? 1 : code!;
      codes.push(new Promise((resolve) => w.once('exit', (code, sig) => resolve(clean(code, sig)))));
      w.process.kill('SIGTERM');
    }
    // Each worker bounds its own drain; this only catches one that hangs past it.
    setTimeout(() => {
      log.warn({ workers: slots.size }, 'workers did not stop in time; killing them');
      for (const w of slots.keys()) w.process.kill('SIGKILL');
      process.exit(1);
    }, config.shutdownMs + 10_000).unref();
    void Promise.all(codes).then(async (all) => {
      await metrics?.close();
      process.exit(all.every((c) => c === 0) ? 0 : 1);
    });
  };
  // From the first fork: a worker signalled before it listens keeps the signal and drains once it does.
  signals.set(stop);
  for (let i = 1; i <= workers; i++) start(i);
  const port = await listening;
  if (!stopping) banner(`http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`);
}

/** In a worker: its slot (1..N), for the response header; undefined outside --workers. */
export function workerSlot(): string | undefined {
  return cluster.isWorker ? process.env.TRADEPOST_WORKER_SLOT : undefined;
}
