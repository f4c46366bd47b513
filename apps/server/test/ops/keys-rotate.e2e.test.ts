/**
 * `tradepost keys rotate` with the real CLI on both databases: a merchant with an App, an API
 * key, a WallTech token, a rolled webhook endpoint (so a grace secret too) and a bank account is
 * re-sealed under a new master key; a server started with the new key then serves every door and
 * the portal's bank last 4; no sealed value opens under the old key any more. Refused with nothing
 * changed (every table's rows compared): a wrong current key, a rerun, and on SQLite a database a
 * running server holds. --dry-run counts and changes nothing. After a server kept running on the
 * old key and sealed a token, a rerun re-seals only that and leaves the rest as they are.
 *
 * SQLite runs with the key in master.key (--generate, the file swapped); PostgreSQL with
 * TRADEPOST_MASTER_KEY (--new-key-file, the operator updates the secret store).
 */
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/db/dialect.ts';
import { endpointSecrets } from '../../src/modules/webhooks/webhooks.secrets.ts';
import { createServices } from '../../src/services.ts';
import { keyFingerprint } from '../../src/ops/backup.ts';
import { SEALED_COLUMNS } from '../../src/ops/rekey.ts';
import { createSecretBox } from '../../src/shared/secret-box.ts';
import { runCli, type CliTarget } from '../cli/cli-helpers.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { doorsFor, MERCHANT_DOORS, placeVia, type Doors } from '../helpers/doors.ts';
import { newProduct, orderRequest, type ProductRef } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { webClient } from '../helpers/web-client.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const ALL_KINDS_ONCE = {
  app_secret_key: 1,
  app_sign_key: 1,
  api_key: 1,
  token_secret_key: 1,
  webhook_secret: 1,
  webhook_previous_secret: 1,
  bank_account_number: 1,
  two_factor_secret: 1,
};
const ACCOUNT_NUMBER = 'GB29 NWBK 6016 1331 9268 19';

