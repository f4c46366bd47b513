// Worker thread: checkpoints the SQLite WALs off the main thread — the business database's and the
// replay guard's (nonces.db). better-sqlite3 is synchronous, so a checkpoint run by a connection
// of the main thread (SQLite's autocheckpoint) would stall every request for its copy-back and
// fsync. PASSIVE never takes the write lock and never waits for readers.
// Plain JS on purpose: worker threads do not inherit the main thread's TypeScript loader.
import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { files, intervalMs } = workerData;
/** file → its connection, opened once the file is in WAL mode (its -wal exists): nonces.db is
 *  created by the replay guard after this worker starts. */
const open = new Map();

function connection(file) {
  let db = open.get(file);
  if (!db && existsSync(`${file}-wal`)) {
    db = new Database(file, { fileMustExist: true });
    db.pragma('busy_timeout = 1000');
    db.pragma('synchronous = FULL');
    open.set(file, db);
  }
  return db;
}

const timer = setInterval(() => {
  for (const file of files) {
    try {
      connection(file)?.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // SQLITE_BUSY or a closing database: the next tick tries again.
    }
  }
}, intervalMs);

parentPort.on('message', (msg) => {
  if (msg === 'stop') {
    clearInterval(timer);
    for (const db of open.values()) db.close();
    parentPort.close();
  }
});
