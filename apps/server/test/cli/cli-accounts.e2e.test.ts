/**
 * End to end: `merchant create`, `app create` and `credit adjust` through the real
 * bin/tradepost.js in a child process, on SQLite and on PostgreSQL when reachable. Asserts the
 * exact --json shapes, exit codes, and what the database holds afterwards, the audit log
 * included: each change is one entry, the console's (or the portal's) for the same change, named
 * as the CLI; a refused command records nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskEmail } from '../../src/modules/merchants/merchants.rules.ts';
import { SIGN_IN_LIMITS, signInAccount } from '../../src/modules/sessions/sessions.throttle.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import {
  argv,
  auditEntriesOf,
  BIN,
  childEnv,
  CLI_AUDIT_ACTOR,
  runCli,
  useCliTarget,
  withTargetContext,
} from './cli-helpers.ts';

let seq = 0;
const email = () => `ops-${process.pid}-${++seq}@example.com`;
type JsonError = { error: { code: string; message: string } };

describeEachDatabase('tradepost CLI accounts', (database) => {
  const { target } = useCliTarget(database);
  const createMerchant = async (limit = '1000.00') => {
    const address = email();
    const run = await runCli(
      target,
      argv`merchant create --email ${address} --password correct-horse --name ${'Acme Ltd'} --credit-limit ${limit} --json`,
    );
    expect(run.code, run.stderr).toBe(0);
    return { address, merchantId: run.json().merchant_id as string };
  };

  describe('merchant create', () => {
    it('takes the password from TRADEPOST_PASSWORD (kept out of ps), and needs one or the other', async () => {
      const address = email();
      const run = await runCli(
        target,
        argv`merchant create --email ${address} --name Acme --credit-limit 10.00 --json`,
        {
          env: { TRADEPOST_PASSWORD: 'from the environment' },
        },
      );
      expect(run.code, run.stderr).toBe(0);
      await withTargetContext(target, async (ctx) => {
        expect(await ctx.services.merchants.authenticate(address, 'from the environment')).not.toBeNull();
      });
      const none = await runCli(
        target,
        argv`merchant create --email ${email()} --name Acme --credit-limit 10.00 --json`,
      );
      expect(none.code).toBe(2);
      expect((none.json() as JsonError).error).toEqual({
        code: 'invalid_argument',
        message: 'a password is required: --password or TRADEPOST_PASSWORD',
      });
    });

    it('prints {merchant_id, email} and creates a login with its credit line', async () => {
      const address = email().toUpperCase();
      const run = await runCli(
        target,
        argv`merchant create --email ${address} --password correct-horse --name ${'Acme Ltd'} --credit-limit 1000 --currency usd --json`,
      );
      expect(run.code, run.stderr).toBe(0);
      const out = run.json();
      expect(Object.keys(out).sort()).toEqual(['email', 'merchant_id']);
      expect(out.email).toBe(address.toLowerCase());
      expect(out.merchant_id).toEqual(expect.any(String));
      await withTargetContext(target, async (ctx) => {
        expect((await ctx.services.merchants.findByEmail(address))?.merchantId).toBe(out.merchant_id);
        expect(await ctx.services.credit.get(out.merchant_id as string)).toMatchObject({
          currency: 'USD',
          credit_limit: '1000.00',
          available: '1000.00',
        });
      });
      expect(await auditEntriesOf(target, { merchantId: out.merchant_id as string })).toEqual([
        {
          ...CLI_AUDIT_ACTOR,
          action: 'merchant.created',
          merchant_id: out.merchant_id,
          target_type: 'merchant',
          target_id: out.merchant_id,
          before: null,
          // The address is kept masked, as on an e-mail change: never in clear.
          after: {
            email: maskEmail(out.email as string),
            name: 'Acme Ltd',
            credit_limit: '1000.00',
            currency: 'USD',
          },
          note: null,
        },
      ]);
    });

    it('prints human text without --json', async () => {
      const run = await runCli(
        target,
        argv`merchant create --email ${email()} --password correct-horse --name Acme --credit-limit 5.5`,
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /^Created merchant \S+ \(ops-.*@example\.com\) with a credit limit of 5\.50 USD\.\n$/,
      );
    });

    it('refuses a second merchant with the same email (exit 1, conflict)', async () => {
      const { address } = await createMerchant();
      const createdBefore = (await auditEntriesOf(target, { action: 'merchant.created' })).length;
      const run = await runCli(
        target,
        argv`merchant create --email ${address} --password correct-horse --name Again --credit-limit 1.00 --json`,
      );
      expect(run.code).toBe(1);
      const message = `a merchant with email ${address} already exists`;
      expect(run.json()).toEqual({ error: { code: 'conflict', message } });
      expect(run.stderr).toBe(`error: ${message}\n`);
      // Only the first create is on the audit log.
      expect(await auditEntriesOf(target, { action: 'merchant.created' })).toHaveLength(createdBefore);
    });

    it('the same email in another case is the same login (conflict)', async () => {
      const { address } = await createMerchant();
      const upper = address.toUpperCase();
      const run = await runCli(
        target,
        argv`merchant create --email ${upper} --password correct-horse --name Again --credit-limit 1.00 --json`,
      );
      expect([run.code, run.json()]).toEqual([
        1,
        { error: { code: 'conflict', message: `a merchant with email ${upper} already exists` } },
      ]);
    });

    it.each([
      ['a bad email', '--email', 'not-an-email', /--email/],
      ['money with 3 decimals', '--credit-limit', '10.005', /--credit-limit/],
      ['money that is not a number', '--credit-limit', 'abc', /--credit-limit/],
      ['a negative limit', '--credit-limit', '-5.00', /--credit-limit/],
      [
        'a limit past the largest (said as such)',
        '--credit-limit',
        '99999999999999999999.99',
        /--credit-limit.*must be at most 9999999999999\.99/,
      ],
      ['a bad currency', '--currency', 'DOLLAR', /--currency/],
      ['a short password (the service rule)', '--password', 'short', /password/],
    ])('rejects %s with exit 2 and creates nothing', async (_what, option, value, mentions) => {
      const args: Record<string, string> = {
        '--email': email(),
        '--password': 'correct-horse',
        '--name': 'Acme',
        '--credit-limit': '100.00',
        [option]: value,
      };
      const run = await runCli(target, ['merchant', 'create', ...Object.entries(args).flat(), '--json']);
      expect(run.code).toBe(2);
      const { error } = run.json() as JsonError;
      expect(error.code).toBe('invalid_argument');
      expect(error.message).toMatch(mentions);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      const address = args['--email'] as string;
      if (option !== '--email') {
        expect(
          await withTargetContext(target, (ctx) => ctx.services.merchants.findByEmail(address)),
        ).toBeNull();
      }
    });

    it('reports a missing option as a usage error', async () => {
      const run = await runCli(target, argv`merchant create --email ${email()} --json`);
      expect(run.code).toBe(2);
      expect(run.json()).toEqual({
        error: { code: 'invalid_argument', message: expect.stringMatching(/required option/) },
      });
    });
  });

  describe('app create', () => {
    it('prints exactly {app_id, secret_key, sign_key} in the spec formats', async () => {
      const { address, merchantId } = await createMerchant();
      const run = await runCli(target, argv`app create --email ${address} --name Storefront --json`);
      expect(run.code, run.stderr).toBe(0);
      const out = run.json();
      expect(Object.keys(out).sort()).toEqual(['app_id', 'secret_key', 'sign_key']);
      expect(out.app_id).toMatch(/^app_[0-9a-f]{24}$/);
      expect(out.secret_key).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(out.sign_key).toMatch(/^[A-Za-z0-9]{32}$/);
      await withTargetContext(target, async (ctx) => {
        expect(await ctx.services.apps.lookupForAuth(out.app_id as string)).toMatchObject({
          merchantId,
          secretKey: out.secret_key,
          signKey: out.sign_key,
          status: 'active',
        });
      });
    });

    it('rotate prints new keys and the old ones stop working; disable/enable flip the status; list hides keys', async () => {
      const { address, merchantId } = await createMerchant();
      const created = (await runCli(target, argv`app create --email ${address} --name Erp --json`)).json();
      const appId = created.app_id as string;
      const rotated = await runCli(target, argv`app rotate --email ${address} --app-id ${appId} --json`);
      expect(rotated.code, rotated.stderr).toBe(0);
      const keys = rotated.json();
      expect(keys.app_id).toBe(appId);
      expect(keys.secret_key).not.toBe(created.secret_key);
      expect(keys.sign_key).not.toBe(created.sign_key);
      await withTargetContext(target, async (ctx) => {
        expect(await ctx.services.apps.lookupForAuth(appId)).toMatchObject({
          secretKey: keys.secret_key,
          signKey: keys.sign_key,
        });
      });

      const disabled = await runCli(target, argv`app disable --email ${address} --app-id ${appId} --json`);
      expect([disabled.code, disabled.json().status]).toEqual([0, 'disabled']);
      await withTargetContext(target, async (ctx) => {
        expect((await ctx.services.apps.lookupForAuth(appId))?.status).toBe('disabled');
      });
      const enabled = await runCli(target, argv`app enable --email ${address} --app-id ${appId} --json`);
      expect([enabled.code, enabled.json().status]).toEqual([0, 'active']);

      const listed = await runCli(target, argv`app list --email ${address} --json`);
      const apps = listed.json().apps as Record<string, unknown>[];
      expect(apps.map((a) => a.app_id)).toEqual([appId]);
      expect(JSON.stringify(apps)).not.toContain(keys.secret_key as string);

      // The portal's entries for the same changes, one each, no secret; enabling again: none.
      const again = await runCli(target, argv`app enable --email ${address} --app-id ${appId} --json`);
      expect(again.code, again.stderr).toBe(0);
      const entries = await auditEntriesOf(target, { targetId: appId });
      const app = (action: string, before: object | null, after: object) => ({
        ...CLI_AUDIT_ACTOR,
        action,
        merchant_id: merchantId,
        target_type: 'app',
        target_id: appId,
        before,
        after,
        note: null,
      });
      expect(entries).toEqual([
        app('app.created', null, { name: 'Erp', status: 'active' }),
        app('app.rotated', null, { keys_rotated_at: expect.any(String) }),
        app('app.disabled', { status: 'active' }, { status: 'disabled' }),
        app('app.enabled', { status: 'disabled' }, { status: 'active' }),
      ]);
      for (const secret of [created.secret_key, created.sign_key, keys.secret_key, keys.sign_key])
        expect(JSON.stringify(entries)).not.toContain(secret as string);
    });

    it('rotate refuses a malformed app id (exit 2); another merchant’s app or none is not_found (exit 1)', async () => {
      const { address } = await createMerchant();
      const bad = await runCli(target, argv`app rotate --email ${address} --app-id nope --json`);
      expect(bad.code).toBe(2);
      const other = await createMerchant();
      const foreign = (
        await runCli(target, argv`app create --email ${other.address} --name X --json`)
      ).json();
      const run = await runCli(
        target,
        argv`app rotate --email ${address} --app-id ${foreign.app_id as string} --json`,
      );
      expect(run.code).toBe(1);
      expect(run.json()).toEqual({
        error: { code: 'not_found', message: `no app ${foreign.app_id as string} of this merchant` },
      });
      // No app at all: the same, for each command that names one (as an unknown token or order).
      const none = 'app_000000000000000000000000';
      for (const verb of ['rotate', 'disable', 'enable']) {
        const missing = await runCli(target, argv`app ${verb} --email ${address} --app-id ${none} --json`);
        expect([verb, missing.code]).toEqual([verb, 1]);
        expect(missing.json()).toMatchObject({ error: { code: 'not_found' } });
      }
      expect(
        (await auditEntriesOf(target, { targetId: foreign.app_id as string })).map((e) => e.action),
      ).toEqual(['app.created']);
    });

    it('fails with not_found (exit 1) for an unknown merchant', async () => {
      const run = await runCli(target, argv`app create --email nobody@example.com --name X --json`);
      expect(run.code).toBe(1);
      expect(run.json()).toEqual({
        error: { code: 'not_found', message: 'no merchant with email nobody@example.com' },
      });
    });
  });

  describe('operator create', () => {
    /** operator create on a pseudo-terminal (script(1)); `keys` typed once the password prompt shows. */
    const atPrompt = (address: string, keys: string) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const command = `"${process.execPath}" "${BIN}" operator create --email ${address}`;
        const child = spawn('script', ['-qec', command, '/dev/null'], { env: childEnv(target) });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          const before = output;
          output += chunk.toString();
          if (!before.includes('Password') && output.includes('Password')) child.stdin.write(keys);
        });
        child.on('close', (code) => resolve({ code, output }));
      });
    const hasScript = spawnSync('script', ['--version']).status === 0;

    it.skipIf(!hasScript)(
      'Ctrl-C or Ctrl-D at the password prompt: cancelled, exit 1, nothing created',
      async () => {
        for (const key of ['\x03', '\x04']) {
          const address = email();
          const { code, output } = await atPrompt(address, key);
          expect([JSON.stringify(key), code, output]).toEqual([
            JSON.stringify(key),
            1,
            expect.stringContaining('error: cancelled: no operator was created'),
          ]);
          const created = await auditEntriesOf(target, { action: 'operator.created' });
          expect(created.filter((e) => e.after?.email === address)).toEqual([]);
        }
      },
    );

    it('one operator.created entry, as the CLI; a second with the same e-mail: conflict, none', async () => {
      const address = email();
      const env = { TRADEPOST_PASSWORD: 'a long operator password' };
      const run = await runCli(target, argv`operator create --email ${address} --role support --json`, {
        env,
      });
      expect(run.code, run.stderr).toBe(0);
      const id = run.json().operator_id as string;
      // Said to a person: where this data dir's server shows the console (a wildcard host is on loopback too).
      const shown = await runCli(target, argv`operator create --email ${email()} --role support`, {
        env: { ...env, HOST: '0.0.0.0', PORT: '9123' },
      });
      expect([shown.code, shown.stdout]).toEqual([
        0,
        expect.stringContaining('Sign in at http://127.0.0.1:9123/admin'),
      ]);
      // Behind a proxy the address people use is the proxy's, which the CLI cannot know.
      const proxied = await runCli(target, argv`operator create --email ${email()} --role support`, {
        env: { ...env, TRADEPOST_TRUST_PROXY: '1', PORT: '9123' },
      });
      expect([proxied.code, proxied.stdout]).toEqual([
        0,
        expect.stringContaining(
          'Sign in at /admin on the address your proxy serves (http://127.0.0.1:9123/admin here)',
        ),
      ]);
      const again = await runCli(target, argv`operator create --email ${address} --json`, { env });
      expect([again.code, (again.json() as JsonError).error.code]).toEqual([1, 'conflict']);
      const created = await auditEntriesOf(target, { action: 'operator.created' });
      expect(created.filter((e) => e.after?.email === address)).toEqual([
        {
          ...CLI_AUDIT_ACTOR,
          action: 'operator.created',
          merchant_id: null,
          target_type: 'operator',
          target_id: id,
          before: null,
          after: { email: address, role: 'support' },
          note: null,
        },
      ]);
    });

    it('list, set-role, disable, enable and reset-password, each audited as the CLI; the last admin stays', async () => {
      const env = { TRADEPOST_PASSWORD: 'a long operator password' };
      const address = email();
      const id = (
        await runCli(target, argv`operator create --email ${address} --role support --json`, { env })
      ).json().operator_id as string;
      // Another admin, so this one can be disabled while an admin remains.
      expect(
        (await runCli(target, argv`operator create --email ${email()} --role admin --json`, { env })).code,
      ).toBe(0);
      type Listed = { operator_id: string; email: string; role: string; status: string };
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers asserted field by field
      const ok = async (args: string[]): Promise<any> => {
        const run = await runCli(target, args);
        expect(run.code, run.stderr).toBe(0);
        return run.json();
      };
      const operators = async () => (await ok(argv`operator list --json`)).operators as Listed[];
      const listed = (await operators()).find((o) => o.operator_id === id);
      expect(listed).toEqual({
        operator_id: id,
        email: address,
        name: address.split('@')[0],
        role: 'support',
        status: 'active',
        must_change_password: false,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        last_sign_in_at: null,
        two_factor_enabled: false,
        failed_sign_ins: null,
      });
      expect(await ok(argv`operator set-role --email ${address} --role admin --json`)).toMatchObject({
        role: 'admin',
      });
      expect(await ok(argv`operator disable --email ${address} --json`)).toMatchObject({
        status: 'disabled',
      });
      expect(await ok(argv`operator enable --email ${address} --json`)).toMatchObject({ status: 'active' });
      // Five wrong passwords from one address, as the sign-in records them: the plain list says the
      // login is held, and that the reset below ends it.
      await withTargetContext(target, async (ctx) => {
        for (let i = 0; i < SIGN_IN_LIMITS.accountAndAddress; i++)
          await ctx.services.audit.record(
            { type: 'anonymous', id: null, label: maskEmail(address), ip: '203.0.113.9' },
            {
              action: 'session.sign_in_failed',
              emailHmac: signInAccount(ctx.config.masterKey, address),
              targetType: 'admin',
            },
          );
      });
      const line = async () =>
        (await runCli(target, argv`operator list`)).stdout.split('\n').find((l) => l.includes(address));
      expect(await line()).toMatch(/ {2}sign-in held until \S+Z \(reset-password ends it\)$/);
      const reset = await ok(argv`operator reset-password --email ${address} --json`);
      expect(await line()).not.toContain('held');
      expect(reset).toEqual({
        email: address,
        temporary_password: expect.stringMatching(/^[A-Za-z0-9]{16}$/),
      });
      await withTargetContext(target, async (ctx) => {
        expect(await ctx.services.operators.authenticate(address, reset.temporary_password)).toMatchObject({
          mustChangePassword: true,
        });
      });
      expect((await auditEntriesOf(target, { targetId: id })).map((e) => [e.action, e.actor_label])).toEqual([
        ['operator.created', 'cli'],
        ['operator.role_changed', 'cli'],
        ['operator.disabled', 'cli'],
        ['operator.enabled', 'cli'],
        ['password.reset', 'cli'],
      ]);

      const unknown = await runCli(target, argv`operator disable --email ${email()} --json`);
      expect([unknown.code, (unknown.json() as JsonError).error.code]).toEqual([1, 'not_found']);
      const badRole = await runCli(target, argv`operator set-role --email ${address} --role owner --json`);
      expect(badRole.code).toBe(2);
      // Every other admin disabled, the one left cannot be demoted: refused, nothing changes.
      for (const o of await operators())
        if (o.role === 'admin' && o.status === 'active' && o.operator_id !== id)
          await ok(argv`operator disable --email ${o.email} --json`);
      const last = await runCli(target, argv`operator set-role --email ${address} --role support --json`);
      expect([last.code, (last.json() as JsonError).error]).toEqual([
        2,
        { code: 'invalid_argument', message: 'role: the last active admin must stay an active admin' },
      ]);
    });
  });

  describe('credit adjust', () => {
    it('records limit changes, adjustments and repayments on the ledger', async () => {
      const { address, merchantId } = await createMerchant('1000.00');
      const adjust = async (amount: string, type: string, note?: string) => {
        const run = await runCli(
          target,
          argv`credit adjust --email ${address} --amount=${amount} --type ${type} --json`.concat(
            note ? ['--note', note] : [],
          ),
        );
        expect(run.code, run.stderr).toBe(0);
        return run.json();
      };

      const entry = await adjust('500.00', 'limit_change', 'Annual review');
      expect(Object.keys(entry).sort()).toEqual([
        'amount',
        'balance_after',
        'balance_before',
        'created_at',
        'currency',
        'description',
        'order_no',
        'reference_no',
        'type',
      ]);
      expect(entry).toMatchObject({
        type: 'limit_change',
        amount: '500.00',
        balance_before: '1000.00',
        balance_after: '1500.00',
        currency: 'USD',
        order_no: null,
        description: 'Annual review',
      });
      expect(await adjust('-200', 'adjustment')).toMatchObject({
        type: 'adjustment',
        amount: '-200.00',
        balance_before: '1500.00',
        balance_after: '1300.00',
      });
      expect(await adjust('150.5', 'repayment')).toMatchObject({
        type: 'repayment',
        amount: '150.50',
        balance_before: '1300.00',
        balance_after: '1450.50',
      });

      const human = await runCli(
        target,
        argv`credit adjust --email ${address} --amount 10.00 --type repayment`,
      );
      expect(human.code, human.stderr).toBe(0);
      expect(human.stdout).toMatch(
        new RegExp(
          `^Recorded repayment of 10\\.00 USD for ${address} \\(\\S+\\): available credit 1450\\.50 -> 1460\\.50\\.\\n$`,
        ),
      );
      await withTargetContext(target, async (ctx) => {
        expect(await ctx.services.credit.get(merchantId)).toMatchObject({
          credit_limit: '1500.00',
          used: '39.50',
          available: '1460.50',
        });
      });

      // Each entry on the audit log as the console records it: credit.<type>, before/after, note.
      const ledger = await withTargetContext(target, (ctx) =>
        ctx.services.credit.listTransactions(merchantId, { page_size: 100 }),
      );
      const refs = ledger.items
        .map((t) => t.reference_no)
        .reverse()
        .slice(1); // not the opening limit
      const move = (
        i: number,
        type: string,
        before: string,
        after: string,
        amount: string,
        note: string | null,
        limits?: [string, string],
      ) => ({
        ...CLI_AUDIT_ACTOR,
        action: `credit.${type}`,
        merchant_id: merchantId,
        target_type: 'credit_transaction',
        target_id: refs[i],
        before: { available: before, ...(limits ? { credit_limit: limits[0] } : {}) },
        after: { available: after, ...(limits ? { credit_limit: limits[1] } : {}), amount, currency: 'USD' },
        note,
      });
      const audited = await auditEntriesOf(target, { merchantId });
      expect(audited.filter((e) => e.action.startsWith('credit.'))).toEqual([
        move(0, 'limit_change', '1000.00', '1500.00', '500.00', 'Annual review', ['1000.00', '1500.00']),
        move(1, 'adjustment', '1500.00', '1300.00', '-200.00', null),
        move(2, 'repayment', '1300.00', '1450.50', '150.50', null),
        move(3, 'repayment', '1450.50', '1460.50', '10.00', null),
      ]);
    });

    it('with --idempotency-key, records the entry once however often it runs', async () => {
      const { address, merchantId } = await createMerchant('100.00');
      const key = `wire-${Date.now()}-0001`;
      const run = (amount: string) =>
        runCli(
          target,
          argv`credit adjust --email ${address} --amount ${amount} --type limit_change --idempotency-key ${key} --json`,
        );
      const [first, again] = [await run('25.00'), await run('25.00')];
      expect([first.code, again.code]).toEqual([0, 0]);
      expect(again.json()).toEqual(first.json());
      const other = await run('30.00');
      expect(other.code).toBe(1);
      expect((other.json() as JsonError).error.code).toBe('conflict');
      const bad = await runCli(
        target,
        argv`credit adjust --email ${address} --amount 1.00 --type repayment --idempotency-key short --json`,
      );
      expect(bad.code).toBe(2);
      // Named as the option it came in, by the console's own rule.
      expect((bad.json() as JsonError).error.message).toMatch(/--idempotency-key.*must be 16 to 64/);
      await withTargetContext(target, async (ctx) => {
        expect((await ctx.services.credit.get(merchantId)).credit_limit).toBe('125.00');
        expect((await ctx.services.credit.listTransactions(merchantId, {})).total).toBe(2);
      });
    });

    describe('refusals', () => {
      // One merchant for every refusal: each asserts its ledger is still untouched.
      let untouched: Promise<{ address: string; merchantId: string }>;
      beforeAll(() => {
        untouched = createMerchant('100.00');
      });

      it.each([
        ['money with 3 decimals', argv`--amount 10.005 --type repayment`],
        ['money that is not a number', argv`--amount abc --type repayment`],
        ['a zero amount', argv`--amount 0.00 --type adjustment`],
        ['an unknown type', argv`--amount 10.00 --type gift`],
        ['a negative repayment', argv`--amount=-10.00 --type repayment`],
        ['a bad email', argv`--amount 10.00 --type repayment --email x@`],
        ['a repayment above what is used (the service rule)', argv`--amount 99999.00 --type repayment`],
      ])('rejects %s with exit 2 and changes nothing', async (_what, args) => {
        const { address, merchantId } = await untouched;
        const run = await runCli(target, [...argv`credit adjust --email ${address}`, ...args, '--json']);
        expect(run.code).toBe(2);
        expect((run.json() as JsonError).error.code).toBe('invalid_argument');
        await withTargetContext(target, async (ctx) => {
          expect(await ctx.services.credit.get(merchantId)).toMatchObject({
            credit_limit: '100.00',
            used: '0.00',
            available: '100.00',
          });
          // Only the opening limit is on the ledger, and nothing on the audit log.
          expect((await ctx.services.credit.listTransactions(merchantId, {})).total).toBe(1);
        });
        const audited = await auditEntriesOf(target, { merchantId });
        expect(audited.filter((e) => e.action.startsWith('credit.'))).toEqual([]);
      });

      // Not a wrong amount but a line without the credit, as an order beyond it (2001): exit 1.
      it('refuses an adjustment beyond the available credit as insufficient_credit (exit 1), saying how much is', async () => {
        const { address, merchantId } = await untouched;
        const run = await runCli(
          target,
          argv`credit adjust --email ${address} --amount=-100.01 --type adjustment --json`,
        );
        expect(run.code).toBe(1);
        expect(run.json()).toEqual({
          error: { code: 'insufficient_credit', message: 'amount: exceeds the available credit (100.00)' },
        });
        await withTargetContext(target, async (ctx) => {
          expect((await ctx.services.credit.get(merchantId)).available).toBe('100.00');
        });
      });
    });

    it('fails with not_found for an unknown merchant', async () => {
      const run = await runCli(
        target,
        argv`credit adjust --email ghost@example.com --amount 1.00 --type repayment --json`,
      );
      expect(run.code).toBe(1);
      expect(run.json()).toEqual({
        error: { code: 'not_found', message: 'no merchant with email ghost@example.com' },
      });
    });
  });
});
