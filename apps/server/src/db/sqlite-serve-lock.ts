import { join } from 'node:path';
import SQLite from 'better-sqlite3';

/** Beside the database: the lock a `serve` holds on its data dir (db/sqlite-serve-lock.ts). */
export const SERVE_LOCK_FILE = 'serve.lock';

/** Held for the process's life: a closed (or collected) connection would drop the lock. */
let held: SQLite.Database | null = null;

/**
 * One `serve` (a lone server, or the primary of `serve --workers N`) per SQLite data dir. A lone
 * server believes it is alone: it lets answers reflect its own commits before their fsync
 * (docs/architecture.md "Durable answers"), which a second server on the same file would read
 * undurable. `--workers` tells each process of the others; two separate `serve`s cannot.
 *
 * The lock is SQLite's own (a POSIX advisory lock) on a file of its own, taken by an exclusive
 * transaction never ended: the system drops it when the process ends, however it ends (kill -9
 * included), so no stale lock outlives a crash, and a recycled pid (1 in every container) fools
 * nothing. Commands (backup, credit, ...) do not take it. Returns false while another holds it.
 */
export function holdServeLock(dataDir: string): boolean {
  if (held) return true;
  const conn = new SQLite(join(dataDir, SERVE_LOCK_FILE));
  try {
    conn.pragma('busy_timeout = 0');
    conn.exec('begin exclusive');
  } catch (e) {
    conn.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw e;
  }
  held = conn;
  return true;
}
