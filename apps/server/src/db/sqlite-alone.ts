import SQLite from 'better-sqlite3';

/**
 * The SQLite database on one connection of its own, in DELETE journal mode, or null while any
 * other connection (a running server, another command) has it open: leaving WAL needs the
 * database to itself, so the switch fails with SQLITE_BUSY or leaves the mode as it was. What
 * `keys rotate` and `restore` check before they change a database under a server's feet.
 * `release` puts WAL back and closes the connection.
 */
export function openSqliteAlone(
  file: string,
  waitMs: number,
): { conn: SQLite.Database; release(): void } | null {
  const conn = new SQLite(file, { fileMustExist: true });
  conn.pragma(`busy_timeout = ${waitMs}`);
  let mode: unknown;
  try {
    mode = conn.pragma('journal_mode = DELETE', { simple: true });
  } catch (e) {
    conn.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return null;
    throw e;
  }
  if (mode !== 'delete') {
    conn.close();
    return null;
  }
  return {
    conn,
    release() {
      try {
        conn.pragma('journal_mode = WAL');
      } finally {
        conn.close();
      }
    },
  };
}
