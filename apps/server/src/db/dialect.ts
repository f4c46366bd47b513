import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
} from 'kysely';
import type pg from 'pg';
import { ConfigError } from '../config.ts';
import type { Database, DialectName } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { namePreparedStatements } from './pg-prepared.ts';
import { CurrentSchemaPostgresDialect } from './pg-introspector.ts';
import { WalSync } from './wal-sync.ts';
import { createPostgresWriter, createSqliteWriter, type Writer } from './writer.ts';

/**
 * The one place the dialect is chosen. DATABASE_URL (postgres://…) selects PostgreSQL; without
 * it the server keeps `tradepost.db` in the data directory. Migrations run on open, so every
 * caller gets an up-to-date schema.
 */
export type Migrate = boolean | 'new-only';

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PostgreSQL pool size (default 10). */
  poolMax?: number | undefined;
  /**
   * false: open as found, without migrating (`tradepost migrate --dry-run`); 'new-only': migrate a
   * new, empty database, and throw PartlyMigratedError on an older release's (the operator CLI).
   * Default true.
   */
  migrate?: Migrate;
  /**
   * SQLite: fsync the WAL on the thread pool, not inside the COMMIT (db/wal-sync.ts), for a process
   * that puts every answer behind `writer.readsDurable()`, as the server does (app.ts). Default
   * false: the COMMIT fsyncs (synchronous=FULL), so another process never reads a commit that is
   * not yet on disk — the CLI's writes stay so.
   */
  syncOffLoop?: boolean;
  /**
   * SQLite with `syncOffLoop`: other server processes commit to the same file (`serve --workers`),
   * so every read asks for a sync of its own before its answer leaves (db/wal-sync.ts).
   */
  otherProcesses?: boolean;
  /**
   * SQLite: checkpoint the WAL in a worker thread (default true). A CLI command would spend longer
   * starting the thread (~90 ms) than it runs: it leaves checkpoints to a running server's worker,
   * to the connections' safety net (wal_autocheckpoint) and to its own close, the last connection's.
   */
  checkpointWorker?: boolean;
}

export interface OpenedDatabase {
  /**
   * For reads. On SQLite this is a second connection that only sees committed data, so a read
   * never observes a group-commit batch that has not reached its COMMIT. Writes go through `writer`.
   */
  db: Kysely<Database>;
  /**
   * `db` for background reads that answer nobody (the webhook worker's polls): on SQLite with
   * `syncOffLoop` they leave the answers' durability horizon alone (db/wal-sync.ts); what such work
   * sends must wait for `writer.allDurable()`. Elsewhere the same as `db`.
   */
  backgroundDb: Kysely<Database>;
  dialect: DialectName;
  writer: Writer;
  /** SQLite only: the file for the replay guard (modules/nonces/nonces.file-store.ts). */
  nonceFile?: string;
  /** PostgreSQL only: a small pool for the replay guard, committing with synchronous_commit off. */
  nonceDb?: Kysely<Database>;
  /** PostgreSQL: the schema in use (search_path's first); SQLite: undefined. */
  schema?: string;
  /** The migrations applied by this open (empty when the database was up to date). */
  migrated: string[];
  /** PostgreSQL: the pools' connection counts, for the metrics. */
  poolStats?: () => Array<{ pool: string; total: number; idle: number; waiting: number }>;
  close(): Promise<void>;
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const url = opts.databaseUrl?.trim();
  if (url) return openPostgres(url, opts.poolMax ?? 10, opts.migrate ?? true);
  return openSqlite(opts.dataDir, opts.migrate ?? true, {
    syncOffLoop: opts.syncOffLoop ?? false,
    otherProcesses: opts.otherProcesses ?? false,
    checkpointWorker: opts.checkpointWorker ?? true,
  });
}

/** Kysely's SQLite driver opens a deferred `begin`; the writer needs the write lock up front. */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

