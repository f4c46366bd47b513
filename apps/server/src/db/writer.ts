import type SQLite from 'better-sqlite3';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import { isRetryableTransactionError } from './errors.ts';
import { retryWhileBusy } from './sqlite-busy.ts';
import type { WalSync } from './wal-sync.ts';
import { writerBatchUnits, writerCommitSeconds, writerFailedCommits } from '../ops/metrics.ts';

/**
 * A caller's extra writes inside a service's writer unit (the audit row, the webhook outbox): they
 * commit or roll back with the change itself. `result` is what the unit wrote.
 */
export type InUnit<T> = (trx: Transaction<Database>, result: T) => Promise<void>;

/**
 * The only way to write (docs/architecture.md "Writes"). A unit must do all its reads and writes
 * through the `trx` it is given, must not call `writer.run` itself (on SQLite that would wait for
 * the batch it is part of), and may be re-run on PostgreSQL after a serialization failure, so it
 * should have no side effects outside the database.
 */
export interface Writer {
  run<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: a unit that is ONE statement, sent without BEGIN/COMMIT, so the statement is
   * its own transaction: the row locks it takes are held for that one round trip and its commit,
   * not across several. Retried like `run`. Resolves after the commit (synchronous_commit as the
   * pool has it: on). `afterCommit` hooks called with `db` run at once, so call them after the
   * statement. SQLite has none (a unit there is a savepoint of a group commit): use `run`.
   */
  single?<T>(statement: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * undefined when every commit that a read of this process may have seen is on disk; else a
   * promise of that. Every answer waits for it before it leaves (app.ts; db/wal-sync.ts): only a
   * SQLite writer that syncs its WAL off the event loop ever returns a promise.
   */
  readsDurable(): Promise<void> | undefined;
  /** As `readsDurable`, for every commit made so far: for work whose reads note nothing (`backgroundDb`). */
  allDurable(): Promise<void> | undefined;
  /** Resolves once every unit queued so far has settled; later `run` calls are refused. */
  close(): Promise<void>;
  /**
   * Counters for tests and benchmarks; `queued`: units not yet settled; `retries`: attempts run
   * again after a deadlock or serialization failure (PostgreSQL; always 0 on SQLite).
   */
  stats(): { units: number; commits: number; queued: number; retries: number };
}

/**
 * Hooks to run once the unit that `trx` belongs to has COMMITTED (never for a unit that rolled
 * back or is retried): e.g. counting what was written without counting what was undone.
 * Keyed by the unit's transaction object; outside a writer unit the hook runs at once.
 */
const commitHooks = new WeakMap<object, Array<() => void>>();

export function afterCommit(trx: object, hook: () => void): void {
  const hooks = commitHooks.get(trx);
  if (hooks) hooks.push(hook);
  else hook();
}

/**
 * Runs `fn` inside SAVEPOINT `name` of the unit that `trx` belongs to. If `fn` throws, its writes
 * are rolled back to the savepoint AND the commit hooks it registered are dropped (they describe
 * writes that no longer exist: a batch item's stock on the product pages, its ledger metric); the
 * error is rethrown, and the unit goes on. Units run one at a time, so swapping the hook list for
 * the span of `fn` cannot catch another unit's hooks.
 */
export async function inSavepoint<T>(
  trx: Transaction<Database>,
  name: 'batch_item',
  fn: () => Promise<T>,
): Promise<T> {
  const outer = commitHooks.get(trx);
  const inner: Array<() => void> = [];
  if (outer) commitHooks.set(trx, inner);
  try {
    await sql`savepoint ${sql.raw(name)}`.execute(trx);
    try {
      const value = await fn();
      await sql`release savepoint ${sql.raw(name)}`.execute(trx);
      outer?.push(...inner);
      return value;
    } catch (e) {
      await sql`rollback to savepoint ${sql.raw(name)}`.execute(trx);
      await sql`release savepoint ${sql.raw(name)}`.execute(trx);
      throw e;
    }
  } finally {
    if (outer) commitHooks.set(trx, outer);
  }
}

function runHooks(hooks: Array<() => void> | undefined): void {
  if (!hooks) return;
  for (const hook of hooks) {
    try {
      hook();
    } catch {
      // A hook is bookkeeping (metrics): it must never turn a committed unit into a failure.
    }
  }
}

/**
 * SQLite: the better-sqlite3 connection behind a batch's transaction, for `runSql`. Only set while
 * the batch runs; a `trx` used past its unit is a bug the writer's contract (above) rules out.
 */
const batchConnections = new WeakMap<object, SQLite.Database>();

/**
 * A statement for `runSql`, written as a template with the `stmt` tag like Kysely's `sql`: values
 * are bound, and a `Stmt` among the values is spliced in as SQL (a shared predicate, or `stmt```
 * for nothing). It is only data — the template's pieces and its values — so building one costs an
 * object and an array, where Kysely's `sql` builds and freezes a node per value (~3 µs a statement).
 */
export class Stmt<R = unknown> {
  declare readonly row?: R;
  constructor(
    readonly strings: TemplateStringsArray,
    readonly values: readonly unknown[],
  ) {}
  /** As Kysely's `sql` template (PostgreSQL, the read pool, anything but a SQLite writer unit). */
  toSql(): RawBuilder<R> {
    return sql<R>(this.strings, ...this.values.map((v) => (v instanceof Stmt ? v.toSql() : v)));
  }
}

export function stmt<R = unknown>(strings: TemplateStringsArray, ...values: unknown[]): Stmt<R> {
  return new Stmt<R>(strings, values);
}

/**
 * Runs a `stmt` template with the `trx` of a writer unit; the rows it returns. On SQLite it runs at
 * once on the unit's connection as a prepared statement, its text built once per shape (below),
 * instead of through Kysely's per-query chain of promises and connection providers: the hot
 * per-order statements use it. Elsewhere (PostgreSQL, the read pool) it is Kysely's `execute`.
 */
export async function runSql<R>(trx: Kysely<Database> | Transaction<Database>, query: Stmt<R>): Promise<R[]> {
  const conn = batchConnections.get(trx);
  if (!conn) return (await query.toSql().execute(trx)).rows;
  const values: unknown[] = [];
  const statement = prepared(conn, query, values);
  if (statement.reader) return statement.all(values) as R[];
  statement.run(values);
  return [];
}

/**
 * A statement's shape: its template's pieces (one array per call site, the same object on every
 * call) and, depth first, those of the `Stmt`s spliced into it. Its SQL text never changes, so it
 * is built and prepared once; only the values are collected on each call. Shapes are few (one per
 * call site and branch), but a template made per call (never the same pieces) would make new ones
 * each time: past 1000 nothing more is kept.
 */
interface Shape {
  statement?: SQLite.Statement;
  conn?: SQLite.Database;
  next?: Map<TemplateStringsArray, Shape>;
}
const shapes: Shape = {};
let shapeCount = 0;

function prepared(conn: SQLite.Database, query: Stmt<unknown>, values: unknown[]): SQLite.Statement {
  const path: TemplateStringsArray[] = [];
  collect(query, path, values);
  let shape: Shape | undefined = shapes;
  for (const key of path) shape = shape?.next?.get(key);
  if (shape?.statement && shape.conn === conn) return shape.statement;
  const statement = conn.prepare(text(query));
  if (shapeCount >= 1000) return statement;
  let at = shapes;
  for (const key of path) {
    at.next ??= new Map();
    let next = at.next.get(key);
    if (!next) {
      at.next.set(key, (next = {}));
      shapeCount++;
    }
    at = next;
  }
  at.statement = statement;
  at.conn = conn;
  return statement;
}

function collect(query: Stmt<unknown>, path: TemplateStringsArray[], values: unknown[]): void {
  path.push(query.strings);
  for (const v of query.values) {
    if (v instanceof Stmt) collect(v, path, values);
    else values.push(v);
  }
}

/** The SQLite text: the pieces joined by `?`, spliced statements inline (as Kysely compiles raw SQL). */
function text(query: Stmt<unknown>): string {
  let out = query.strings[0]!;
  query.values.forEach((v, i) => {
    // Kysely's `sql` inside a `stmt` would be bound as a value here: splice a `stmt` instead.
    if (typeof v === 'object' && v !== null && 'toOperationNode' in v)
      throw new TypeError('runSql: a Kysely `sql` template inside a `stmt`; write it with `stmt`');
    out += (v instanceof Stmt ? text(v) : '?') + query.strings[i + 1]!;
  });
  return out;
}

interface Unit {
  fn: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** One SQLite commit carries at most this many units, so one slow batch cannot grow unbounded. */
export const MAX_UNITS_PER_COMMIT = 256;

/**
 * SQLite group commit. Units queue up; one drain loop takes up to MAX_UNITS_PER_COMMIT of them,
 * opens `BEGIN IMMEDIATE` (the dialect's driver issues it) and runs each unit in its own
 * SAVEPOINT: a unit that throws is rolled back to its savepoint and rejected, the others go on.
 * One COMMIT then makes the whole batch durable, and only then are the promises settled. If the
 * COMMIT itself fails, every unit of the batch rejects. Units that arrive while a batch runs form
 * the next batch.
 *
 * Durable means fsynced. Without `walSync` the connection's synchronous=FULL fsyncs inside the
 * COMMIT, on the event loop. With it (the serving process) the COMMIT only writes the WAL, the
 * batch's units settle when `walSync`'s fsync on the thread pool has covered it, and the next
 * batch runs meanwhile: the event loop never waits for the disk.
 *
 * `conn` is the connection `writeDb` runs on, and the writer is its only user once migrated.
 * BEGIN IMMEDIATE, the savepoints and COMMIT are prepared statements issued on it directly, and
 * every unit gets `writeDb` itself as its `trx`: its Kysely queries run on that one connection,
 * inside the batch's transaction (units run one after another, so the commit hooks still belong to
 * the unit running). Kysely's startTransaction() + commit() cost ~35 µs per batch (measured alone,
 * an empty transaction: 2 µs as prepared statements; at 32 connections a batch is ~15 orders, so
 * ~2 µs an order); its savepoint() built a new transaction object per unit, ~15 µs per order.
 */
export function createSqliteWriter(
  writeDb: Kysely<Database>,
  conn: SQLite.Database,
  walSync?: WalSync,
): Writer {
  const queue: Unit[] = [];
  // Prepared once: compiling them again for every unit cost a few µs of each order.
  const begin = conn.prepare('begin immediate');
  const commit = conn.prepare('commit');
  const rollback = conn.prepare('rollback');
  // What a unit's queries go through: the writer's own connection, in the batch's transaction.
  const trx = writeDb as Transaction<Database>;
  const savepoint = conn.prepare('savepoint unit');
  const release = conn.prepare('release unit');
  const rollbackTo = conn.prepare('rollback to unit');
  const shared = walSync?.otherProcesses === true;
  let draining: Promise<void> | null = null;
  let closed = false;
  let units = 0;
  let commits = 0;
  /** Units out of `queue` and not yet settled: the running batch's, and committed ones' awaiting their fsync. */
  let inFlight = 0;

  /**
   * Runs the batch's units and its COMMIT. Returns how to settle them, or null if it already
   * rejected them all (nothing of the batch committed). While the previous batch's fsync runs,
   * the COMMIT waits and units that arrive meanwhile join the batch (up to the cap): the CPU works
   * while the disk does, and a commit still carries every unit that came while the disk was busy.
   * (Committing at once instead made batches of one or two: 30% more CPU per order in WAL writes.)
   */
  async function runBatch(batch: Unit[]): Promise<(() => void) | null> {
    try {
      // With other processes on the file their writer may hold the lock for a batch: wait without
      // stopping the loop (busy_timeout 0 on this connection, set by dialect.ts).
      if (shared) await retryWhileBusy(() => begin.run());
      else begin.run();
    } catch (e) {
      for (const u of batch) u.reject(e);
      return null;
    }
    const settled: Array<
      { ok: true; value: unknown; hooks: Array<() => void> } | { ok: false; error: unknown }
    > = [];
    try {
      batchConnections.set(trx, conn);
      for (let i = 0; ; i++) {
        if (i === batch.length) {
          // (Not with other processes on the file: this would hold SQLite's write lock through the
          // fsync, and theirs would wait on it. drain() waits for it before BEGIN instead.)
          const syncing = batch.length < MAX_UNITS_PER_COMMIT && !shared ? walSync?.allDurable() : undefined;
          if (!syncing) break;
          await syncing;
          const more = queue.splice(0, MAX_UNITS_PER_COMMIT - batch.length);
          if (more.length === 0) break;
          inFlight += more.length;
          batch.push(...more);
        }
        const unit = batch[i]!;
        savepoint.run();
        const hooks: Array<() => void> = [];
        commitHooks.set(trx, hooks);
        try {
          const value = await unit.fn(trx);
          release.run();
          settled.push({ ok: true, value, hooks });
        } catch (error) {
          rollbackTo.run();
          release.run();
          settled.push({ ok: false, error });
        } finally {
          commitHooks.delete(trx);
        }
      }
      batchConnections.delete(trx);
      const started = performance.now();
      commit.run();
      writerCommitSeconds.observe({ dialect: 'sqlite' }, (performance.now() - started) / 1000);
      writerBatchUnits.observe(batch.length);
      commits++;
    } catch (e) {
      batchConnections.delete(trx);
      // The savepoint machinery or COMMIT failed: nothing of this batch is durable.
      writerFailedCommits.inc({ dialect: 'sqlite' });
      // (A failed COMMIT may have ended the transaction itself: SQLite rolls back on some errors.)
      try {
        if (conn.inTransaction) rollback.run();
      } catch {
        // Nothing more to undo: the batch is rejected either way.
      }
      for (const u of batch) u.reject(e);
      return null;
    }
    return () =>
      batch.forEach((u, i) => {
        const r = settled[i]!;
        if (r.ok) {
          runHooks(r.hooks);
          u.resolve(r.value);
        } else u.reject(r.error);
      });
  }

  async function drain(): Promise<void> {
    // Yield once so callers that arrive in the same tick share the first commit.
    await new Promise<void>((r) => setImmediate(r));
    while (queue.length > 0) {
      // Other processes on the file: units gather while the last fsync runs, outside the lock.
      if (shared) await walSync!.allDurable();
      const batch = queue.splice(0, MAX_UNITS_PER_COMMIT);
      inFlight += batch.length;
      const settle = await runBatch(batch);
      const done = () => {
        settle?.();
        inFlight -= batch.length;
      };
      const seq = settle ? walSync?.committed() : undefined;
      // With a WalSync: settled when its fsync covers this COMMIT; meanwhile, the next batch runs.
      if (seq === undefined || walSync!.isDurable(seq)) done();
      else void walSync!.whenDurable(seq).then(done);
    }
    draining = null;
  }

  return {
    run<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('writer is closed'));
      units++;
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        draining ??= drain();
      });
    },
    readsDurable: () => walSync?.readsDurable(),
    allDurable: () => walSync?.allDurable(),
    async close() {
      closed = true;
      while (draining) await draining;
      await walSync?.close();
    },
    stats: () => ({ units, commits, queued: queue.length + inFlight, retries: 0 }),
  };
}

