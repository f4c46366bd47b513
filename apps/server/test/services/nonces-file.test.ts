/** The SQLite deployment's replay guard file: shared by processes, kept across restarts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