function openSqliteConnection(file: string): SQLite.Database {
  const conn = new SQLite(file);
  conn.pragma('journal_mode = WAL');
  // FULL: a COMMIT is on disk before it returns. The serving writer switches to NORMAL after
  // migrating (openSqlite): its WalSync makes each COMMIT durable before its units settle.
  conn.pragma('synchronous = FULL');
  // Another process (the CLI) may hold the write lock briefly; wait rather than fail.
  conn.pragma('busy_timeout = 5000');
  conn.pragma('foreign_keys = ON');
  // Checkpoints run in a worker (startCheckpointer); the connections only step in as a safety net
  // if the WAL grows past ~80 MB (say, the worker died).
  conn.pragma('wal_autocheckpoint = 20000');
  cacheStatements(conn);
  return conn;
}

/** Runs the WAL checkpoints of these files in a worker thread; returns its stop function. */
function startCheckpointer(files: readonly string[], intervalMs = 250): () => Promise<void> {
  const worker = new Worker(new URL('./sqlite-checkpointer.mjs', import.meta.url), {
    workerData: { files, intervalMs },
  });
  worker.unref();
  return async () => {
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.ref(); // keep the process alive until the worker has closed its connection
    worker.postMessage('stop');
    await exited;
  };
}

/**
 * Kysely prepares every query anew; preparing is a third of SQLite's CPU per order. Statements
 * are keyed by their SQL text (values are bound, so the set is small) and reused: safe because
 * better-sqlite3 runs each one to completion before the next call. Bounded for `in (…)` lists.
 */
function cacheStatements(conn: SQLite.Database, max = 1000): void {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = conn.prepare.bind(conn);
  conn.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (!stmt) {
      stmt = prepare(source);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(source, stmt);
    }
    return stmt;
  }) as SQLite.Database['prepare'];
}

/** `conn` for Kysely, each statement noting first that it may see every commit made so far. */
function notingReads(conn: SQLite.Database, walSync: WalSync): SqliteDatabase {
  return {
    prepare(source: string) {
      walSync.noteRead();
      return conn.prepare(source);
    },
    close: () => conn.close(),
  };
}

/** The embedded database's file name in a data dir (beside it: its WAL, and the replay guard's file). */
export const SQLITE_FILE = 'tradepost.db';

async function openSqlite(
  dataDir: string,
  runMigrations: Migrate,
  {
    syncOffLoop,
    otherProcesses,
    checkpointWorker,
  }: Required<Pick<OpenDatabaseOptions, 'syncOffLoop' | 'otherProcesses' | 'checkpointWorker'>>,
): Promise<OpenedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SQLITE_FILE);
  // Migrations commit with FULL either way; the writer's connection switches below.
  const writeConn = openSqliteConnection(file);
  const writeDb = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: writeConn }) });
  let migrated: string[] = [];
  try {
    if (runMigrations)
      migrated = await migrateToLatest(writeDb, { dialect: 'sqlite', newOnly: runMigrations === 'new-only' });
  } catch (e) {
    await writeDb.destroy();
    if (writeConn.open) writeConn.close();
    throw e;
  }
  // Each writer unit is a SAVEPOINT; the first change to a page inside one copies the page to the
  // sub-journal, by default a temp FILE (write syscalls: ~35 µs of CPU per order). In memory it is
  // a copy; it holds one unit's pages and is emptied at each RELEASE, and no crash needs it (the
  // WAL is the durable record). Set after migrating, whose index builds may sort more than a unit.
  writeConn.pragma('temp_store = memory');
  const readConn = openSqliteConnection(file);
  let walSync: WalSync | undefined;
  if (syncOffLoop) {
    // The WAL file exists: the migrator has read (and maybe written) through this connection.
    walSync = new WalSync(`${file}-wal`, { otherProcesses });
    writeConn.pragma('synchronous = NORMAL');
    // The writer's BEGIN retries without blocking the event loop (db/sqlite-busy.ts).
    if (otherProcesses) writeConn.pragma('busy_timeout = 0');
  }
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: walSync ? notingReads(readConn, walSync) : readConn }),
  });
  const backgroundDb = walSync
    ? new Kysely<Database>({ dialect: new SqliteDialect({ database: readConn }) })
    : db;
  // The writer owns walSync: its close() waits for the last fsync, then closes the file.
  const writer = createSqliteWriter(writeDb, writeConn, walSync);
  const nonceFile = join(dataDir, 'nonces.db');
  const stopCheckpointer = checkpointWorker ? startCheckpointer([file, nonceFile]) : async () => {};
  return {
    db,
    backgroundDb,
    dialect: 'sqlite',
    writer,
    nonceFile,
    migrated,
    async close() {
      await writer.close();
      await stopCheckpointer();
      await db.destroy();
      if (backgroundDb !== db) await backgroundDb.destroy();
      await writeDb.destroy();
      // Kysely closes a connection only if it ever handed it out; one never used (the reader of a
      // `migrate` run, say) would stay open and keep the file locked for this process.
      for (const conn of [readConn, writeConn]) if (conn.open) conn.close();
    },
  };
}

