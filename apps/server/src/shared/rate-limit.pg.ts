import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { PREPARED } from '../db/pg-prepared.ts';
import { burstFor, gcraState, type RateLimiter, type RateLimitState } from './rate-limit.ts';
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
  const burst = burstFor(opts.perSecond, opts.burst);
  const interval = 1000 / opts.perSecond;
  const span = burst * interval;
  const timer = setInterval(() => {
    // A bucket whose tat has passed is full: forgetting it changes nothing.
    sql`delete from rate_limits where tat < extract(epoch from clock_timestamp()) * 1000`
      .execute(db)
      .catch(() => undefined);
  }, opts.purgeIntervalMs ?? 60_000);
  timer.unref();

  type Waiter = { resolve(state: RateLimitState): void; reject(e: unknown): void };
  let pending = new Map<string, Waiter[]>();
  const flush = async () => {
    const batch = pending;
    pending = new Map();
    // Sorted: two processes lock the keys they share in the same order, so they cannot deadlock.
    const keys = [...batch.keys()].sort();
    try {
      const { rows } = await sql<{ r_key: string; r_t0: number; r_taken: number; r_now: number }>`${sql.raw(PREPARED)}
        select * from tradepost_rate_take(${keys}::text[], ${keys.map((k) => batch.get(k)!.length)}::integer[],
          ${interval}::float8, ${span}::float8)`.execute(db);
      const answered = new Map(rows.map((row) => [row.r_key, row]));
      for (const [key, waiters] of batch) {
        const row = answered.get(key);
        if (!row) throw new Error('tradepost_rate_take answered no row for a key');
        const t0 = Number(row.r_t0) - Number(row.r_now);
        waiters.forEach((w, i) => {
          if (i < row.r_taken) return w.resolve(gcraState(opts.perSecond, burst, 0, t0 + (i + 1) * interval, 0));
          // Refused: the bucket is where the taken ones left it; wait until one more fits.
          const ahead = t0 + row.r_taken * interval;
          w.resolve(gcraState(opts.perSecond, burst, 0, ahead, Math.max(1, ahead + interval - span)));
        });
      }
    } catch (e) {
      const error = new StoreUnavailableError('rate-limit store', e);
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
    }
  };
  return {
    consume(key) {
      return new Promise((resolve, reject) => {
        if (pending.size === 0) setImmediate(() => void flush());
        const waiters = pending.get(key);
        if (waiters) waiters.push({ resolve, reject });
        else pending.set(key, [{ resolve, reject }]);
      });
    },
    stop: () => clearInterval(timer),
  };
}
