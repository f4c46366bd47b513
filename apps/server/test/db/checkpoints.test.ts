/**
 * The SQLite deployment's WAL checkpoints run in a worker thread, for the business database and
 * for the replay guard's nonces.db alike (db/sqlite-checkpointer.mjs): the main thread's
 * connections never checkpoint at SQLite's default 1,000 pages, so without the worker a WAL only
 * grows. Observed from the outside: once the worker has checkpointed the whole WAL, the next write
 * transaction starts it over from its beginning, and the WAL header's checkpoint sequence number
 * (bytes 12–15) goes up by one; a WAL nobody checkpoints keeps 0.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, SQLITE_FILE } from '../../src/db/dialect.ts';
import { createFileNonceStore } from '../../src/modules/nonces/nonces.file-store.ts';
import { argv, runCli } from '../cli/cli-helpers.ts';

const PAGE = 4096;

/** The WAL header's checkpoint sequence number: how many times the WAL was started over. */
function walRestarts(db: string): number {
  const fd = openSync(`${db}-wal`, 'r');
  try {
    const header = Buffer.alloc(16);
    readSync(fd, header, 0, 16, 0);
    return header.readUInt32BE(12);
  } finally {
    closeSync(fd);
  }
}

describe('SQLite checkpoints in the worker', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("checkpoints the replay guard's WAL; the same claims on a file without the worker only grow theirs", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tradepost-ckpt-'));
    const controlDir = mkdtempSync(join(tmpdir(), 'tradepost-ckpt-control-'));
    dirs.push(dataDir, controlDir);
    const opened = await openDatabase({ dataDir });
    const nonceFile = opened.nonceFile!;
    const controlFile = join(controlDir, 'nonces.db');
    const store = createFileNonceStore(nonceFile);
    // The control: the same store on a file no checkpoint worker knows of.
    const control = createFileNonceStore(controlFile);
    const claimBoth = async (count: number) => {
      const nonces = Array.from({ length: count }, () => randomBytes(16).toString('base64url'));
      await Promise.all(nonces.map((n) => store.claim('app_ckpt', n, 2_000_000_000)));
      await Promise.all(nonces.map((n) => control.claim('app_ckpt', n, 2_000_000_000)));
    };
    try {
      // 20 rounds of 200 claims (one transaction each, random keys), 50 ms apart; then quiet for
      // three of the worker's 250 ms ticks, so it checkpoints the whole WAL, and one more claim,
      // which starts the WAL over.
      for (let round = 0; round < 20; round++) {
        await claimBoth(200);
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 750));
      await claimBoth(1);
      expect(statSync(`${controlFile}-wal`).size / PAGE).toBeGreaterThan(500);
      expect(walRestarts(controlFile)).toBe(0);
      expect(walRestarts(nonceFile)).toBeGreaterThan(0);
    } finally {
      store.stop();
      control.stop();
      await opened.close();
    }
  });

  it('a CLI command checkpoints at its close, not in a worker: no WAL is left behind, what it wrote is in the file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tradepost-ckpt-cli-'));
    dirs.push(dataDir);
    const target = { dataDir, databaseUrl: undefined };
    const created = await runCli(
      target,
      argv`merchant create --email ${'ckpt@example.com'} --name ${'Checkpoint Co'} --credit-limit 10.00 --json`,
      { env: { TRADEPOST_PASSWORD: 'a long merchant password' } },
    );
    expect(created.code, created.stderr).toBe(0);
    expect(existsSync(join(dataDir, `${SQLITE_FILE}-wal`))).toBe(false);
    // What it wrote is in the database file itself: the next command finds the merchant.
    const again = await runCli(
      target,
      argv`merchant create --email ${'ckpt@example.com'} --name ${'Checkpoint Co'} --credit-limit 10.00 --json`,
      { env: { TRADEPOST_PASSWORD: 'a long merchant password' } },
    );
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('conflict');
  });
});
