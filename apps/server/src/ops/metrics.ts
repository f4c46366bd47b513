/**
 * The process's Prometheus metrics (docs/operations.md "Monitoring"): one registry, the metrics
 * every part of the server records into, and nothing else. Other modules import what they record
 * (`ledgerEntriesWritten`, …) or declare their own with counter(), histogram() and gauge()
 * (webhooks: deliveries, backlog), named `tradepost_<area>_<what>_<unit>`.
 *
 * Recording is a counter increment or a histogram observation on a pre-resolved child: no I/O,
 * no allocation per request beyond the label lookup, so the order path does not notice it
 * (bench figure in docs/operations.md). Labels are bounded sets: door, route PATTERN (never the
 * raw URL, which holds ids and query strings), method, HTTP status; entry type; claim result.
 */
import cluster from 'node:cluster';
import type * as Prom from 'prom-client';

type PromClient = typeof Prom;

/**
 * prom-client (with @opentelemetry/api: ~0.1 s of CPU to load) is loaded by loadMetrics(), which
 * the server calls before building its app; a CLI command never does. The metrics below are
 * declared here and made in the registry when it loads: until then recording one is a no-op.
 */
let loaded: { prom: PromClient; registry: Prom.Registry } | undefined;
const makers: Array<(prom: PromClient, registry: Prom.Registry) => void> = [];

function declare(make: (prom: PromClient, registry: Prom.Registry) => void): void {
  if (loaded) make(loaded.prom, loaded.registry);
  else makers.push(make);
}

let loading: Promise<Prom.Registry> | undefined;

/** Loads prom-client and makes every declared metric in the process's one registry (once). */
export function loadMetrics(): Promise<Prom.Registry> {
  loading ??= (async () => {
    const prom = await import('prom-client');
    const registry = new prom.Registry();
    // `serve --workers`: the primary's METRICS_PORT asks each worker for this registry (ops/cluster.ts).
    // Constructing one is what makes prom-client answer the primary's requests in a worker.
    if (cluster.isWorker) {
      prom.AggregatorRegistry.setRegistries([registry]);
      void new prom.AggregatorRegistry();
    }
    // process_* and nodejs_* (CPU, RSS, heap, open fds, GC, event-loop lag from monitorEventLoopDelay).
    prom.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
    loaded = { prom, registry };
    for (const make of makers.splice(0)) make(prom, registry);
    return registry;
  })();
  return loading;
}

/** A counter in the registry once it is loaded; `child(labels)`: its child for those labels, resolved then. */
export function counter<T extends string>(
  config: Omit<Prom.CounterConfiguration<T>, 'registers'>,
): Pick<Prom.Counter<T>, 'inc'> & { child(labels: Prom.LabelValues<T>): Pick<Prom.Counter.Internal, 'inc'> } {
  let m: Prom.Counter<T> | undefined;
  declare((prom, registry) => (m = new prom.Counter({ ...config, registers: [registry] })));
  return {
    inc: ((labels?: never, value?: number) => m?.inc(labels as never, value)) as Prom.Counter<T>['inc'],
    child(labels) {
      let c: Prom.Counter.Internal | undefined;
      declare(() => (c = m!.labels(labels)));
      return { inc: (value) => c?.inc(value) };
    },
  };
}

/**
 * A histogram in the registry once it is loaded; `child(labels)`: its child for those labels
 * (observing on a child skips checking and hashing the labels each time).
 */
export function histogram<T extends string>(
  config: Omit<Prom.HistogramConfiguration<T>, 'registers'>,
): Pick<Prom.Histogram<T>, 'observe'> & {
  child(labels: Prom.LabelValues<T>): Pick<Prom.Histogram.Internal<T>, 'observe'>;
} {
  let m: Prom.Histogram<T> | undefined;
  declare((prom, registry) => (m = new prom.Histogram({ ...config, registers: [registry] })));
  return {
    observe: ((labels: never, value?: number) => m?.observe(labels, value!)) as Prom.Histogram<T>['observe'],
    child(labels) {
      let c: Prom.Histogram.Internal<T> | undefined;
      declare(() => (c = m!.labels(labels)));
      return { observe: (value) => c?.observe(value) };
    },
  };
}

/** A gauge read at scrape time (its `collect`), in the registry once it is loaded. */
export function gauge<T extends string>(config: Omit<Prom.GaugeConfiguration<T>, 'registers'>): void {
  declare((prom, registry) => void new prom.Gauge({ ...config, registers: [registry] }));
}

