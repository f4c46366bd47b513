import { openClaimsFile, retryWhileBusy } from '../db/sqlite-busy.ts';
import { gcraPerTick, gcraTaken, type RateLimiter } from './rate-limit.ts';
import { StoreUnavailableError } from './unavailable.ts';

/**
 * Rate limits shared by the server processes of one SQLite deployment (`serve --workers N`, where
 * a credential's connections land on any worker): the GCRA of rate-limit.pg.ts, in a table of the
 * replay guard's file (nonces.db beside tradepost.db, outside the migration set as the nonces are:
 * it holds no business data). A tick's requests are one BEGIN IMMEDIATE transaction, so SQLite's
 * write lock makes each bucket's read and update atomic across the processes. synchronous=NORMAL:
 * only an OS crash can forget the last takes, and those buckets refill early. The clock is this
 * process's; the workers of one host share it.
 */
export function createSqliteRateLimiter(
  file: string,
  opts: { perSecond: number; burst?: number; purgeIntervalMs?: number; now?: () => number },
): RateLimiter {
  const conn = openClaimsFile(file); // waits in retryWhileBusy, with the event loop running
  conn.exec('create table if not exists rate_limits (key text primary key, tat real not null) without rowid');
  const tatOf = conn.prepare<[string], number>('select tat from rate_limits where key = ?').pluck();
  const setTat = conn.prepare(
    'insert into rate_limits (key, tat) values (?, ?) on conflict (key) do update set tat = excluded.tat',
  );
  const purge = conn.prepare('delete from rate_limits where tat < ?');
  const nowMs = opts.now ?? Date.now;

  const takeAll = conn.transaction(
    (keys: string[], counts: number[], interval: number, span: number, now: number) =>
      keys.map((key, i) => {
        // A key with no row (or one whose tat has passed) has a full bucket.
        const t0 = Math.max(tatOf.get(key) ?? now, now);
        const taken = gcraTaken(counts[i]!, t0, now, interval, span);
        if (taken > 0) setTat.run(key, t0 + taken * interval);
        return { key, t0, taken, now };
      }),
  );
  const consume = gcraPerTick(opts, async (keys, counts, interval, span) => {
    try {
      return await retryWhileBusy(() => takeAll.immediate(keys, counts, interval, span, nowMs()));
    } catch (e) {
      // The file locked past BUSY_WAIT_MS by another process, or gone: fail closed (503).
      throw new StoreUnavailableError('rate-limit store', e);
    }
  });

  const timer = setInterval(() => {
    try {
      // A bucket whose tat has passed is full: forgetting it changes nothing.
      if (conn.open) purge.run(nowMs());
    } catch {
      // Busy: the next purge takes them.
    }
  }, opts.purgeIntervalMs ?? 60_000);
  timer.unref();
  return {
    consume,
    stop() {
      clearInterval(timer);
      if (conn.open) conn.close();
    },
  };
}
