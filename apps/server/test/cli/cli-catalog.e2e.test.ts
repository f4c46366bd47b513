/**
 * End to end: `catalog demo` and `catalog import` through the real bin/tradepost.js, on SQLite
 * and on PostgreSQL when reachable: idempotent demo loads, all-or-nothing imports, exact --json.
 * Each load is one `catalog.imported` audit entry (the console import's), in the import's unit: a
 * refused file records none.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoCatalog } from '../../src/catalog-data/demo-catalog.ts';
import { IMPORT_BATCH } from '../../src/catalog-data/import-issues.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import {
  argv,
  auditEntriesOf,
  CLI_AUDIT_ACTOR,
  productCount,
  runCli,
  useCliTarget,
  withTargetContext,
} from './cli-helpers.ts';

const DEMO = generateDemoCatalog();
const DEMO_SKUS = DEMO.reduce((n, p) => n + p.skus.length, 0);
const CSV_HEADER =
  'goods_id,title,description,category,images,currency,status,sku_id,spec,price,stock,sku_status';
const SAMPLE_CSV = 'apps/server/examples/catalog-sample.csv';
const SAMPLE_JSON = 'apps/server/examples/catalog-sample.json';

describeEachDatabase('tradepost CLI catalog', (database) => {
  const { target, file } = useCliTarget(database);
  const imports = () => auditEntriesOf(target, { action: 'catalog.imported' });
  const imported = (after: Record<string, number>, note: string | null = null) => ({
    ...CLI_AUDIT_ACTOR,
    action: 'catalog.imported',
    merchant_id: null,
    target_type: 'catalog',
    target_id: null,
    before: null,
    after,
    note,
  });

  // In order: the demo run comes first, so its exact insert counts hold on a fresh database.
  describe('catalog', () => {
    it('catalog demo is idempotent: a second run updates the same products', async () => {
      const before = await productCount(target);
      const first = await runCli(target, argv`catalog demo --json`);
      expect(first.code, first.stderr).toBe(0);
      expect(first.json()).toEqual({
        inserted: DEMO.length,
        updated: 0,
        products: DEMO.length,
        skus: DEMO_SKUS,
      });
      const second = await runCli(target, argv`catalog demo`);
      expect(second.stdout).toBe(
        `Demo catalog loaded: ${DEMO.length} products, ${DEMO_SKUS} SKUs (0 inserted, ${DEMO.length} updated).\n`,
      );
      expect(await productCount(target)).toBe(before + DEMO.length);
      const demo = { products: DEMO.length, skus: DEMO_SKUS };
      expect(await imports()).toEqual([
        imported({ ...demo, inserted: DEMO.length, updated: 0 }, 'demo catalog'),
        imported({ ...demo, inserted: 0, updated: DEMO.length }, 'demo catalog'),
      ]);
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
      const audited = (await imports()).length;
      const csv = await runCli(target, argv`catalog import ${SAMPLE_CSV} --json`);
      expect(csv.code, csv.stderr).toBe(0);
      expect(csv.json()).toEqual({ inserted: 3, updated: 0, products: 3, skus: 7 });
      const json = await runCli(target, argv`catalog import ${SAMPLE_JSON}`);
      expect(json.code, json.stderr).toBe(0);
      expect(json.stdout).toBe(`Imported 2 products, 4 SKUs from ${SAMPLE_JSON} (2 inserted, 0 updated).\n`);
      const again = await runCli(target, argv`catalog import ${SAMPLE_CSV} --json`);
      expect(again.json()).toEqual({ inserted: 0, updated: 3, products: 3, skus: 7 });
      expect((await imports()).slice(audited)).toEqual([
        imported({ products: 3, skus: 7, inserted: 3, updated: 0 }),
        imported({ products: 2, skus: 4, inserted: 2, updated: 0 }),
        imported({ products: 3, skus: 7, inserted: 0, updated: 3 }),
      ]);
      await withTargetContext(target, async (ctx) => {
        const p = await ctx.services.catalog.getProductBySku('sample-001-3');
        expect(p.skus.find((s) => s.sku_id === 'sample-001-3')).toMatchObject({
          spec: 'Color: Lilac',
          price: '13.49',
          stock: 58,
          status: 'off_sale',
        });
      });
    });

    it('a file with bad rows reports each by line and imports nothing', async () => {
      const before = await productCount(target);
      const audited = (await imports()).length;
      const path = file(
        'bad.csv',
        [
          CSV_HEADER,
          'bad-1,Good product,,Toys,,USD,,bad-1-1,Color: Red,9.99,3,',
          'bad-2,Bad price,,Toys,,USD,,bad-2-1,Color: Red,10.005,3,',
          'bad-3,Bad stock,,Toys,,USD,,bad-3-1,Color: Red,1.00,lots,',
          'bad-4,,,Toys,,USD,,bad-4-1,Color: Red,1.00,3,',
        ].join('\r\n'),
      );
      const run = await runCli(target, argv`catalog import ${path} --json`);
      expect(run.code).toBe(1);
      expect(run.json()).toEqual({
        error: {
          code: 'invalid_file',
          message: `${path}: 3 problems found, nothing was imported`,
          errors: [
            {
              line: 3,
              message: 'price: "10.005" is not an amount like 12.30 (at most 2 decimals, not negative)',
            },
            { line: 4, message: 'stock: "lots" is not a whole number of 0 or more' },
            { line: 5, message: 'title: must not be empty' },
          ],
        },
      });
      const human = await runCli(target, argv`catalog import ${path}`);
      expect(human.code).toBe(1);
      expect(human.stdout).toBe('');
      expect(human.stderr.split('\n')[0]).toBe(`error: ${path}: 3 problems found, nothing was imported`);
      expect(human.stderr).toContain('  line 4: stock: "lots" is not a whole number of 0 or more');
      expect(await productCount(target)).toBe(before);
      await withTargetContext(target, async (ctx) => {
        await expect(ctx.services.catalog.getProduct('bad-1')).rejects.toMatchObject({ code: 3001 });
      });
      expect(await imports()).toHaveLength(audited);
    });

    it('applies the catalog rules: normalised on the way in, a repeated spec or bad image refused by line', async () => {
      const ok = file(
        'normalise.json',
        JSON.stringify({
          products: [
            {
              goods_id: 'norm-1',
              title: '  Enamel mug  ',
              description: ' Holds 300 ml. ',
              category: 'Home',
              images: [' https://img.example/norm-1.jpg '],
              currency: 'usd',
              skus: [{ sku_id: 'norm-1-1', spec: ' Color: Red ', price: 4.5, stock: '12' }],
            },
          ],
        }),
      );
      const run = await runCli(target, argv`catalog import ${ok} --json`);
      expect(run.code, run.stderr).toBe(0);
      expect(run.json()).toEqual({ inserted: 1, updated: 0, products: 1, skus: 1 });
      await withTargetContext(target, async (ctx) => {
        expect(await ctx.services.catalog.getProduct('norm-1')).toMatchObject({
          title: 'Enamel mug',
          description: 'Holds 300 ml.',
          images: ['https://img.example/norm-1.jpg'],
          currency: 'USD',
          skus: [{ sku_id: 'norm-1-1', spec: 'Color: Red', price: '4.50', stock: 12 }],
        });
      });

      const before = await productCount(target);
      const bad = file(
        'rules.csv',
        [
          CSV_HEADER,
          'rules-1,Mug,,Toys,,USD,,rules-1-1,Color: Red,1.00,3,',
          'rules-1,,,,,,,rules-1-2,Color: Red,1.00,3,',
          'rules-2,Cup,,Toys,ftp://img.example/x.jpg,USD,,rules-2-1,,1.00,3,',
        ].join('\n'),
      );
      const refused = await runCli(target, argv`catalog import ${bad} --json`);
      expect(refused.code).toBe(1);
      expect(refused.json()).toEqual({
        error: {
          code: 'invalid_file',
          message: `${bad}: 2 problems found, nothing was imported`,
          errors: [
            { line: 3, message: 'spec: "Color: Red" repeats SKU #1 of this product' },
            { line: 4, message: 'images: "ftp://img.example/x.jpg" is not an http(s) URL' },
          ],
        },
      });
      expect(await productCount(target)).toBe(before);
    });

    it('a file the catalog refuses as a whole leaves no product behind', async () => {
      // Valid on its own, but sku_id demo-hk-001-1 belongs to another product: the single
      // upsert transaction must roll back the product before it too.
      const product = (goodsId: string, skuId: string) => ({
        goods_id: goodsId,
        title: `Product ${goodsId}`,
        description: '',
        category: 'Toys',
        images: [],
        currency: 'USD',
        skus: [{ sku_id: skuId, spec: 'A', price: '1.00', stock: 1 }],
      });
      const path = file(
        'clash.json',
        JSON.stringify([product('clash-1', 'clash-1-1'), product('clash-2', 'demo-hk-001-1')]),
      );
      const before = await productCount(target);
      const audited = (await imports()).length;
      const run = await runCli(target, argv`catalog import ${path} --json`);
      expect(run.code).toBe(1);
      const { error } = run.json() as { error: { code: string; message: string } };
      expect(error.code).toBe('invalid_file');
      expect(error.message).toMatch(/sku_id: belongs to product demo-hk-001; nothing was imported$/);
      expect(await productCount(target)).toBe(before);
      // Refused in the unit that would have written its entry: no entry either.
      expect(await imports()).toHaveLength(audited);
    });

    it('a file larger than one batch: rows batches apart form one product; a problem in the last batch leaves nothing', async () => {
      const many = IMPORT_BATCH * 2 + 7;
      const rows = Array.from(
        { length: many },
        (_, i) => `late-${i},Late ${i},,Toys,,USD,,late-${i}-1,Size: M,1.00,3,`,
      );
      const before = await productCount(target);
      const badPrice = file(
        'late-bad.csv',
        [CSV_HEADER, ...rows, 'late-x,Late x,,Toys,,USD,,late-x-1,Size: M,free,3,'].join('\n'),
      );
      const refused = await runCli(target, argv`catalog import ${badPrice} --json`);
      expect(refused.code).toBe(1);
      expect(refused.json()).toEqual({
        error: {
          code: 'invalid_file',
          message: `${badPrice}: 1 problem found, nothing was imported`,
          errors: [
            {
              line: many + 2,
              message: 'price: "free" is not an amount like 12.30 (at most 2 decimals, not negative)',
            },
          ],
        },
      });
      // Valid as a file, refused by the catalog while the last batch is written: the earlier
      // batches, already written in the same unit, are rolled back with it.
      const clash = file(
        'late-clash.csv',
        [CSV_HEADER, ...rows, 'late-y,Late y,,Toys,,USD,,demo-hk-001-1,Size: M,1.00,3,'].join('\n'),
      );
      const clashed = await runCli(target, argv`catalog import ${clash} --json`);
      expect(clashed.code).toBe(1);
      expect((clashed.json() as { error: { message: string } }).error.message).toMatch(
        new RegExp(
          `products\\[${many}\\]\\.skus\\[0\\]\\.sku_id: belongs to product demo-hk-001; nothing was imported$`,
        ),
      );
      expect(await productCount(target)).toBe(before);

      const spread = file(
        'late-ok.csv',
        [CSV_HEADER, ...rows, 'late-0,,,,,,,late-0-2,Size: L,2.00,4,'].join('\n'),
      );
      const ok = await runCli(target, argv`catalog import ${spread} --json`);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.json()).toEqual({ inserted: many, updated: 0, products: many, skus: many + 1 });
      await withTargetContext(target, async (ctx) => {
        const p = await ctx.services.catalog.getProduct('late-0');
        expect(p.skus.map((s) => [s.sku_id, s.price, s.stock])).toEqual([
          ['late-0-1', '1.00', 3],
          ['late-0-2', '2.00', 4],
        ]);
      });
      expect(await productCount(target)).toBe(before + many);
    });

    it('reports an unreadable file', async () => {
      const missing = join(target.dataDir, 'missing.csv');
      const run = await runCli(target, argv`catalog import ${missing} --json`);
      expect(run.code).toBe(1);
      expect(run.json()).toEqual({
        error: { code: 'invalid_file', message: `cannot read ${missing}: no such file` },
      });
      const folder = await runCli(target, argv`catalog import ${target.dataDir} --json`);
      expect(folder.code).toBe(1);
      expect(folder.json()).toEqual({
        error: { code: 'invalid_file', message: `${target.dataDir} is a directory, not a file` },
      });
    });

    it('imports a large file in one go, without a progress bar when stderr is not a TTY', async () => {
      const rows = Array.from({ length: 1200 }, (_, i) => {
        const g = `big-${Math.floor(i / 4)}`;
        return `${g},"Item ${g}, bulk",,Office,,USD,,${g}-${i % 4},Pack: ${(i % 4) + 1},${(i % 50) + 1}.25,${i},`;
      });
      const path = file('big.csv', [CSV_HEADER, ...rows].join('\n'));
      const run = await runCli(target, argv`catalog import ${path}`);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(
        /^Imported 300 products, 1200 SKUs from .*big\.csv \(300 inserted, 0 updated\)\.\n$/,
      );
    });
  });
});
