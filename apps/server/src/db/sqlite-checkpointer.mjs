// Worker thread: checkpoints the SQLite WAL off the main thread. better-sqlite3 is synchronous, so a
// checkpoint run by the writer connection (SQLite's autocheckpoint) would stall every request for
// its copy-back and fsync. PASSIVE never takes the write lock and never waits for readers.
// Plain JS on purpose: worker threads do not inherit the main thread's TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, intervalMs } = workerData;
const db = new Database(file);
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = FULL');

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // SQLITE_BUSY or a closing database: the next tick tries again.
  }
}, intervalMs);

parentPort.on('message', (msg) => {
  if (msg === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
