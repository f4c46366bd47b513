/**
 * Backup and restore drills with the real CLI against a running server's data dir (SQLite):
 * a backup taken while orders keep being placed restores to a database whose ledger verifies and
 * that holds every order acknowledged before the backup began, with its one debit, and the
 * replay guard's claims; backup refuses a master key that does not open the data (its manifest
 * would name it); restore refuses a wrong master key (and says which fingerprint it wanted), a data dir that is not empty without --force, a running server's even with it, and a
 * file that is no backup.
 * On PostgreSQL, backup points to pg_dump instead.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkLedger } from '../../src/ops/ledger-check.ts';
import { keyFingerprint } from '../../src/ops/backup.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { newMerchant, newProduct, orderRequest } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { runCli, withTargetContext, type CliTarget } from '../cli/cli-helpers.ts';

vi.setConfig({ testTimeout: 180_000 });

const scratch = mkdtempSync(join(tmpdir(), 'tradepost-backup-'));
const dir = (name: string) => join(scratch, name);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('backup and restore on SQLite', () => {
  let server: TestServer;
  let source: CliTarget;
  let key: string;
  const file = dir('drill.tpbak');
  const acked: string[] = [];
  let ackedBeforeBackup: string[] = [];
  let merchantId: string;

  beforeAll(async () => {
    server = await startTestServer();
    source = { dataDir: server.running.ctx.config.dataDir, databaseUrl: undefined };
    key = readFileSync(join(source.dataDir, 'master.key'), 'utf8').trim();
  });
  afterAll(() => server?.close());

  it('backs up while orders keep coming, and verifies the copy', async () => {
    const s = server.services;
    const m = await newMerchant(s, '100000.00');
    merchantId = m.merchantId;
    const p = await newProduct(s, { price: '1.00', stock: 1_000_000 });
    // A claim in the replay guard, to find again after the restore.
    expect(await s.nonces.claim('app-drill', 'nonce-drill', Math.floor(Date.now() / 1000) + 3600)).toBe(true);
    let stop = false;
    const load = (async () => {
      // Four clients in a loop; an order counts once its promise resolved (committed, acknowledged).
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (!stop) acked.push((await s.orders.create(merchantId, orderRequest(p))).order_no);
        }),
      );
    })();
    while (acked.length < 20) await new Promise((r) => setTimeout(r, 10));
    ackedBeforeBackup = [...acked];
    const run = await runCli(source, ['backup', '--out', file, '--json']);
    const ackedDuring = acked.length;
    stop = true;
    await load;
    expect(run.code, run.stderr).toBe(0);
    const manifest = run.json();
    expect(manifest).toMatchObject({
      file,
      format: 'tradepost-sqlite-backup/1',
      master_key_fingerprint: keyFingerprint(Buffer.from(key, 'hex')),
      ledger: { ok: true, problem: null },
    });
    expect(manifest.nonces).toBeGreaterThanOrEqual(1);
    // The orders really kept coming while the backup ran.
    expect(acked.length).toBeGreaterThan(ackedBeforeBackup.length);
    expect(ackedDuring).toBeGreaterThanOrEqual(ackedBeforeBackup.length);
    // The key is not in the backup, in any form a grep would find.
    expect(readFileSync(file).includes(Buffer.from(key))).toBe(false);
    expect(readFileSync(file).includes(Buffer.from(key, 'hex'))).toBe(false);
    // A second backup to the same file is refused, the first left alone.
    const again = await runCli(source, ['backup', '--out', file, '--json']);
    expect(again.code).toBe(1);
    expect(again.json()).toMatchObject({ error: { code: 'conflict' } });
    // A directory that is not there is named as such (SQLite said "unable to open database").
    const nowhere = dir('no-such-dir/b.tpbak');
    const lost = await runCli(source, ['backup', '--out', nowhere, '--json']);
    expect(lost.code).toBe(2);
    expect(lost.json()).toEqual({
      error: {
        code: 'invalid_argument',
        message: `cannot write ${nowhere}: its directory does not exist`,
        reason: 'unwritable',
      },
    });
  });

  it('refuses a master key that does not open the stored secrets, as every command does: no file, no fingerprint', async () => {
    // A secret sealed under the data dir's key (a cron job not updated after a rotation has another).
    await server.services.tokens.create(merchantId, { name: 'sealed' });
    const other = randomBytes(32).toString('hex');
    const out = dir('wrong-key.tpbak');
    const run = await runCli(source, ['backup', '--out', out, '--json'], {
      env: { TRADEPOST_MASTER_KEY: other },
    });
    expect(run.code, run.stderr).toBe(1);
    const { error } = run.json() as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain(
      `TRADEPOST_MASTER_KEY: the master key (fingerprint ${keyFingerprint(Buffer.from(other, 'hex'))}) ` +
        'does not open the secrets stored in this database',
    );
    expect(readdirSync(scratch)).not.toContain('wrong-key.tpbak');
  });

  it('restores into an empty data dir with the same master key: ledger verified, every acknowledged order there', async () => {
    const target: CliTarget = { dataDir: dir('restored'), databaseUrl: undefined };
    const run = await runCli(target, ['restore', '--from', file, '--json'], {
      env: { TRADEPOST_MASTER_KEY: key },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ ledger_ok: true, data_dir: target.dataDir });
    expect(readdirSync(target.dataDir).sort()).toEqual(['nonces.db', 'tradepost.db']);
    await withTargetContext({ ...target }, async (ctx) => {
      expect((await checkLedger(ctx.db)).problem).toBeNull();
      const debits = await ctx.db
        .selectFrom('credit_transactions')
        .select(['order_no'])
        .where('merchant_id', '=', merchantId)
        .where('type', '=', 'order')
        .execute();
      const debited = new Set(debits.map((d) => d.order_no));
      const orders = new Set(
        (
          await ctx.db.selectFrom('orders').select('order_no').where('merchant_id', '=', merchantId).execute()
        ).map((o) => o.order_no),
      );
      for (const orderNo of ackedBeforeBackup) {
        expect(orders.has(orderNo), orderNo).toBe(true);
        expect(debited.has(orderNo), orderNo).toBe(true);
      }
      expect(debits.length).toBe(orders.size);
      // The replay guard came along: the claimed nonce is refused after the restore.
      expect(
        await ctx.services.nonces.claim('app-drill', 'nonce-drill', Math.floor(Date.now() / 1000) + 3600),
      ).toBe(false);
    }).catch((e) => {
      throw e;
    });
  });

  it('refuses a different master key, naming both fingerprints, and changes nothing', async () => {
    const target: CliTarget = { dataDir: dir('wrong-key'), databaseUrl: undefined };
    const other = randomBytes(32).toString('hex');
    const run = await runCli(target, ['restore', '--from', file, '--json'], {
      env: { TRADEPOST_MASTER_KEY: other },
    });
    expect(run.code).toBe(1);
    const { error } = run.json() as { error: { code: string; message: string } };
    expect(error.code).toBe('rejected');
    expect(error.message).toContain(keyFingerprint(Buffer.from(key, 'hex')));
    expect(error.message).toContain(keyFingerprint(Buffer.from(other, 'hex')));
    expect(error.message).toContain('master key');
    expect(readdirSync(target.dataDir)).toEqual([]);
  });

  it('without any master key says so, and does not make one up', async () => {
    const target: CliTarget = { dataDir: dir('no-key'), databaseUrl: undefined };
    const run = await runCli(target, ['restore', '--from', file, '--json']);
    expect(run.code).toBe(1);
    expect(run.json()).toMatchObject({ error: { code: 'invalid_config' } });
    expect(readdirSync(target.dataDir)).toEqual([]);
  });

  it('refuses a data dir that is not empty unless --force, and refuses a file that is no backup', async () => {
    const target: CliTarget = { dataDir: dir('occupied'), databaseUrl: undefined };
    const env = { TRADEPOST_MASTER_KEY: key };
    expect((await runCli(target, ['restore', '--from', file], { env })).code).toBe(0);
    const refused = await runCli(target, ['restore', '--from', file, '--json'], { env });
    expect(refused.code).toBe(1);
    expect(refused.json()).toMatchObject({ error: { code: 'conflict' } });
    expect(refused.stderr).toContain('--force');
    const forced = await runCli(target, ['restore', '--from', file, '--force', '--json'], { env });
    expect(forced.code, forced.stderr).toBe(0);
    // Not even --force replaces the database of a running server (it would write on into the
    // replaced file, and lose what it answered): refused, every file as it was.
    const before = readdirSync(source.dataDir).sort();
    const orders = await server.services.orders.list(merchantId, {});
    const live = await runCli(source, ['restore', '--from', file, '--force', '--json'], { env });
    expect(live.code, live.stderr).toBe(1);
    expect(live.json()).toMatchObject({ error: { code: 'conflict', reason: 'in_use' } });
    expect(live.stderr).toContain('stop every server');
    expect(readdirSync(source.dataDir).sort()).toEqual(before);
    expect(await server.services.orders.list(merchantId, {})).toEqual(orders);
    const junk = dir('junk.tpbak');
    writeFileSync(junk, 'not a database at all');
    const notBackup = await runCli(
      { dataDir: dir('junk'), databaseUrl: undefined },
      ['restore', '--from', junk, '--json'],
      {
        env,
      },
    );
    expect(notBackup.code).toBe(1);
    expect((notBackup.json() as { error: { message: string } }).error.message).toContain('not');
    const missing = dir('missing.tpbak');
    const none = await runCli(
      { dataDir: dir('none'), databaseUrl: undefined },
      ['restore', '--from', missing, '--json'],
      {
        env,
      },
    );
    expect(none.code).toBe(1);
    expect((none.json() as { error: { message: string } }).error.message).toBe(`${missing}: no such file`);
  });
});

describe.skipIf(!eachDatabase().some((d) => d.name === 'postgres'))('backup on PostgreSQL', () => {
  it('points to pg_dump and verify', async () => {
    const [pgDb] = eachDatabase().filter((d) => d.name === 'postgres');
    const target: CliTarget = { dataDir: dir('pg'), databaseUrl: await pgDb!.url() };
    try {
      const run = await runCli(target, ['backup', '--out', dir('pg.tpbak'), '--json']);
      expect(run.code).toBe(1);
      const { error } = run.json() as { error: { code: string; message: string } };
      expect(error.code).toBe('rejected');
      expect(error.message).toContain('pg_dump');
      expect(error.message).toContain('tradepost verify');
    } finally {
      await pgDb!.dispose();
    }
  });
});
