import SQLite from 'better-sqlite3';

/** How long a statement waits for another process's write lock before it fails (SQLite's busy_timeout, as before). */
export const BUSY_WAIT_MS = 5000;

/**
 * Runs `attempt`, a synchronous better-sqlite3 call on a connection with `busy_timeout = 0`, until
 * it does not fail with SQLITE_BUSY: another process (a `serve --workers` worker, the CLI) holds the
 * file's write lock. Retried on a 1 ms timer, so the event loop keeps serving meanwhile, where
 * SQLite's own busy handler sleeps in 1–100 ms steps with the loop stopped. After BUSY_WAIT_MS the
 * last SQLITE_BUSY is thrown.
 */
export async function retryWhileBusy<T>(attempt: () => T): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return attempt();
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() - started > BUSY_WAIT_MS) throw e;
      await new Promise((r) => setTimeout(r, 1));
    }
  }
}

/**
 * A connection to nonces.db, the small file the replay guard and the shared rate limits keep:
 * WAL, no fsync per commit (a process crash loses nothing; an OS crash only the last claims), and
 * no busy handler: each write waits for another process's lock in retryWhileBusy.
 */
export function openClaimsFile(file: string): SQLite.Database {
  const conn = new SQLite(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('busy_timeout = 0');
  return conn;
}