export const httpRequestDuration = histogram({
  name: 'tradepost_http_request_duration_seconds',
  help: 'HTTP requests by door, route pattern, method and status; _count is the request count',
  labelNames: ['door', 'route', 'method', 'code'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

export const ledgerEntriesWritten = counter({
  name: 'tradepost_ledger_entries_written_total',
  help: 'Ledger entries committed, by type (order = one per order placed, refund = one per refund)',
  labelNames: ['type'] as const,
});

export const ordersWritten = counter({
  name: 'tradepost_orders_written_total',
  help: 'Orders committed (each with its one debit entry)',
});

export const refundsWritten = counter({
  name: 'tradepost_refunds_written_total',
  help: 'Refunds committed (at most one per cancelled or failed order)',
});

export const writerBatchUnits = histogram({
  name: 'tradepost_writer_batch_units',
  help: 'Units per group commit (SQLite; PostgreSQL commits each unit alone)',
  buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
});

export const writerCommitSeconds = histogram({
  name: 'tradepost_writer_commit_seconds',
  help: 'SQLite: the COMMIT of one batch (serving: its WAL fsync is tradepost_writer_wal_sync_seconds; CLI: fsync included); PostgreSQL: one unit transaction, begin to commit',
  labelNames: ['dialect'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
});

export const writerWalSyncSeconds = histogram({
  name: 'tradepost_writer_wal_sync_seconds',
  help: 'SQLite: one fdatasync of the WAL off the event loop, covering every commit made before it began',
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
});

export const writerFailedCommits = counter({
  name: 'tradepost_writer_failed_commits_total',
  help: 'Commits that failed (every unit of the batch rejected)',
  labelNames: ['dialect'] as const,
});

export const replayGuardClaims = counter({
  name: 'tradepost_replay_guard_claims_total',
  help: 'B-End nonce claims: claimed (first use) or replayed (refused)',
  labelNames: ['result'] as const,
});

const claimed = replayGuardClaims.child({ result: 'claimed' });
const replayed = replayGuardClaims.child({ result: 'replayed' });

/** The same replay-guard store, counting each claim's outcome. */
export function countingClaims<
  S extends { claim(appId: string, nonce: string, expiresAt: number): Promise<boolean> },
>(store: S): S {
  const claim = store.claim.bind(store);
  return Object.assign(store, {
    async claim(appId: string, nonce: string, expiresAt: number) {
      const won = await claim(appId, nonce, expiresAt);
      (won ? claimed : replayed).inc();
      return won;
    },
  });
}

/** Gauges read at scrape time from whoever owns the numbers (the writer, the pools). */
export interface GaugeSources {
  writerQueued?: () => number;
  /** PostgreSQL pools: connections total / idle / clients waiting for one. */
  pools?: () => Array<{ pool: string; total: number; idle: number; waiting: number }>;
}

const sources: GaugeSources[] = [];

gauge({
  name: 'tradepost_writer_queued_units',
  help: 'Units waiting for the writer (SQLite queue; PostgreSQL in flight)',
  collect() {
    this.set(sources.reduce((n, s) => n + (s.writerQueued?.() ?? 0), 0));
  },
});

gauge({
  name: 'tradepost_db_pool_connections',
  help: 'PostgreSQL pool connections by pool and state (total, idle, waiting = clients queued for one)',
  labelNames: ['pool', 'state'] as const,
  collect() {
    this.reset();
    for (const s of sources)
      for (const p of s.pools?.() ?? []) {
        this.inc({ pool: p.pool, state: 'total' }, p.total);
        this.inc({ pool: p.pool, state: 'idle' }, p.idle);
        this.inc({ pool: p.pool, state: 'waiting' }, p.waiting);
      }
  },
});

/** Adds a source of scrape-time gauges (one per opened context); returns its removal. */
export function addGaugeSource(source: GaugeSources): () => void {
  sources.push(source);
  return () => {
    const i = sources.indexOf(source);
    if (i >= 0) sources.splice(i, 1);
  };
}

/** Counts one committed ledger entry (called after its unit committed: see writer.afterCommit). */
export function countLedgerEntry(type: string): void {
  ledgerEntriesWritten.inc({ type });
  if (type === 'order') ordersWritten.inc();
  else if (type === 'refund') refundsWritten.inc();
}