describe.each(eachDatabase())('keys rotate on $name', (database) => {
  const keyInFile = database.name === 'sqlite';
  const scratch = mkdtempSync(join(tmpdir(), 'tradepost-rekey-'));
  const target: CliTarget = { dataDir: join(scratch, 'data'), databaseUrl: undefined };
  let oldKey: string;
  let newKey: string;
  let doors: Doors;
  let product: ProductRef;
  const webhook = { id: '', secrets: [] as string[] };

  /** Every row of every table, as text: what "nothing changed" is checked against. */
  async function dump(): Promise<string> {
    const opened = await openDatabase({
      databaseUrl: target.databaseUrl,
      dataDir: target.dataDir,
      migrate: false,
    });
    try {
      const tables =
        opened.dialect === 'sqlite'
          ? (
              await sql<{
                name: string;
              }>`select name from sqlite_master where type = 'table' order by name`.execute(opened.db)
            ).rows
          : (
              await sql<{ name: string }>`select table_name as name from information_schema.tables
                where table_schema = current_schema() order by table_name`.execute(opened.db)
            ).rows;
      const out: string[] = [];
      for (const { name } of tables) {
        const rows = (await sql`select * from ${sql.table(name)}`.execute(opened.db)).rows.map((r) =>
          JSON.stringify(r),
        );
        out.push(name, ...rows.sort());
      }
      return out.join('\n');
    } finally {
      await opened.close();
    }
  }

  /** Every sealed value: does it open under `key` (with its own AAD)? */
  async function openUnder(key: string): Promise<boolean[]> {
    const box = createSecretBox(Buffer.from(key, 'hex'));
    const opened = await openDatabase({
      databaseUrl: target.databaseUrl,
      dataDir: target.dataDir,
      migrate: false,
    });
    try {
      const result: boolean[] = [];
      for (const col of SEALED_COLUMNS) {
        const { rows } = await sql<{ id: string; sealed: string | null }>`select ${sql.ref(col.id)} as id,
          ${sql.ref(col.column)} as sealed from ${sql.table(col.table)}`.execute(opened.db);
        for (const r of rows) {
          if (r.sealed === null) continue;
          try {
            box.open(r.sealed, col.context(r.id));
            result.push(true);
          } catch {
            result.push(false);
          }
        }
      }
      return result;
    } finally {
      await opened.close();
    }
  }

  /** The server's environment: its data dir, and the key from the environment when not from master.key. */
  const serverEnv = (key: string | null): Record<string, string> => ({
    TRADEPOST_DATA_DIR: target.dataDir,
    TRADEPOST_WEBHOOK_WORKER: '0',
    ...(key ? { TRADEPOST_MASTER_KEY: key } : {}),
  });
  /** The CLI's: the current key as the server finds it. */
  const cliEnv = (key: string): Record<string, string> => (keyInFile ? {} : { TRADEPOST_MASTER_KEY: key });

  beforeAll(async () => {
    target.databaseUrl = await database.url();
    oldKey = randomBytes(32).toString('hex');
    if (keyInFile) {
      mkdirSync(target.dataDir);
      writeFileSync(join(target.dataDir, 'master.key'), `${oldKey}\n`, { mode: 0o600 });
    }
    const server = await startTestServer({
      databaseUrl: target.databaseUrl,
      env: serverEnv(keyInFile ? null : oldKey),
    });
    try {
      const s = server.services;
      const m = await server.createMerchant({ creditLimit: '1000.00' });
      doors = await doorsFor(server.url, s, m);
      product = await newProduct(s, { price: '1.00', stock: 1000 });
      const created = await s.webhooks.createEndpoint(m.merchantId, {
        url: 'https://hooks.example.com/rotate',
      });
      const rolled = await s.webhooks.rollSecret(m.merchantId, created.endpoint.id, { grace_hours: 24 });
      webhook.id = created.endpoint.id;
      webhook.secrets = [rolled.secret, created.secret];
      await s.profiles.updateBankAccount(m.merchantId, {
        holder: 'Acme Trading Ltd',
        bank_name: 'NatWest',
        account_number: ACCOUNT_NUMBER,
        swift_or_routing: 'NWBKGB2L',
      });
      // A two-step sign-in secret (sealed from its setup on).
      const login = (await s.merchants.findByEmail(m.email))!;
      await s.twoFactor.begin({ kind: 'portal', subjectId: login.userId, email: m.email });
      for (const door of MERCHANT_DOORS)
        expect((await placeVia(door, doors, orderRequest(product))).code, door).toBe(0);

      if (keyInFile) {
        // A server holds the SQLite database: refused, nothing written (not even the new key).
        const before = readdirSync(target.dataDir).sort();
        const run = await runCli(target, ['keys', 'rotate', '--generate', '--json']);
        expect(run.code, run.stderr).toBe(1);
        expect(run.json()).toMatchObject({ error: { code: 'conflict', reason: 'in_use' } });
        expect(run.stderr).toContain('stop every server');
        expect(readdirSync(target.dataDir).sort()).toEqual(before);
      }
    } finally {
      await server.close();
    }
  });
  afterAll(async () => {
    await database.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('--dry-run counts every kind of sealed value and changes nothing', async () => {
    const before = await dump();
    const run = await runCli(target, ['keys', 'rotate', '--generate', '--dry-run', '--json'], {
      env: cliEnv(oldKey),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({
      dry_run: true,
      resealed: ALL_KINDS_ONCE,
      total: 8,
      current_fingerprint: keyFingerprint(Buffer.from(oldKey, 'hex')),
      // --generate's key of a dry run is thrown away: no fingerprint to write down.
      new_fingerprint: null,
    });
    expect(await dump()).toBe(before);
    expect(readdirSync(target.dataDir).filter((f) => f.startsWith('master.key'))).toEqual(
      keyInFile ? ['master.key'] : [],
    );
  });

  it('refuses a wrong current key and changes nothing', async () => {
    const before = await dump();
    const wrong = randomBytes(32).toString('hex');
    const newFile = join(scratch, 'unused.key');
    writeFileSync(newFile, randomBytes(32).toString('hex'));
    // Env beats master.key, as in the server: the wrong key is the one the CLI finds.
    const run = await runCli(target, ['keys', 'rotate', '--new-key-file', newFile, '--json'], {
      env: { TRADEPOST_MASTER_KEY: wrong },
    });
    expect(run.code).toBe(1);
    const { error } = run.json() as { error: { code: string; reason: string; message: string } };
    expect(error).toMatchObject({ code: 'rejected', reason: 'unopenable', unopenable: 8 });
    expect(error.message).toContain(keyFingerprint(Buffer.from(wrong, 'hex')));
    expect(error.message).toContain('nothing was changed');
    expect(await dump()).toBe(before);
    expect(readdirSync(target.dataDir).filter((f) => f.startsWith('master.key'))).toEqual(
      keyInFile ? ['master.key'] : [],
    );
    if (keyInFile) expect(readFileSync(join(target.dataDir, 'master.key'), 'utf8').trim()).toBe(oldKey);
  });

  it('re-seals everything under the new key in one go; the old key opens nothing', async () => {
    let run;
    if (keyInFile) {
      run = await runCli(target, ['keys', 'rotate', '--generate', '--json']);
      expect(run.code, run.stderr).toBe(0);
      newKey = readFileSync(join(target.dataDir, 'master.key'), 'utf8').trim();
      expect(newKey).toMatch(/^[0-9a-f]{64}$/);
      // Only the fingerprint is printed, never the key.
      expect(run.stdout + run.stderr).not.toContain(newKey);
      const oldFile = join(target.dataDir, `master.key.old-${keyFingerprint(Buffer.from(oldKey, 'hex'))}`);
      expect(readFileSync(oldFile, 'utf8').trim()).toBe(oldKey);
      for (const f of [join(target.dataDir, 'master.key'), oldFile])
        expect(statSync(f).mode & 0o777).toBe(0o600);
      expect(
        readdirSync(target.dataDir)
          .filter((f) => f.startsWith('master.key'))
          .sort(),
      ).toEqual(['master.key', `master.key.old-${keyFingerprint(Buffer.from(oldKey, 'hex'))}`]);
      expect(run.json()).toMatchObject({ key_source: 'file', old_key_file: oldFile });
    } else {
      newKey = randomBytes(32).toString('hex');
      const newFile = join(scratch, 'new.key');
      writeFileSync(newFile, `${newKey}\n`, { mode: 0o600 });
      run = await runCli(target, ['keys', 'rotate', '--new-key-file', newFile, '--json'], {
        env: cliEnv(oldKey),
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout + run.stderr).not.toContain(newKey);
      const result = run.json() as { next_steps: string[] };
      expect(result).toMatchObject({ key_source: 'env' });
      expect(result.next_steps.join('\n')).toContain('TRADEPOST_MASTER_KEY');
      expect(readdirSync(target.dataDir).filter((f) => f.startsWith('master.key'))).toEqual([]);
    }
    expect(run.json()).toMatchObject({
      dry_run: false,
      resealed: ALL_KINDS_ONCE,
      total: 8,
      current_fingerprint: keyFingerprint(Buffer.from(oldKey, 'hex')),
      new_fingerprint: keyFingerprint(Buffer.from(newKey, 'hex')),
    });
    const underNew = await openUnder(newKey);
    expect(underNew).toHaveLength(8);
    expect(underNew.every(Boolean)).toBe(true);
    expect((await openUnder(oldKey)).some(Boolean)).toBe(false);
  });

  it('names every column holding sealed values (a new sealed column must join SEALED_COLUMNS)', async () => {
    const dumped = (await dump()).split('\n');
    const named = new Set(SEALED_COLUMNS.map((c) => c.column));
    const found = new Set<string>();
    for (const line of dumped) {
      if (!line.startsWith('{')) continue;
      for (const [column, value] of Object.entries(JSON.parse(line) as Record<string, unknown>))
        if (typeof value === 'string' && /^v1\.[A-Za-z0-9_-]{40,}$/.test(value)) found.add(column);
    }
    expect([...found].sort()).toEqual([...named].sort());
  });

  it('a server started with the new key serves every door, the portal and the webhook secrets', async () => {
    const server: TestServer = await startTestServer({
      databaseUrl: target.databaseUrl,
      env: serverEnv(keyInFile ? null : newKey),
    });
    try {
      const d = { ...doors, url: server.url };
      for (const door of MERCHANT_DOORS) {
        const r = await placeVia(door, d, orderRequest(product));
        expect({ door, status: r.status, code: r.code }).toEqual({ door, status: 200, code: 0 });
      }
      const portal = webClient(server.url, 'portal');
      expect((await portal.signIn(doors.m.email, doors.m.password)).status).toBe(200);
      const profile = await portal.call('GET', '/profile');
      expect(profile.status).toBe(200);
      expect(profile.body.bank_account.account_number_masked).toBe('••••6819');
      const ep = await server.running.ctx.db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('endpoint_id', '=', webhook.id)
        .executeTakeFirstOrThrow();
      expect(endpointSecrets(server.services.box, ep, Date.now())).toEqual(webhook.secrets);
    } finally {
      await server.close();
    }
  });

  it('a second rotation to the same key is refused as done, and changes nothing', async () => {
    const before = await dump();
    const files = readdirSync(target.dataDir).sort();
    const newFile = join(scratch, 'again.key');
    writeFileSync(newFile, newKey);
    // SQLite: master.key already is the new key. PostgreSQL: the operator reruns before updating the env.
    const run = await runCli(target, ['keys', 'rotate', '--new-key-file', newFile, '--json'], {
      env: cliEnv(oldKey),
    });
    expect(run.code).toBe(1);
    const { error } = run.json() as { error: { code: string; reason: string; message: string } };
    expect(error).toMatchObject({ code: 'conflict', reason: 'already_rotated' });
    expect(error.message).toContain(keyFingerprint(Buffer.from(newKey, 'hex')));
    expect(await dump()).toBe(before);
    expect(readdirSync(target.dataDir).sort()).toEqual(files);
  });

  it.runIf(keyInFile)(
    'after a rotation stopped between its COMMIT and the swap, says how to finish it',
    async () => {
      const keyFile = join(target.dataDir, 'master.key');
      writeFileSync(keyFile, `${oldKey}\n`, { mode: 0o600 });
      try {
        const newFile = join(scratch, 'interrupted.key');
        writeFileSync(newFile, newKey);
        const before = await dump();
        const run = await runCli(target, ['keys', 'rotate', '--new-key-file', newFile, '--json']);
        expect(run.code).toBe(1);
        const { error } = run.json() as { error: { reason: string; message: string } };
        expect(error.reason).toBe('already_rotated');
        expect(error.message).toContain(`${keyFile} still holds the old key`);
        expect(await dump()).toBe(before);
        expect(readFileSync(keyFile, 'utf8').trim()).toBe(oldKey);
      } finally {
        writeFileSync(keyFile, `${newKey}\n`, { mode: 0o600 });
      }
    },
  );

  it('a server, or a command, given the old key after the rotation refuses to start; nothing is sealed', async () => {
    const before = await dump();
    await expect(
      startTestServer({ databaseUrl: target.databaseUrl, env: serverEnv(oldKey) }),
    ).rejects.toThrow(
      `the master key (fingerprint ${keyFingerprint(Buffer.from(oldKey, 'hex'))}) does not open the secrets stored in this database`,
    );
    const run = await runCli(
      target,
      ['token', 'create', '--email', doors.m.email, '--name', 'stale', '--json'],
      {
        env: { TRADEPOST_MASTER_KEY: oldKey },
      },
    );
    expect(run.code, run.stderr).toBe(1);
    expect(run.json()).toMatchObject({ error: { code: 'invalid_config' } });

    // No key at all (a data dir moved without master.key, TRADEPOST_MASTER_KEY forgotten): refused,
    // and the key generated for the moment is gone again, so the next start does not take it.
    const bare: CliTarget = keyInFile ? target : { ...target, dataDir: join(scratch, 'no-key') };
    const keyFile = join(bare.dataDir, 'master.key');
    const saved = keyInFile ? readFileSync(keyFile) : null;
    rmSync(keyFile, { force: true });
    try {
      const none = await runCli(bare, ['token', 'create', '--email', doors.m.email, '--name', 'x', '--json']);
      expect(none.code, none.stderr).toBe(1);
      expect(none.stderr).toContain('holds secrets sealed under a master key');
      expect(none.stderr).toContain('no key was generated');
      expect(existsSync(keyFile)).toBe(false);
    } finally {
      if (saved) writeFileSync(keyFile, saved, { mode: 0o600 });
    }
    expect(await dump()).toBe(before);
  });

  it('after a server kept running on the old key and sealed a token, a rerun re-seals just that', async () => {
    // The mistake the docs warn of: a server started on the old key before the rotation and still
    // running after it (one started after it refuses: the test above). It seals a new token.
    const opened = await openDatabase({
      databaseUrl: target.databaseUrl,
      dataDir: target.dataDir,
      migrate: false,
    });
    let token: { token: string; secret_key: string };
    const stale = createServices({
      db: opened.db,
      writer: opened.writer,
      masterKey: Buffer.from(oldKey, 'hex'),
      dialect: opened.dialect,
    });
    try {
      token = await stale.tokens.create(doors.m.merchantId, { name: 'sealed under the old key' });
    } finally {
      stale.close();
      await opened.close();
    }
    const newFile = join(scratch, 'rerun.key');
    writeFileSync(newFile, newKey);
    const run = await runCli(target, ['keys', 'rotate', '--new-key-file', newFile, '--json'], {
      env: { TRADEPOST_MASTER_KEY: oldKey },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({
      resealed: {
        ...Object.fromEntries(Object.keys(ALL_KINDS_ONCE).map((k) => [k, 0])),
        token_secret_key: 1,
      },
      total: 1,
      already_new: 8,
    });
    expect((await openUnder(newKey)).every(Boolean)).toBe(true);
    const server = await startTestServer({
      databaseUrl: target.databaseUrl,
      env: serverEnv(keyInFile ? null : newKey),
    });
    try {
      const r = await placeVia('walltech', { ...doors, url: server.url, token }, orderRequest(product));
      expect({ status: r.status, code: r.code }).toEqual({ status: 200, code: 0 });
    } finally {
      await server.close();
    }
  });

  it('refuses a new key file that holds no key, before touching anything', async () => {
    const bad = join(scratch, 'bad.key');
    writeFileSync(bad, 'not a key');
    const run = await runCli(target, ['keys', 'rotate', '--new-key-file', bad, '--json'], {
      env: cliEnv(newKey),
    });
    expect(run.code).toBe(2);
    expect(run.json()).toMatchObject({ error: { code: 'invalid_argument' } });
    expect(run.stdout + run.stderr).not.toContain('not a key');
    const neither = await runCli(target, ['keys', 'rotate', '--json'], { env: cliEnv(newKey) });
    expect(neither.code).toBe(2);
  });
});
