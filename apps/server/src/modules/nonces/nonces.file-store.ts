import SQLite from 'better-sqlite3';
import type { DbNonceStore } from './nonces.service.ts';

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
export function createFileNonceStore(file: string, deps: { purgeIntervalMs?: number; now?: () => number } = {}): DbNonceStore {
  const conn = new SQLite(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('busy_timeout = 5000');
  conn.exec(`create table if not exists nonces (
    app_id text not null, nonce text not null, expires_at integer not null,
    primary key (app_id, nonce)) without rowid`);
  conn.exec('create index if not exists nonces_expires on nonces (expires_at)');
  // An expired row may be reclaimed in place, so purging is housekeeping, not correctness.
  const claim = conn.prepare(
    `insert into nonces (app_id, nonce, expires_at) values (?, ?, ?)
     on conflict (app_id, nonce) do update set expires_at = excluded.expires_at where nonces.expires_at <= ?`,
  );
  const purge = conn.prepare('delete from nonces where expires_at <= ?');
  const nowSeconds = () => Math.floor((deps.now?.() ?? Date.now()) / 1000);
  const purgeExpired = async () => (conn.open ? purge.run(nowSeconds()).changes : 0);
  const timer = setInterval(() => void purgeExpired().catch(() => undefined), deps.purgeIntervalMs ?? 60_000);
  timer.unref();
  // Claims arriving in the same tick share one transaction: one WAL append instead of one each.
  // A claim resolves only after its row is written, so other processes see it before we answer.
  type Pending = { appId: string; nonce: string; expiresAt: number; resolve(v: boolean): void; reject(e: unknown): void };
  let pending: Pending[] = [];
  const claimAll = conn.transaction((batch: Pending[], now: number) =>
    batch.map((c) => claim.run(c.appId, c.nonce, c.expiresAt, now).changes === 1),
  );
  const flush = () => {
    const batch = pending;
    pending = [];
    try {
      const won = claimAll(batch, nowSeconds());
      batch.forEach((c, i) => c.resolve(won[i]!));
    } catch (e) {
      for (const c of batch) c.reject(e);
    }
  };
  return {
    claim(appId, nonce, expiresAt) {
      return new Promise<boolean>((resolve, reject) => {
        if (pending.push({ appId, nonce, expiresAt, resolve, reject }) === 1) setImmediate(flush);
      });
    },
    purgeExpired,
    stop() {
      clearInterval(timer);
      if (conn.open) conn.close();
    },
  };
}
