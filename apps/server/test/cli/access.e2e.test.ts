/**
 * End to end: `apikey create`, `token create` and `token revoke` through the real bin/tradepost.js
 * in a child process, then the printed credentials used against a real server on the same
 * database (and master key), on SQLite and on PostgreSQL when reachable. Each credential change
 * is one audit entry, the portal's for the same change, named as the CLI and without the secret.
 * `merchant suspend|reactivate`: the running server follows within its credential cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAction } from '../action/action-http.ts';
import { bend } from '../helpers/bend-http.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { docLine } from '../helpers/docs.ts';
import { orderRequest, testProduct } from '../helpers/factories.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';
import { walltech } from '../walltech/walltech-http.ts';
import { argv, auditEntriesOf, CLI_AUDIT_ACTOR, runCli, useCliTarget } from './cli-helpers.ts';

let seq = 0;
const email = () => `access-${process.pid}-${++seq}@example.com`;

describeEachDatabase('tradepost CLI access credentials', (database) => {
  const { target } = useCliTarget(database);
  let server: TestServer;
  let address = '';
  let merchantId = '';
  const product = testProduct({ price: '5.00', stock: 10 });
  const order = JSON.stringify(orderRequest(product));

  beforeAll(async () => {
    address = email();
    const made = await runCli(
      target,
      argv`merchant create --email ${address} --password correct-horse --name Acme --credit-limit 100 --json`,
    );
    expect(made.code, made.stderr).toBe(0);
    merchantId = made.json().merchant_id as string;
    // The server reads the same data dir (master key, SQLite file) or schema the CLI wrote to.
    server = await startTestServer({
      databaseUrl: target.databaseUrl,
      env: { TRADEPOST_DATA_DIR: target.dataDir },
    });
    await server.addProducts([product]);
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('apikey create', () => {
    it('prints {user_id, api_key}; the key works on the Action API', async () => {
      const run = await runCli(target, argv`apikey create --email ${address.toUpperCase()} --json`);
      expect(run.code, run.stderr).toBe(0);
      const out = run.json();
      expect(Object.keys(out).sort()).toEqual(['api_key', 'user_id']);
      expect(out.user_id).toBe(address);
      expect(out.api_key).toMatch(/^[0-9a-f]{40}$/);
      const key = out as { user_id: string; api_key: string };
      expect((await callAction(server.url, key, 'GetCredit')).body).toMatchObject({ credit_limit: '100.00' });
    });

    it('--read-only replaces the old key (E007) with one that may not write (E009)', async () => {
      const first = (await runCli(target, argv`apikey create --email ${address} --json`)).json() as {
        user_id: string;
        api_key: string;
      };
      const run = await runCli(target, argv`apikey create --email ${address} --read-only --json`);
      expect(run.code, run.stderr).toBe(0);
      const second = run.json() as { user_id: string; api_key: string };
      // Another process regenerated it: the server's credential cache may serve an older key for ≤ 5 s.
      await expect
        .poll(async () => (await callAction(server.url, second, 'GetCredit')).body?.used, {
          timeout: 8000,
          interval: 250,
        })
        .toBe('0.00');
      expect((await callAction(server.url, first, 'GetCredit')).error?.ErrorCode).toBe('7');
      expect((await callAction(server.url, second, 'CreateOrder', { body: order })).error?.ErrorCode).toBe(
        '9',
      );
      const entries = await auditEntriesOf(target, { merchantId, action: 'api_key.generated' });
      expect(entries.slice(-2)).toEqual(
        [false, true].map((readOnly) => ({
          ...CLI_AUDIT_ACTOR,
          action: 'api_key.generated',
          merchant_id: merchantId,
          target_type: 'api_key',
          target_id: address,
          before: null,
          after: { read_only: readOnly, replaced_previous: true },
          note: null,
        })),
      );
      expect(JSON.stringify(entries)).not.toContain(first.api_key);
      expect(JSON.stringify(entries)).not.toContain(second.api_key);
    });

    it('prints the key for people without --json; an unknown user is not_found (exit 1)', async () => {
      const human = await runCli(target, argv`apikey create --email ${address}`);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(new RegExp(`^UserID:  ${address}\\nAPI key: [0-9a-f]{40}\\n`));
      const unknown = await runCli(target, argv`apikey create --email nobody@example.com --json`);
      expect(unknown.code).toBe(1);
      expect(unknown.json()).toMatchObject({ error: { code: 'not_found' } });
      const bad = await runCli(target, argv`apikey create --email not-an-email --json`);
      expect(bad.code).toBe(2);
      expect(await auditEntriesOf(target, { targetId: 'nobody@example.com' })).toEqual([]);
    });
  });

  describe('token create / revoke', () => {
    it('prints {token, secret_key}; the token places an order on the REST paths', async () => {
      const run = await runCli(target, argv`token create --email ${address} --name ${'Warehouse PC'} --json`);
      expect(run.code, run.stderr).toBe(0);
      const out = run.json();
      expect(Object.keys(out).sort()).toEqual(['secret_key', 'token']);
      expect(out.token).toMatch(/^[A-Za-z0-9]{26}$/);
      expect(out.secret_key).toMatch(/^[A-Za-z0-9]{32}$/);
      const cred = out as { token: string; secret_key: string };
      const placed = await walltech(`${server.url}/api/v1/orders`, cred, { body: order });
      expect(placed.body).toMatchObject({ code: 0, data: { amount: '5.00' } });
    });

    it('--read-only tokens answer 1003 to writes', async () => {
      const cred = (
        await runCli(target, argv`token create --email ${address} --name reports --read-only --json`)
      ).json() as {
        token: string;
        secret_key: string;
      };
      const r = await walltech(`${server.url}/api/v1/orders`, cred, { body: order });
      expect([r.status, r.body.code]).toEqual([403, 1003]);
      expect(r.body.message).toMatch(/read-only/);
    });

    it('revoke: the token then answers 1003; unknown token exit 1, malformed exit 2', async () => {
      const cred = (
        await runCli(target, argv`token create --email ${address} --name doomed --json`)
      ).json() as {
        token: string;
        secret_key: string;
      };
      expect((await walltech(`${server.url}/api/v1/credit`, cred)).body.code).toBe(0);
      const run = await runCli(target, argv`token revoke --token ${cred.token} --json`);
      expect(run.code, run.stderr).toBe(0);
      expect(run.json()).toMatchObject({ token: cred.token, status: 'revoked' });
      // Revoked by another process: the server's credential cache may still accept it for ≤ 5 s.
      await expect
        .poll(async () => (await walltech(`${server.url}/api/v1/credit`, cred)).body.code, {
          timeout: 8000,
          interval: 250,
        })
        .toBe(1003);

      const human = await runCli(target, argv`token revoke --token ${cred.token}`);
      expect([human.code, human.stdout]).toEqual([0, `Token ${cred.token} revoked.\n`]);
      const unknown = await runCli(target, argv`token revoke --token ${'Q'.repeat(26)} --json`);
      expect(unknown.code).toBe(1);
      expect(unknown.json()).toMatchObject({ error: { code: 'not_found' } });
      expect((await runCli(target, argv`token revoke --token short --json`)).code).toBe(2);

      // Created and revoked: one entry each (the repeated revoke, the unknown token: none).
      const entries = await auditEntriesOf(target, { targetId: cred.token });
      const token = (action: string, before: object | null, after: object) => ({
        ...CLI_AUDIT_ACTOR,
        action,
        merchant_id: merchantId,
        target_type: 'token',
        target_id: cred.token,
        before,
        after,
        note: null,
      });
      expect(entries).toEqual([
        token('token.created', null, { name: 'doomed', read_only: false }),
        token('token.revoked', { status: 'active' }, { status: 'revoked' }),
      ]);
      expect(JSON.stringify(entries)).not.toContain(cred.secret_key);
      expect(await auditEntriesOf(target, { targetId: 'Q'.repeat(26) })).toEqual([]);
    });

    it('token list shows every token without its secret', async () => {
      const run = await runCli(target, argv`token list --email ${address} --json`);
      expect(run.code, run.stderr).toBe(0);
      const tokens = run.json().tokens as { name: string; status: string; read_only: boolean }[];
      expect(tokens.map((t) => [t.name, t.status, t.read_only])).toEqual([
        ['Warehouse PC', 'active', false],
        ['reports', 'active', true],
        ['doomed', 'revoked', false],
      ]);
      expect(run.stdout).not.toMatch(/secret/);
    });
  });

  it('merchant suspend|reactivate: a running server follows within its credential cache, refusing (1003) until then after a reactivation', async () => {
    const other = email();
    const made = await runCli(
      target,
      argv`merchant create --email ${other} --password correct-horse --name Paused --credit-limit 10 --json`,
    );
    expect(made.code, made.stderr).toBe(0);
    const app = (
      await runCli(target, argv`app create --email ${other} --name erp --json`)
    ).json() as TestMerchant['app'];
    const m: TestMerchant = {
      merchantId: made.json().merchant_id as string,
      email: other,
      password: '',
      app,
    };
    const code = async () => (await bend(server.url, m, 'GET', '/credit')).payload.code;
    expect(await code()).toBe(0);
    expect((await runCli(target, argv`merchant suspend --email ${other}`)).code).toBe(0);
    await expect.poll(code, { timeout: 8000, interval: 250 }).toBe(1003);
    expect((await runCli(target, argv`merchant reactivate --email ${other}`)).code).toBe(0);
    // The server cached the App as suspended: it may refuse for up to 5 s more (fails closed).
    await expect.poll(code, { timeout: 8000, interval: 250 }).toBe(0);
    expect(docLine('docs/scaling.md', '| credential caches')).toContain(
      'an `app enable` or `merchant reactivate` (or a credential probed before it existed) still refused (`1003`, `E009`, `1002`/`E007`) for up to 5 s',
    );
  });
});
