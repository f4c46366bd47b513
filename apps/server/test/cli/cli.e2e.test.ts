/**
 * End to end: the real bin/tradepost.js in a child process, on a temp data dir (SQLite) and on
 * PostgreSQL when reachable. Asserts the exact --json shapes, exit codes and what the database
 * holds afterwards.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCatalog } from '../../src/catalog-data/demo-catalog.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { productCount, runCli, withTargetContext, type CliTarget } from './cli-helpers.ts';

const DEMO = generateDemoCatalog();
const DEMO_SKUS = DEMO.reduce((n, p) => n + p.skus.length, 0);
const CSV_HEADER = 'goods_id,title,description,category,images,currency,status,sku_id,spec,price,stock,sku_status';
let seq = 0;
const email = () => `ops-${process.pid}-${++seq}@example.com`;

describeEachDatabase('tradepost CLI', (database) => {
  const target: CliTarget = { dataDir: '', databaseUrl: undefined };
  const files = mkdtempSync(join(tmpdir(), 'tradepost-cli-files-'));
  const file = (name: string, text: string) => {
    const path = join(files, name);
    writeFileSync(path, text);
    return path;
  };
  const createMerchant = async (creditLimit = '1000.00') => {
    const address = email();
    const run = await runCli(target, ['merchant', 'create', '--email', address, '--password', 'correct-horse', '--name', 'Acme Ltd', '--credit-limit', creditLimit, '--json']);
    expect(run.code, run.stderr).toBe(0);
    return { address, merchantId: run.json().merchant_id as string };
  };

  beforeAll(async () => {
    target.dataDir = mkdtempSync(join(tmpdir(), 'tradepost-cli-'));
    target.databaseUrl = await database.url();
  });
  afterAll(async () => {
    await database.dispose();
    rmSync(target.dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  describe('merchant create', () => {
    it('prints {merchant_id, email} and creates a login with its credit line', async () => {
      const address = email().toUpperCase();
      const run = await runCli(target, ['merchant', 'create', '--email', address, '--password', 'correct-horse', '--name', 'Acme Ltd', '--credit-limit', '1000', '--currency', 'usd', '--json']);
      expect(run.code, run.stderr).toBe(0);
      const out = run.json();
      expect(Object.keys(out).sort()).toEqual(['email', 'merchant_id']);
      expect(out.email).toBe(address.toLowerCase());
      expect(out.merchant_id).toEqual(expect.any(String));
      await withTargetContext(target, async (ctx) => {
        expect((await ctx.services.merchants.findByEmail(address))?.merchantId).toBe(out.merchant_id);
        const credit = await ctx.services.credit.get(out.merchant_id as string);
        expect(credit).toMatchObject({ currency: 'USD', credit_limit: '1000.00', available: '1000.00' });
      });
    });

    it('prints human text without --json', async () => {
      const run = await runCli(target, ['merchant', 'create', '--email', email(), '--password', 'correct-horse', '--name', 'Acme', '--credit-limit', '5.5']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Created merchant \S+ \(ops-.*@example\.com\) with a credit limit of 5\.50 USD\.\n$/);
    });

    it('refuses a second merchant with the same email (exit 1, conflict)', async () => {
      const { address } = await createMerchant();
      const run = await runCli(target, ['merchant', 'create', '--email', address, '--password', 'correct-horse', '--name', 'Again', '--credit-limit', '1.00', '--json']);
      expect(run.code).toBe(1);
      expect(run.json()).toEqual({ error: { code: 'conflict', message: `a merchant with email ${address} already exists` } });
      expect(run.stderr).toBe(`error: a merchant with email ${address} already exists\n`);
    });

    it.each([
      ['a bad email', ['--email', 'not-an-email'], /--email/],
      ['money with 3 decimals', ['--credit-limit', '10.005'], /--credit-limit/],
      ['money that is not a number', ['--credit-limit', 'abc'], /--credit-limit/],
      ['a negative limit', ['--credit-limit', '-5.00'], /--credit-limit/],
      ['a bad currency', ['--currency', 'DOLLAR'], /--currency/],
      ['a short password (the service rule)', ['--password', 'short'], /password/],
    ])('rejects %s with exit 2 and creates nothing', async (_what, override, mentions) => {
      const args: Record<string, string> = {
        '--email': email(), '--password': 'correct-horse', '--name': 'Acme', '--credit-limit': '100.00',
      };
      for (let i = 0; i < override.length; i += 2) args[override[i] as string] = override[i + 1] as string;
      const run = await runCli(target, ['merchant', 'create', ...Object.entries(args).flat(), '--json']);
      expect(run.code).toBe(2);
      const { error } = run.json() as { error: { code: string; message: string } };
      expect(error.code).toBe('invalid_argument');
      expect(error.message).toMatch(mentions);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      const address = args['--email'] as string;
      if (address.includes('@')) {
        expect(await withTargetContext(target, (ctx) => ctx.services.merchants.findByEmail(address))).toBeNull();
      }
    });

    it('reports a missing option as a usage error', async () => {
      const run = await runCli(target, ['merchant', 'create', '--email', email(), '--json']);
      expect(run.code).toBe(2);
      expect(run.json()).toEqual({ error: { code: 'invalid_argument', message: expect.stringMatching(/required option/) } });
    });
  });

  describe('app create', () => {
    it('prints exactly {app_id, secret_key, sign_key} in the spec formats', async () => {
      const { address, merchantId } = await createMerchant();
      const run = await runCli(target, ['app', 'create', '--email', address, '--name', 'Storefront', '--json']);
      expect(run.code, run.stderr).toBe(0);
      const out = run.json();
      expect(Object.keys(out).sort()).toEqual(['app_id', 'secret_key', 'sign_key']);
      expect(out.app_id).toMatch(/^app_[0-9a-f]{24}$/);
      expect(out.secret_key).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(out.sign_key).toMatch(/^[A-Za-z0-9]{32}$/);
      await withTargetContext(target, async (ctx) => {
        const auth = await ctx.services.apps.lookupForAuth(out.app_id as string);
        expect(auth).toMatchObject({ merchantId, secretKey: out.secret_key, signKey: out.sign_key, status: 'active' });
      });
    });

    it('fails with not_found (exit 1) for an unknown merchant', async () => {
      const run = await runCli(target, ['app', 'create', '--email', 'nobody@example.com', '--name', 'X', '--json']);
      expect(run.code).toBe(1);
      expect(run.json()).toEqual({ error: { code: 'not_found', message: 'no merchant with email nobody@example.com' } });
    });
  });

  describe('catalog', () => {
    it('catalog demo is idempotent: a second run updates the same products', async () => {
      const before = await productCount(target);
      const first = await runCli(target, ['catalog', 'demo', '--json']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.json()).toEqual({ inserted: DEMO.length, updated: 0, products: DEMO.length, skus: DEMO_SKUS });
      const second = await runCli(target, ['catalog', 'demo', '--json']);
      expect(second.json()).toEqual({ inserted: 0, updated: DEMO.length, products: DEMO.length, skus: DEMO_SKUS });
      expect(await productCount(target)).toBe(before + DEMO.length);
      await withTargetContext(target, async (ctx) => {
        const sample = DEMO[5];
        const stored = await ctx.services.catalog.getProduct(sample?.goods_id as string);
        expect(stored.title).toBe(sample?.title);
        expect(stored.skus.map((s) => [s.sku_id, s.spec, s.price, s.stock])).toEqual(
          sample?.skus.map((s) => [s.sku_id, s.spec, s.price, s.stock]),
        );
      });
    });

    it('imports the example CSV and JSON files; a re-import updates', async () => {
      const csv = await runCli(target, ['catalog', 'import', 'apps/server/examples/catalog-sample.csv', '--json']);
      expect(csv.code, csv.stderr).toBe(0);
      expect(csv.json()).toEqual({ inserted: 3, updated: 0, products: 3, skus: 7 });
      const json = await runCli(target, ['catalog', 'import', 'apps/server/examples/catalog-sample.json']);
      expect(json.code, json.stderr).toBe(0);
      expect(json.stdout).toBe('Imported 2 products, 4 SKUs from apps/server/examples/catalog-sample.json (2 inserted, 0 updated).\n');
      const again = await runCli(target, ['catalog', 'import', 'apps/server/examples/catalog-sample.csv', '--json']);
      expect(again.json()).toEqual({ inserted: 0, updated: 3, products: 3, skus: 7 });
      await withTargetContext(target, async (ctx) => {
        const p = await ctx.services.catalog.getProductBySku('sample-001-3');
        expect(p.skus.find((s) => s.sku_id === 'sample-001-3')).toMatchObject({ spec: 'Color: Lilac', price: '13.49', stock: 58, status: 'off_sale' });
      });
    });

    it('a file with bad rows reports each by line and imports nothing', async () => {
      const before = await productCount(target);
      const path = file('bad.csv', [
        CSV_HEADER,
        'bad-1,Good product,,Toys,,USD,,bad-1-1,Color: Red,9.99,3,',
        'bad-2,Bad price,,Toys,,USD,,bad-2-1,Color: Red,10.005,3,',
        'bad-3,Bad stock,,Toys,,USD,,bad-3-1,Color: Red,1.00,lots,',
        'bad-4,,,Toys,,USD,,bad-4-1,Color: Red,1.00,3,',
      ].join('\r\n'));
      const run = await runCli(target, ['catalog', 'import', path, '--json']);
      expect(run.code).toBe(1);
      expect(run.json()).toEqual({
        error: {
          code: 'invalid_file',
          message: `${path}: 3 problems found, nothing was imported`,
          errors: [
            { line: 3, message: 'price: "10.005" is not an amount like 12.30 (at most 2 decimals, not negative)' },
            { line: 4, message: 'stock: "lots" is not a whole number of 0 or more' },
            { line: 5, message: 'title: must not be empty' },
          ],
        },
      });
      const human = await runCli(target, ['catalog', 'import', path]);
      expect(human.code).toBe(1);
      expect(human.stdout).toBe('');
      expect(human.stderr.split('\n')[0]).toBe(`error: ${path}: 3 problems found, nothing was imported`);
      expect(human.stderr).toContain('  line 4: stock: "lots" is not a whole number of 0 or more');
      expect(await productCount(target)).toBe(before);
      await withTargetContext(target, async (ctx) => {
        await expect(ctx.services.catalog.getProduct('bad-1')).rejects.toMatchObject({ code: 3001 });
      });
    });

    it('a file the catalog refuses as a whole leaves no product behind', async () => {
      // Valid on its own, but sku_id demo-hk-001-1 belongs to another product: the single
      // upsert transaction must roll back the product before it too.
      const path = file('clash.json', JSON.stringify([
        { goods_id: 'clash-1', title: 'New thing', description: '', category: 'Toys', images: [], currency: 'USD', skus: [{ sku_id: 'clash-1-1', spec: 'A', price: '1.00', stock: 1 }] },
        { goods_id: 'clash-2', title: 'Thief', description: '', category: 'Toys', images: [], currency: 'USD', skus: [{ sku_id: 'demo-hk-001-1', spec: 'A', price: '1.00', stock: 1 }] },
      ]));
      const before = await productCount(target);
      const run = await runCli(target, ['catalog', 'import', path, '--json']);
      expect(run.code).toBe(1);
      const { error } = run.json() as { error: { code: string; message: string } };
      expect(error.code).toBe('invalid_file');
      expect(error.message).toMatch(/sku_id: belongs to product demo-hk-001; nothing was imported$/);
      expect(await productCount(target)).toBe(before);
    });

    it('reports an unreadable file', async () => {
      const run = await runCli(target, ['catalog', 'import', join(files, 'missing.csv'), '--json']);
      expect(run.code).toBe(1);
      expect(run.json()).toEqual({ error: { code: 'invalid_file', message: `cannot read ${join(files, 'missing.csv')}: no such file` } });
    });

    it('imports a large file in one go, without a progress bar when stderr is not a TTY', async () => {
      const rows = Array.from({ length: 1200 }, (_, i) => {
        const g = `big-${Math.floor(i / 4)}`;
        return `${g},"Item ${g}, bulk",,Office,,USD,,${g}-${i % 4},Pack: ${i % 4 + 1},${(i % 50) + 1}.25,${i},`;
      });
      const path = file('big.csv', [CSV_HEADER, ...rows].join('\n'));
      const run = await runCli(target, ['catalog', 'import', path]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^Imported 300 products, 1200 SKUs from .*big\.csv \(300 inserted, 0 updated\)\.\n$/);
    });
  });

  describe('credit adjust', () => {
    // One merchant for every refusal below: each asserts its ledger is still untouched.
    let untouched: Promise<{ address: string; merchantId: string }>;
    beforeAll(() => {
      untouched = createMerchant('100.00');
    });

    it('records limit changes, adjustments and repayments on the ledger', async () => {
      const { address, merchantId } = await createMerchant('1000.00');
      const adjust = (amount: string, type: string, ...rest: string[]) =>
        runCli(target, ['credit', 'adjust', '--email', address, `--amount=${amount}`, '--type', type, ...rest, '--json']);

      const raise = await adjust('500.00', 'limit_change', '--note', 'Annual review');
      expect(raise.code, raise.stderr).toBe(0);
      const entry = raise.json();
      expect(Object.keys(entry).sort()).toEqual(
        ['amount', 'balance_after', 'balance_before', 'created_at', 'currency', 'description', 'order_no', 'reference_no', 'type'],
      );
      expect(entry).toMatchObject({ type: 'limit_change', amount: '500.00', balance_before: '1000.00', balance_after: '1500.00', currency: 'USD', order_no: null, description: 'Annual review' });

      const charge = await adjust('-200', 'adjustment');
      expect(charge.json()).toMatchObject({ type: 'adjustment', amount: '-200.00', balance_before: '1500.00', balance_after: '1300.00' });
      const repay = await adjust('150.5', 'repayment');
      expect(repay.json()).toMatchObject({ type: 'repayment', amount: '150.50', balance_before: '1300.00', balance_after: '1450.50' });

      const human = await runCli(target, ['credit', 'adjust', '--email', address, '--amount', '10.00', '--type', 'repayment']);
      expect(human.code, human.stderr).toBe(0);
      expect(human.stdout).toMatch(new RegExp(`^Recorded repayment of 10\\.00 USD for ${address} \\(\\S+\\): available credit 1450\\.50 -> 1460\\.50\\.\\n$`));

      await withTargetContext(target, async (ctx) => {
        expect(await ctx.services.credit.get(merchantId)).toMatchObject({ credit_limit: '1500.00', used: '39.50', available: '1460.50' });
      });
    });

    it.each([
      ['money with 3 decimals', ['--amount', '10.005', '--type', 'repayment']],
      ['money that is not a number', ['--amount', 'abc', '--type', 'repayment']],
      ['a zero amount', ['--amount', '0.00', '--type', 'adjustment']],
      ['an unknown type', ['--amount', '10.00', '--type', 'gift']],
      ['a negative repayment', ['--amount=-10.00', '--type', 'repayment']],
      ['a bad email', ['--amount', '10.00', '--type', 'repayment', '--email', 'x@']],
      ['a repayment above what is used (the service rule)', ['--amount', '99999.00', '--type', 'repayment']],
    ])('rejects %s with exit 2 and changes nothing', async (_what, args) => {
      const { address, merchantId } = await untouched;
      const run = await runCli(target, ['credit', 'adjust', '--email', address, ...args, '--json']);
      expect(run.code).toBe(2);
      expect((run.json() as { error: { code: string } }).error.code).toBe('invalid_argument');
      await withTargetContext(target, async (ctx) => {
        expect(await ctx.services.credit.get(merchantId)).toMatchObject({ credit_limit: '100.00', used: '0.00', available: '100.00' });
        expect((await ctx.services.credit.listTransactions(merchantId, {})).total).toBe(1); // the opening limit
      });
    });

    it('fails with not_found for an unknown merchant', async () => {
      const run = await runCli(target, ['credit', 'adjust', '--email', 'ghost@example.com', '--amount', '1.00', '--type', 'repayment', '--json']);
      expect(run.code).toBe(1);
      expect(run.json()).toEqual({ error: { code: 'not_found', message: 'no merchant with email ghost@example.com' } });
    });
  });
});
