/**
 * Running the migration set (migrations/index.ts) safely while several processes start at once
 * and while a migration may fail (docs/operations.md "Upgrades").
 *
 * - PostgreSQL: a session advisory lock, keyed by the schema, is held on its own connection for
 *   the whole run, so two processes starting together migrate once: the second waits, then finds
 *   nothing pending. (Kysely's Migrator takes a lock of its own, but only after creating its
 *   bookkeeping tables, and two concurrent `create table if not exists` can still collide.)
 *   The Migrator runs every pending migration in ONE transaction: a failure leaves the schema as
 *   it was (PostgreSQL's DDL is transactional).
 * - SQLite: the run is wrapped in `BEGIN IMMEDIATE … COMMIT` on the single write connection, which
 *   both serializes processes (the write lock) and rolls a failed migration back whole (SQLite's
 *   DDL is transactional too; Kysely's SQLite adapter does not use a transaction by itself).
 */
import { type Kysely, Migrator, type MigrationProvider, sql } from 'kysely';
import type { Database, DialectName } from './database.ts';
import { migrationProvider } from './migrations/index.ts';

export interface MigrateOptions {
  dialect: DialectName;
  /** PostgreSQL: the schema the bookkeeping tables live in (search_path's first). */
  schema?: string | undefined;
  /** Tests swap in a set with a failing migration. */
  provider?: MigrationProvider;
  /**
   * Give a new, empty database its schema but refuse to upgrade an older release's: the operator
   * CLI, which may run beside that release's server (only `migrate` and `serve` upgrade).
   */
  newOnly?: boolean;
}

/** An older release's database (some migrations run, others not) met by an open with `newOnly`. */
export class PartlyMigratedError extends Error {
  constructor(readonly pending: readonly string[]) {
    super(
      `the database is an older release's: ${pending.length} migration(s) pending (${pending.join(', ')})`,
    );
    this.name = 'PartlyMigratedError';
  }
}

export interface MigrationStatus {
  readonly name: string;
  readonly executedAt: Date | null;
}

function migrator(db: Kysely<Database>, opts: MigrateOptions): Migrator {
  return new Migrator({
    db,
    provider: opts.provider ?? migrationProvider,
    // Areas land migrations of the same date in any order (their keys sort by area, not by
    // landing): a database that already ran a later-sorting one must still take the new one.
    allowUnorderedMigrations: true,
    ...(opts.schema ? { migrationTableSchema: opts.schema } : {}),
  });
}

/** Applies every pending migration; returns the names applied (empty when up to date). */
export async function migrateToLatest(db: Kysely<Database>, opts: MigrateOptions): Promise<string[]> {
  const run = async () => {
    if (opts.newOnly) {
      // Checked under the same lock as the run, so no other process upgrades in between.
      const all = await listMigrations(db, opts);
      const pending = all.filter((m) => m.executedAt === null).map((m) => m.name);
      if (pending.length > 0 && pending.length < all.length) throw new PartlyMigratedError(pending);
    }
    const { error, results } = await migrator(db, opts).migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName;
      // Kysely's words when the database knows a migration this build does not: a newer version ran.
      const newer = /previously executed migration .* is missing/.test(String(error))
        ? ': this database was upgraded by a newer Tradepost; run that version, or restore the backup taken before the upgrade'
        : '';
      throw new Error(`database migration ${failed ?? ''} failed: ${String(error)}${newer}`, {
        cause: error,
      });
    }
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  };
  if (opts.dialect === 'postgres') return withPostgresMigrationLock(db, opts.schema ?? 'public', run);
  await sql`begin immediate`.execute(db);
  try {
    const applied = await run();
    await sql`commit`.execute(db);
    return applied;
  } catch (e) {
    await sql`rollback`.execute(db).catch(() => undefined);
    throw e;
  }
}

/** Every known migration and when it ran (null = pending); changes nothing. */
export async function listMigrations(db: Kysely<Database>, opts: MigrateOptions): Promise<MigrationStatus[]> {
  const all = await migrator(db, opts).getMigrations();
  return all.map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }));
}

async function withPostgresMigrationLock<T>(
  db: Kysely<Database>,
  schema: string,
  fn: () => Promise<T>,
): Promise<T> {
  // hashtext gives a stable int4 per schema: neighbouring schemas (tests, tenants) never wait on
  // each other, while every process of one deployment does.
  const key = sql`hashtext(${`tradepost:migrate:${schema}`})`;
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${key})`.execute(conn);
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(conn);
    }
  });
}
