import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { PREPARED } from '../db/pg-prepared.ts';
import { perTick, type TickWaiter } from './per-tick.ts';
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

  const takeInTick = perTick<string, RateLimitState>(async (batch) => {
    // Each key's requests in arrival order; keys sorted, so two processes lock the keys they
    // share in the same order and cannot deadlock.
    const byKey = new Map<string, TickWaiter<string, RateLimitState>[]>();
    for (const w of batch) {
      const waiters = byKey.get(w.arg);
      if (waiters) waiters.push(w);
      else byKey.set(w.arg, [w]);
    }
    const keys = [...byKey.keys()].sort();
    const { rows } = await sql<{
      r_key: string;
      r_t0: number;
      r_taken: number;
      r_now: number;
    }>`${sql.raw(PREPARED)}
      select * from tradepost_rate_take(${keys}::text[], ${keys.map((k) => byKey.get(k)!.length)}::integer[],
        ${interval}::float8, ${span}::float8)`
      .execute(db)
      .catch((e: unknown) => {
        throw new StoreUnavailableError('rate-limit store', e);
      });
    for (const row of rows) {
      const t0 = Number(row.r_t0) - Number(row.r_now);
      byKey.get(row.r_key)!.forEach((w, i) => {
        if (i < row.r_taken)
          return w.resolve(gcraState(opts.perSecond, burst, 0, t0 + (i + 1) * interval, 0));
        // Refused: the bucket is where the taken ones left it; wait until one more fits.
        const ahead = t0 + row.r_taken * interval;
        w.resolve(gcraState(opts.perSecond, burst, 0, ahead, Math.max(1, ahead + interval - span)));
      });
    }
    if (rows.length !== keys.length) throw new Error('tradepost_rate_take answered no row for a key');
  });
  return {
    consume: takeInTick,
    stop: () => clearInterval(timer),
  };
}