/** Bounded retries of serialization failures and deadlocks; jittered so racers spread out. */
const PG_MAX_ATTEMPTS = 5;

/** PostgreSQL: each unit is its own transaction (the server does the grouping in its WAL). */
export function createPostgresWriter(db: Kysely<Database>): Writer {
  let closed = false;
  let units = 0;
  let commits = 0;
  let retries = 0;
  const inFlight = new Set<Promise<unknown>>();

  async function attempt<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return retried(async () => {
      const hooks: Array<() => void> = [];
      const value = await db.transaction().execute((trx) => {
        commitHooks.set(trx, hooks);
        return fn(trx);
      });
      runHooks(hooks);
      return value;
    });
  }

  async function retried<T>(once: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      const started = performance.now();
      try {
        const value = await once();
        writerCommitSeconds.observe({ dialect: 'postgres' }, (performance.now() - started) / 1000);
        commits++;
        return value;
      } catch (e) {
        if (n >= PG_MAX_ATTEMPTS || !isRetryableTransactionError(e)) throw e;
        retries++;
        await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** n));
      }
    }
  }

  function track<T>(p: Promise<T>): Promise<T> {
    units++;
    inFlight.add(p);
    const forget = () => inFlight.delete(p);
    p.then(forget, forget);
    return p;
  }

  return {
    run<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('writer is closed'));
      return track(attempt(fn));
    },
    single<T>(statement: (db: Kysely<Database>) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('writer is closed'));
      return track(retried(() => statement(db)));
    },
    async close() {
      closed = true;
      await Promise.allSettled([...inFlight]);
    },
    // A commit is visible only once it is on disk (synchronous_commit on).
    readsDurable: () => undefined,
    allDurable: () => undefined,
    stats: () => ({ units, commits, queued: inFlight.size, retries }),
  };
}
