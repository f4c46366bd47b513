/** The SQLite deployment's replay guard file: shared by processes, kept across restarts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileNonceStore } from '../../src/modules/nonces/nonces.file-store.ts';

describe('file nonce store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tradepost-nonces-'));
  const file = join(dir, 'nonces.db');
  let clock = 1_800_000_000_000;
  const now = () => clock;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('claims once per (app_id, nonce), across two connections (two processes) and a reopen', async () => {
    const a = createFileNonceStore(file, { now });
    const b = createFileNonceStore(file, { now });
    const exp = clock / 1000 + 300;
    expect(await a.claim('app_a', 'nonce-0000000001', exp)).toBe(true);
    expect(await b.claim('app_a', 'nonce-0000000001', exp)).toBe(false);
    expect(await b.claim('app_b', 'nonce-0000000001', exp)).toBe(true);
    a.stop();
    b.stop();
    const reopened = createFileNonceStore(file, { now });
    expect(await reopened.claim('app_a', 'nonce-0000000001', exp)).toBe(false);
    reopened.stop();
  });

  it('lets an expired nonce be claimed again, and purges expired rows only', async () => {
    const store = createFileNonceStore(file, { now });
    const t0 = clock / 1000;
    expect(await store.claim('app_p', 'old-nonce-000001', t0 + 10)).toBe(true);
    expect(await store.claim('app_p', 'new-nonce-000001', t0 + 1000)).toBe(true);
    clock += 20_000;
    expect(await store.claim('app_p', 'old-nonce-000001', t0 + 320)).toBe(true);
    expect(await store.claim('app_p', 'new-nonce-000001', t0 + 1000)).toBe(false);
    clock += 400_000;
    expect(await store.purgeExpired()).toBeGreaterThanOrEqual(2);
    expect(await store.claim('app_p', 'new-nonce-000001', t0 + 1000)).toBe(false);
    store.stop();
  });

  it('purges in key-order chunks: every expired row of a table larger than a chunk, no live one', async () => {
    const big = join(dir, 'big.db');
    // A file of the older layout (an index on expires_at): opening it drops the index.
    const old = new SQLite(big);
    old.exec(`create table nonces (app_id text not null, nonce text not null, expires_at integer not null,
      primary key (app_id, nonce)) without rowid; create index nonces_expires on nonces (expires_at)`);
    old.close();
    const store = createFileNonceStore(big, { now });
    const t0 = clock / 1000;
    const n = 5_001; // three chunks of 2,000 and a remainder
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        store.claim(
          `app_${i % 7}`,
          `nonce-${String(i).padStart(10, '0')}`,
          i % 2 === 0 ? t0 + 10 : t0 + 1000,
        ),
      ),
    );
    clock += 20_000;
    expect(await store.purgeExpired()).toBe(Math.ceil(n / 2));
    const left = new SQLite(big, { readonly: true });
    expect(left.prepare('select count(*) from nonces').pluck().get()).toBe(Math.floor(n / 2));
    expect(
      left
        .prepare('select count(*) from nonces where expires_at <= ?')
        .pluck()
        .get(t0 + 20),
    ).toBe(0);
    expect(
      left
        .prepare(`select count(*) from sqlite_schema where type = 'index' and name = 'nonces_expires'`)
        .pluck()
        .get(),
    ).toBe(0);
    left.close();
    // A purged nonce can be claimed again; a live one still cannot.
    expect(await store.claim('app_0', `nonce-${'0'.padStart(10, '0')}`, t0 + 320)).toBe(true);
    expect(await store.claim('app_1', `nonce-${'1'.padStart(10, '0')}`, t0 + 1000)).toBe(false);
    store.stop();
  });
});
