import { openClaimsFile, retryWhileBusy } from '../../db/sqlite-busy.ts';
import { perTick, type TickWaiter } from '../../shared/per-tick.ts';
import type { DbNonceStore } from './nonces.service.ts';

/** Keys per purge chunk: ~1 ms of the event loop each. */
const PURGE_CHUNK = 2000;

/**
 * The replay guard for the embedded (SQLite) deployment: its own small database file beside
 * `tradepost.db`, so a claim is one prepared INSERT (microseconds) instead of a unit in the
 * money writer's group commit (an fsync'd batch the request would have to wait for).
 *
 * Why a separate file with its own schema (outside the migration set): it holds no business data,
 * only (app_id, nonce) pairs that matter for one timestamp window. WAL with synchronous=NORMAL
 * survives a process crash; only an OS crash or power loss can drop the last claims, which
 * reopens the replay window for those requests (≤ the timestamp window; orders stay idempotent
 * through merchant_order_no). SQLite's file locking keeps several processes correct.
 */
export function createFileNonceStore(
  file: string,
  deps: { purgeIntervalMs?: number; now?: () => number } = {},
): DbNonceStore {
  // Other processes (`serve --workers`) claim in this file too: a claim waits for their lock
  // without stopping the event loop (db/sqlite-busy.ts), not in SQLite's busy handler.
  const conn = openClaimsFile(file);
  // The server's checkpoint worker (db/dialect.ts) checkpoints this file too: a checkpoint run
  // here, by SQLite's default every 1,000 pages, copies back and fsyncs inside a claim, on the
  // event loop (claims flushed in batches of 16: p99 flush 9.6–12.7 ms with it, 3.0–5.7 ms
  // without, under load). This connection steps in only if the WAL passes ~80 MB.
  conn.pragma('wal_autocheckpoint = 20000');
  conn.exec(`create table if not exists nonces (
    app_id text not null, nonce text not null, expires_at integer not null,
    primary key (app_id, nonce)) without rowid`);
  // No index on expires_at (older files had one): claims are random keys, and each claim wrote a
  // random page of that index as well as of the table (~10 µs of the ~30 µs a claim costs). The
  // purge sweeps the table in key order instead (below).
  conn.exec('drop index if exists nonces_expires');
  // An expired row may be reclaimed in place, so purging is housekeeping, not correctness.
  const claim = conn.prepare(
    `insert into nonces (app_id, nonce, expires_at) values (?, ?, ?)
     on conflict (app_id, nonce) do update set expires_at = excluded.expires_at where nonces.expires_at <= ?`,
  );
  // The purge: chunks of PURGE_CHUNK keys in key order, each found by its last key and deleted
  // within that range, yielding to the event loop between chunks (a chunk is ~1 ms).
  const chunkEnd = conn.prepare(
    'select app_id, nonce from nonces where (app_id, nonce) > (?, ?) order by app_id, nonce limit 1 offset ?',
  );
  const purgeRange = conn.prepare(
    'delete from nonces where (app_id, nonce) > (?, ?) and (app_id, nonce) <= (?, ?) and expires_at <= ?',
  );
  const purgeRest = conn.prepare('delete from nonces where (app_id, nonce) > (?, ?) and expires_at <= ?');
  const nowSeconds = () => Math.floor((deps.now?.() ?? Date.now()) / 1000);
  let purging: Promise<number> | null = null;
  const sweep = async () => {
    let deleted = 0;
    // Every key is above ('', ''): app ids and nonces are never empty (the verifier checks both).
    let from = { app_id: '', nonce: '' };
    for (;;) {
      if (!conn.open) return deleted;
      const now = nowSeconds();
      const start = from;
      const end = chunkEnd.get(start.app_id, start.nonce, PURGE_CHUNK - 1) as typeof from | undefined;
      const purged = await retryWhileBusy(() =>
        end
          ? purgeRange.run(start.app_id, start.nonce, end.app_id, end.nonce, now)
          : purgeRest.run(start.app_id, start.nonce, now),
      );
      deleted += purged.changes;
      if (!end) return deleted;
      from = end;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  const purgeExpired = () => {
    purging ??= sweep().finally(() => {
      purging = null;
    });
    return purging;
  };
  const timer = setInterval(() => void purgeExpired().catch(() => undefined), deps.purgeIntervalMs ?? 60_000);
  timer.unref();
  // Claims arriving in the same tick share one transaction: one WAL append instead of one each.
  // A claim resolves only after its row is written, so other processes see it before we answer.
  type Claim = { appId: string; nonce: string; expiresAt: number };
  const claimAll = conn.transaction((batch: TickWaiter<Claim, boolean>[], now: number) =>
    batch.map(({ arg: c }) => claim.run(c.appId, c.nonce, c.expiresAt, now).changes === 1),
  );
  const claimInTick = perTick<Claim, boolean>(async (batch) => {
    const won = await retryWhileBusy(() => claimAll.immediate(batch, nowSeconds()));
    batch.forEach((w, i) => w.resolve(won[i]!));
  });
  return {
    claim: (appId, nonce, expiresAt) => claimInTick({ appId, nonce, expiresAt }),
    purgeExpired,
    stop() {
      clearInterval(timer);
      if (conn.open) conn.close();
    },
  };
}
