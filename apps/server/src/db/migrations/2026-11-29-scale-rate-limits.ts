import { type Kysely, sql, SqliteAdapter } from 'kysely';

/**
 * PostgreSQL: the rate-limit buckets every server process shares when there is no Redis
 * (shared/rate-limit.pg.ts): one row per credential, its GCRA timestamp (ms). UNLOGGED: written
 * on every limited request, so no WAL; after a crash the table is empty (buckets full again),
 * which is what a rate limit can afford. SQLite runs one process, whose buckets stay in memory:
 * nothing to create there.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`create unlogged table rate_limits (key text primary key, tat double precision not null)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`drop table rate_limits`.execute(db);
}
