import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { burstFor, gcraState, type RateLimiter } from './rate-limit.ts';
import { StoreUnavailableError } from './unavailable.ts';

/**
 * Rate limits shared through PostgreSQL when there is no Redis: the same GCRA as
 * rate-limit.redis.ts, one upsert per request on the UNLOGGED `rate_limits` table (migration
 * 2026-11-29-scale-rate-limits). The row lock of the upsert makes each key's update atomic across
 * processes; `now` is the database's clock. UNLOGGED: no WAL, so no flush per request, and the
 * table is emptied after a database crash (every bucket starts full again) and is not on
 * replicas. Only a refusal costs a second statement (to say how long to wait).
 */
export function createPgRateLimiter(
  db: Kysely<Database>,
  opts: { perSecond: number; burst?: number; purgeIntervalMs?: number },
): RateLimiter {
  const burst = burstFor(opts.perSecond, opts.burst);
  const interval = 1000 / opts.perSecond;
  const span = burst * interval;
  const clock = sql`(extract(epoch from clock_timestamp()) * 1000)::float8`;
  const timer = setInterval(() => {
    // A bucket whose tat has passed is full: forgetting it changes nothing.
    sql`delete from rate_limits where tat < ${clock}`.execute(db).catch(() => undefined);
  }, opts.purgeIntervalMs ?? 60_000);
  timer.unref();
  return {
    async consume(key) {
      try {
        const taken = await sql<{ ahead: number }>`
          with c as (select ${clock} as now)
          insert into rate_limits as r (key, tat)
          select ${key}, c.now + ${interval}::float8 from c
          on conflict (key) do update
            set tat = greatest(r.tat, excluded.tat - ${interval}::float8) + ${interval}::float8
            where greatest(r.tat, excluded.tat - ${interval}::float8) + ${interval}::float8 - ${span}::float8
              <= excluded.tat - ${interval}::float8
          returning r.tat - (select now from c) as ahead`.execute(db);
        const row = taken.rows[0];
        if (row) return gcraState(opts.perSecond, burst, 0, Number(row.ahead), 0);
        const { rows } = await sql<{ ahead: number }>`
          select tat - ${clock} as ahead from rate_limits where key = ${key}`.execute(db);
        const ahead = Number(rows[0]?.ahead ?? 0);
        return gcraState(opts.perSecond, burst, 0, ahead, Math.max(1, ahead + interval - span));
      } catch (e) {
        throw new StoreUnavailableError('rate-limit store', e);
      }
    },
    stop: () => clearInterval(timer),
  };
}
