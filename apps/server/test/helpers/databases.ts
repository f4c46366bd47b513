/**
 * The databases every data-layer and integration test runs on: one suite, looped over dialects
 * (STYLE.md: no mocks, real databases).
 *
 * Usage — `describe.each` over `eachDatabase()`, one fresh, isolated database per test file:
 *
 *   import { eachDatabase } from '../helpers/databases.ts';
 *
 *   describe.each(eachDatabase())('orders on $name', (database) => {
 *     let opened: OpenedDatabase;
 *     beforeAll(async () => { opened = await database.open(); });       // migrated, via openDatabase
 *     afterAll(async () => { await opened?.close(); await database.dispose(); });
 *     // …or, for a real server: startTestServer({ databaseUrl: await database.url() })
 *   });
 *
 * - `sqlite`: a temp dir; `url()` is undefined (the server then uses its own data dir) and
 *   `open()` opens `tradepost.db` in a fresh temp dir.
 * - `postgres`: `url()` creates a random schema in the test database (once per TestDatabase)
 *   and returns a DATABASE_URL whose connection options set `search_path` to it, so
 *   migrations and queries stay inside; `dispose()` drops it. Server: TEST_PG_URL, default
 *   postgres://postgres@127.0.0.1:5432/test.
 * - PostgreSQL unreachable: a notice is printed and its suites are skipped — except with
 *   CI=true, where the postgres entry stays and every suite using it fails with the reason.
 *
 * `describeEachDatabase(name, fn)` is the same loop as a one-liner.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src/db/dialect.ts';

export const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  readonly name: 'sqlite' | 'postgres';
  /** DATABASE_URL for this database: undefined on SQLite, a fresh schema on PostgreSQL. */
  url(): Promise<string | undefined>;
  /** Opens it through openDatabase (migrations run). PostgreSQL pool: ≥ 10 so races are real. */
  open(opts?: { poolMax?: number }): Promise<OpenedDatabase & { dataDir: string }>;
  /** Drops the schema / removes temp dirs. Close what you opened first. */
  dispose(): Promise<void>;
}

async function probePostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgProblem = await probePostgres();
const isCi = process.env.CI === 'true';
if (pgProblem && !isCi) {
  console.warn(
    `\n[databases] PostgreSQL at ${PG_URL} is not reachable (${pgProblem}); ` +
      'PostgreSQL suites are SKIPPED. Start it or set TEST_PG_URL. (With CI=true they fail instead.)\n',
  );
}

function sqliteDatabase(): TestDatabase {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'tradepost-db-'));
    dirs.push(d);
    return d;
  };
  return {
    name: 'sqlite',
    url: async () => undefined,
    async open() {
      const dataDir = tempDir();
      // As the server opens it (context.ts): the WAL fsynced off the event loop.
      return { ...(await openDatabase({ dataDir, syncOffLoop: true })), dataDir };
    },
    async dispose() {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

function postgresDatabase(): TestDatabase {
  let schema: string | null = null;
  const dirs: string[] = [];
  const fail = () =>
    new Error(`PostgreSQL at ${PG_URL} is not reachable (CI=true requires it): ${pgProblem}`);

  async function url(): Promise<string> {
    if (pgProblem) throw fail();
    if (!schema) {
      const name = `t_${randomBytes(6).toString('hex')}`;
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`create schema ${name}`);
      } finally {
        await client.end();
      }
      schema = name;
    }
    const u = new URL(PG_URL);
    u.searchParams.set('options', `-c search_path=${schema}`);
    return u.toString();
  }

  return {
    name: 'postgres',
    url,
    async open(opts = {}) {
      const databaseUrl = await url();
      const dataDir = mkdtempSync(join(tmpdir(), 'tradepost-db-'));
      dirs.push(dataDir);
      return { ...(await openDatabase({ databaseUrl, dataDir, poolMax: opts.poolMax ?? 12 })), dataDir };
    },
    async dispose() {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
      if (!schema) return;
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
      schema = null;
    },
  };
}

/** Fresh TestDatabase objects (call once per file, e.g. in describe.each). */
export function eachDatabase(): TestDatabase[] {
  const list = [sqliteDatabase()];
  if (!pgProblem || isCi) list.push(postgresDatabase());
  return list;
}

/** `describe.each(eachDatabase())` with the dialect in the suite name. */
export function describeEachDatabase(name: string, fn: (database: TestDatabase) => void): void {
  describe.each(eachDatabase())(`${name} on $name`, fn);
}

/**
 * Inside a describe: opens `database` before the suite's tests, closes and disposes of it after.
 * The getter answers the opened database from inside a test.
 */
export function useOpenedDatabase(database: TestDatabase): () => OpenedDatabase & { dataDir: string } {
  let opened: (OpenedDatabase & { dataDir: string }) | undefined;
  beforeAll(async () => {
    opened = await database.open();
  });
  afterAll(async () => {
    await opened?.close();
    await database.dispose();
  });
  return () => opened!;
}
