/**
 * `npm run bench:nonces`: CPU µs per replay-guard claim, in process, of the embedded store the
 * server uses on SQLite (modules/nonces/nonces.file-store.ts: nonces.db, one BEGIN IMMEDIATE …
 * COMMIT per event-loop tick) beside the in-memory map the floor yardstick uses
 * (@tradepost/protocol MemoryNonceStore), interleaved, at 1, 8 and 32 claims per tick, on a
 * nonces.db already holding BENCH_NONCE_FILL claims (default 300,000: ~150 s of the 300 s window
 * at 2,000 requests/s). CPU is the whole process's (the nonce and key generation are in both).
 *
 *   BENCH_NONCE_CLAIMS (per measurement, default 40000), BENCH_ROUNDS (3)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryNonceStore } from '@tradepost/protocol';
import { createFileNonceStore } from '../apps/server/src/modules/nonces/nonces.file-store.ts';

const FILL = Number(process.env.BENCH_NONCE_FILL ?? 300_000);
const CLAIMS = Number(process.env.BENCH_NONCE_CLAIMS ?? 40_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Store {
  claim(appId: string, nonce: string, expiresAt: number): Promise<boolean>;
}

const dir = mkdtempSync(join(tmpdir(), 'tradepost-bench-nonces-'));
const file = createFileNonceStore(join(dir, 'nonces.db'), { purgeIntervalMs: 3_600_000 });
const memory = new MemoryNonceStore({ maxEntries: 2_000_000 });
const expiresAt = Math.floor(Date.now() / 1000) + 300;
const nonce = () => randomBytes(16).toString('base64url');

/** µs of CPU per claim, `perTick` claims at a time (each batch one event-loop tick). */
async function claims(store: Store, n: number, perTick: number): Promise<number> {
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i += perTick) {
    const won = await Promise.all(
      Array.from({ length: perTick }, () => store.claim('app_bench', nonce(), expiresAt)),
    );
    if (won.includes(false)) throw new Error('a fresh nonce was refused');
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}

for (const store of [file, memory]) await claims(store, FILL, 1000);
const rows: Record<string, number[]> = {};
for (let round = 0; round < ROUNDS; round++)
  for (const perTick of [1, 8, 32])
    for (const [name, store] of [
      ['nonces.db', file],
      ['memory', memory],
    ] as const)
      (rows[`${name}, ${perTick} per tick`] ??= []).push(await claims(store, CLAIMS, perTick));

console.log(`replay-guard claims, ${FILL} already held, ${CLAIMS} per measurement, ${ROUNDS} rounds`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const shown = (xs: number[]) =>
  `${xs.map((x) => x.toFixed(1)).join(' / ')} µs (median ${median(xs).toFixed(1)})`;
for (const perTick of [1, 8, 32]) {
  const [onFile, inMemory] = [rows[`nonces.db, ${perTick} per tick`]!, rows[`memory, ${perTick} per tick`]!];
  console.log(
    `${perTick} per tick: nonces.db ${shown(onFile)}, memory ${shown(inMemory)}: ` +
      `${(median(onFile) / median(inMemory)).toFixed(1)}× the map, +${(median(onFile) - median(inMemory)).toFixed(1)} µs a claim`,
  );
}
file.stop();
rmSync(dir, { recursive: true, force: true });