/** int8 (bigint, count(*)) as a JS number; money stays far below 2^53 (parseMoney caps at 13 digits). */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 out of safe range: ${text}`);
  return n;
}

// Per pool rather than pg.types.setTypeParser, so other pg users in the process are untouched.
const pgTypesOf = (types: typeof pg.types) => ({
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 ? parseInt8 : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser,
});

/** The same URL with one more `-c name=value` in its libpq `options` (keeping e.g. a search_path). */
function withSessionSetting(url: string, setting: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `${u.searchParams.get('options') ?? ''} -c ${setting}`.trim());
  return u.toString();
}

/** host:port/database of a postgres:// URL: never its user or password. */
function addressOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the URL given';
  }
}

/** A connection failure in words: the pg error's code when it has one (ECONNREFUSED), else its message. */
const reasonOf = (e: unknown): string => {
  const { code, message } = e as { code?: unknown; message?: unknown };
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : String(message);
};

async function openPostgres(url: string, poolMax: number, runMigrations: Migrate): Promise<OpenedDatabase> {
  // Loaded here, not at the top: on SQLite (most CLI commands, too) pg is never loaded.
  const { default: pg } = await import('pg');
  const pgTypes = pgTypesOf(pg.types);
  const pool = new pg.Pool({ connectionString: url, max: poolMax, types: pgTypes });
  // An idle pooled connection that the server drops (a restart, pg_terminate_backend) emits
  // 'error' on the pool; unhandled, that would end the process. The pool has already discarded
  // it, the next query opens a fresh one, and a query that fails reports its own error.
  pool.on('error', () => undefined);
  namePreparedStatements(pool);
  const db = new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
  let schema = 'public';
  let migrated: string[] = [];
  try {
    // Kysely's Migrator, without a schema, finds its bookkeeping tables in ANY schema of the
    // database; pin it to ours (search_path's first) so neighbouring schemas cannot fool it.
    // The first query is the first connection: its failure is the setting's (as REDIS_URL's).
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`
      .execute(db)
      .catch((e: unknown) => {
        throw new ConfigError([`DATABASE_URL: cannot use PostgreSQL at ${addressOf(url)} (${reasonOf(e)})`]);
      });
    schema = rows[0]?.schema ?? 'public';
    if (runMigrations)
      migrated = await migrateToLatest(db, {
        dialect: 'postgres',
        schema,
        newOnly: runMigrations === 'new-only',
      });
  } catch (e) {
    await db.destroy();
    throw e;
  }
  const writer = createPostgresWriter(db);
  // Replay-guard claims: single autocommit statements that need no WAL flush of their own.
  const noncePool = new pg.Pool({
    connectionString: withSessionSetting(url, 'synchronous_commit=off'),
    max: Math.max(2, Math.ceil(poolMax / 4)),
    types: pgTypes,
  });
  noncePool.on('error', () => undefined);
  namePreparedStatements(noncePool);
  const nonceDb = new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect({ pool: noncePool }) });
  return {
    db,
    backgroundDb: db,
    dialect: 'postgres',
    writer,
    nonceDb,
    schema,
    migrated,
    poolStats: () =>
      [
        ['main', pool],
        ['nonces', noncePool],
      ].map(([name, p]) => {
        const q = p as pg.Pool;
        return { pool: name as string, total: q.totalCount, idle: q.idleCount, waiting: q.waitingCount };
      }),
    async close() {
      await writer.close();
      await nonceDb.destroy();
      await db.destroy();
    },
  };
}
