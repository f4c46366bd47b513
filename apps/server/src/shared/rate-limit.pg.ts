import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { PREPARED } from '../db/pg-prepared.ts';
import { gcraPerTick, type RateLimiter } from './rate-limit.ts';
import { StoreUnavailableError } from './unavailable.ts';

/**
 * Rate limits shared through PostgreSQL when there is no Redis: the same GCRA as
 * rate-limit.redis.ts on the UNLOGGED `rate_limits` table (migration 2026-11-29-scale-rate-limits).
 * The requests of one event-loop tick go as ONE call of `tradepost_rate_take` (migration
 * 2026-11-29-scale-rate-take) with each key's count: one round trip and one transaction per tick,
 * where an upsert per request made the limiter a transaction of its own for every order, all on
 * one row for one busy merchant. The row lock makes each key's update atomic across processes;
 * `now` is the database's clock. UNLOGGED: no WAL, so no flush, and the table is emptied after a
 * database crash (every bucket starts full again) and is not on replicas.
 */
export function createPgRateLimiter(
  db: Kysely<Database>,
  opts: { perSecond: number; burst?: number; purgeIntervalMs?: number },
): RateLimiter {
  const timer = setInterval(() => {
    // A bucket whose tat has passed is full: forgetting it changes nothing.
    sql`delete from rate_limits where tat < extract(epoch from clock_timestamp()) * 1000`
      .execute(db)
      .catch(() => undefined);
  }, opts.purgeIntervalMs ?? 60_000);
  timer.unref();

  const consume = gcraPerTick(opts, async (keys, counts, interval, span) => {
    const { rows } = await sql<{
      r_key: string;
      r_t0: number;
      r_taken: number;
      r_now: number;
    }>`${sql.raw(PREPARED)}
      select * from tradepost_rate_take(${keys}::text[], ${counts}::integer[], ${interval}::float8, ${span}::float8)`
      .execute(db)
      .catch((e: unknown) => {
        throw new StoreUnavailableError('rate-limit store', e);
      });
    return rows.map((r) => ({
      key: r.r_key,
      t0: Number(r.r_t0),
      taken: Number(r.r_taken),
      now: Number(r.r_now),
    }));
  });
  return {
    consume,
    stop: () => clearInterval(timer),
  };
}
