/* global console */
// `node bench/nonce-checkpoints.mjs auto|worker [claims]`: the event loop's time inside the replay
// guard's claim flushes (batches of 16, as the server flushes a tick's claims), with SQLite's
// default autocheckpoint (every 1,000 pages, run inside a claim) or with it off and the server's
// checkpoint worker (apps/server/src/db/sqlite-checkpointer.mjs) doing it. Run the two alternately.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { rmSync, mkdirSync } from 'node:fs';
const mode = process.argv[2]; // 'auto' | 'worker'
const dir = join(tmpdir(), `tradepost-nonce-bench-${mode}-${process.pid}`);
mkdirSync(dir, { recursive: true });
const file = `${dir}/nonces.db`;
const conn = new Database(file);
conn.pragma('journal_mode = WAL');
conn.pragma('synchronous = NORMAL');
conn.exec(
  `create table if not exists nonces (app_id text not null, nonce text not null, expires_at integer not null, primary key (app_id, nonce)) without rowid`,
);
if (mode === 'worker') conn.pragma('wal_autocheckpoint = 20000');
let ck;
if (mode === 'worker') {
  const { Worker } = await import('node:worker_threads');
  ck = new Worker(new URL('../apps/server/src/db/sqlite-checkpointer.mjs', import.meta.url), {
    workerData: { files: [file], intervalMs: 250 },
  });
}
const claim = conn.prepare(
  `insert into nonces (app_id, nonce, expires_at) values (?, ?, ?) on conflict (app_id, nonce) do update set expires_at = excluded.expires_at where nonces.expires_at <= ?`,
);
const all = conn.transaction((b) => b.map((n) => claim.run('app_x', n, 2e9, 0).changes));
const times = [];
const N = Number(process.argv[3] ?? 100000),
  B = 16;
for (let i = 0; i < N / B; i++) {
  const batch = Array.from({ length: B }, () => randomBytes(16).toString('base64url'));
  const t = process.hrtime.bigint();
  all(batch);
  times.push(Number(process.hrtime.bigint() - t) / 1000);
  if (i % 50 === 0) await new Promise((r) => setTimeout(r, 1)); // let the worker run
}
times.sort((a, b) => a - b);
const sum = times.reduce((a, b) => a + b, 0);
console.log(
  mode,
  `flushes ${times.length}, µs per claim ${(sum / N).toFixed(1)}, p50 ${times[times.length >> 1].toFixed(0)} µs, p99 ${times[Math.floor(times.length * 0.99)].toFixed(0)} µs, p99.9 ${times[Math.floor(times.length * 0.999)].toFixed(0)} µs, max ${times.at(-1).toFixed(0)} µs, total ${(sum / 1000).toFixed(0)} ms`,
);
if (ck) {
  ck.postMessage('stop');
}
conn.close();
rmSync(dir, { recursive: true, force: true });
