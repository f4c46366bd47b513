/** Catalog reads and the one-transaction import, on each database. */
import { beforeAll, expect, it } from 'vitest';
import { checkProductInputs } from '../../src/modules/catalog/catalog.service.ts';
import type { ProductInput, Services } from '../../src/services.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { codeOf, errorOf, useServices } from './fixtures.ts';

const product = (
  goodsId: string,
  title: string,
  category: string,
  extra: Partial<ProductInput> = {},
): ProductInput => ({
  goods_id: goodsId,
  title,
  description: `About ${title}`,
  category,
  images: [`https://img.example.com/${goodsId}.png`],
  currency: 'USD',
  skus: [
    { sku_id: `${goodsId}-A`, spec: 'Size: S', price: '1.50', stock: 3 },
    { sku_id: `${goodsId}-B`, spec: 'Size: L', price: '2.05', stock: 0, status: 'off_sale' },
  ],
  ...extra,
});

describeEachDatabase('catalog', (database) => {
  let s: Services;
  useServices(database, (_, services) => {
    s = services;
  });
  beforeAll(async () => {
    const seed = [
      product('CAT-1', 'Blue Kettle', 'kitchen'),
      product('CAT-2', 'Red KETTLE deluxe', 'kitchen'),
      product('CAT-3', 'Garden hose', 'garden'),
      product('CAT-4', '100% cotton_towel', 'bath', { status: 'off_sale' }),
      ...Array.from({ length: 21 }, (_, i) =>
        product(`BULK-${String(i).padStart(2, '0')}`, `Bulk item ${i}`, 'bulk'),
      ),
    ];
    expect(await s.catalog.upsertProducts(seed)).toEqual({ inserted: 25, updated: 0 });
  });

  it('lists with defaults page 1 / page_size 20 and a total', async () => {
    const page = await s.catalog.listProducts({});
    expect(page).toMatchObject({ page: 1, page_size: 20, total: 25 });
    expect(page.items).toHaveLength(20);
    const last = await s.catalog.listProducts({ page: '2', page_size: '20' });
    expect(last.items).toHaveLength(5);
    const ids = new Set([...page.items, ...last.items].map((p) => p.goods_id));
    expect(ids.size).toBe(25);
    expect((await s.catalog.listProducts({ page_size: '100' })).items).toHaveLength(25);
    expect((await s.catalog.listProducts(undefined)).page_size).toBe(20);
  });

  it.each([{ page: '0' }, { page: 'x' }, { page_size: '0' }, { page_size: '101' }, { page_size: 2.5 }])(
    '4001 for %j',
    async (p) => {
      expect(await codeOf(() => s.catalog.listProducts(p))).toBe(4001);
    },
  );

  it('keyword matches the title case-insensitively, with % and _ taken literally', async () => {
    const kettles = await s.catalog.listProducts({ keyword: 'kettle' });
    expect(kettles.items.map((p) => p.goods_id).sort()).toEqual(['CAT-1', 'CAT-2']);
    expect((await s.catalog.listProducts({ keyword: 'KeTtLe DeLuXe' })).total).toBe(1);
    expect((await s.catalog.listProducts({ keyword: '100%' })).items.map((p) => p.goods_id)).toEqual([
      'CAT-4',
    ]);
    expect((await s.catalog.listProducts({ keyword: 'n_t' })).total).toBe(1); // cotton_towel only
    expect((await s.catalog.listProducts({ keyword: '%' })).total).toBe(1);
    expect((await s.catalog.listProducts({ keyword: 'nothing like it' })).total).toBe(0);
  });

  it("a product's own goods_id as the keyword finds it (exactly: not a part of one)", async () => {
    expect((await s.catalog.listProducts({ keyword: 'CAT-4' })).items.map((p) => p.goods_id)).toEqual([
      'CAT-4',
    ]);
    expect((await s.catalog.listProducts({ keyword: 'CAT-' })).total).toBe(0);
  });

  it('filters by category, alone and with a keyword', async () => {
    expect((await s.catalog.listProducts({ category: 'kitchen' })).total).toBe(2);
    expect(
      (await s.catalog.listProducts({ category: 'kitchen', keyword: 'blue' })).items.map((p) => p.goods_id),
    ).toEqual(['CAT-1']);
    expect(await s.catalog.categories()).toEqual(['bath', 'bulk', 'garden', 'kitchen']);
  });

  it('returns the wire Product with its SKUs', async () => {
    const p = await s.catalog.getProduct('CAT-1');
    expect(p).toMatchObject({
      goods_id: 'CAT-1',
      title: 'Blue Kettle',
      category: 'kitchen',
      images: ['https://img.example.com/CAT-1.png'],
      currency: 'USD',
      status: 'on_sale',
      skus: [
        {
          sku_id: 'CAT-1-A',
          goods_id: 'CAT-1',
          spec: 'Size: S',
          price: '1.50',
          currency: 'USD',
          stock: 3,
          status: 'on_sale',
        },
        {
          sku_id: 'CAT-1-B',
          goods_id: 'CAT-1',
          spec: 'Size: L',
          price: '2.05',
          currency: 'USD',
          stock: 0,
          status: 'off_sale',
        },
      ],
    });
    expect(p.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(await s.catalog.getProductBySku('CAT-1-B')).toEqual(p);
  });

  it('3001 for unknown goods and SKUs', async () => {
    expect(await codeOf(() => s.catalog.getProduct('NOPE'))).toBe(3001);
    expect(await codeOf(() => s.catalog.getProductBySku('NOPE'))).toBe(3001);
  });

  it('upsert updates existing products and SKUs, issues ids when omitted', async () => {
    const r = await s.catalog.upsertProducts([
      product('UPS-1', 'Lamp', 'home'),
      {
        ...product('CAT-3', 'Garden hose 20m', 'garden'),
        skus: [{ sku_id: 'CAT-3-A', spec: 'Size: S', price: '9.99', stock: 42 }],
      },
      {
        title: 'No ids',
        description: '',
        category: 'home',
        images: [],
        currency: 'USD',
        skus: [{ spec: '', price: '0.10', stock: 1 }],
      },
    ]);
    expect(r).toEqual({ inserted: 2, updated: 1 });
    const hose = await s.catalog.getProduct('CAT-3');
    expect(hose.title).toBe('Garden hose 20m');
    expect(hose.skus.find((k) => k.sku_id === 'CAT-3-A')).toMatchObject({ price: '9.99', stock: 42 });
    expect(hose.skus.find((k) => k.sku_id === 'CAT-3-B')).toMatchObject({ price: '2.05' });
    const noIds = (await s.catalog.listProducts({ keyword: 'No ids' })).items[0]!;
    expect(noIds.goods_id).toMatch(/^GD/);
    expect(noIds.skus[0]!.sku_id).toMatch(/^SK/);
  });

  it('upsert is one transaction: a bad product anywhere leaves nothing behind', async () => {
    const before = (await s.catalog.listProducts({})).total;
    const err = await errorOf(() =>
      s.catalog.upsertProducts([
        product('TX-1', 'Fine', 'tx'),
        product('TX-2', 'Steals a SKU', 'tx', {
          skus: [{ sku_id: 'CAT-1-A', spec: '', price: '1.00', stock: 1 }],
        }),
      ]),
    );
    expect(err.code).toBe(4001);
    expect(err.message).toMatch(/^products\[1\]\.skus\[0\]\.sku_id:/);
    expect((await s.catalog.listProducts({})).total).toBe(before);
    expect(await codeOf(() => s.catalog.getProduct('TX-1'))).toBe(3001);
  });

  it.each([
    [{ title: '' }, 'products[0].title'],
    [{ currency: 'DOLLARS' }, 'products[0].currency'],
    [{ currency: 'JPY' }, 'products[0].currency'],
    [{ images: ['ftp://img.example.com/a.png'] }, 'products[0].images[0]'],
    [{ images: ['a.png'] }, 'products[0].images[0]'],
    [
      {
        skus: [
          { spec: 'Size: S', price: '1.00', stock: 1 },
          { spec: ' Size: S ', price: '2.00', stock: 1 },
        ],
      },
      'products[0].skus[1].spec',
    ],
    [{ skus: [] }, 'products[0].skus'],
    [{ skus: [{ spec: '', price: '-1.00', stock: 1 }] }, 'products[0].skus[0].price'],
    [{ skus: [{ spec: '', price: '1.001', stock: 1 }] }, 'products[0].skus[0].price'],
    [{ skus: [{ spec: '', price: '0.00', stock: 1 }] }, 'products[0].skus[0].price'],
    [{ skus: [{ spec: '', price: 0, stock: 1 }] }, 'products[0].skus[0].price'],
    [{ skus: [{ spec: '', price: '1.00', stock: -1 }] }, 'products[0].skus[0].stock'],
  ])('upsert 4001 for %j', async (extra, field) => {
    const err = await errorOf(() =>
      s.catalog.upsertProducts([product('BAD-1', 'Bad', 'bad', extra as Partial<ProductInput>)]),
    );
    expect(err.code).toBe(4001);
    expect(err.message.startsWith(`${field}:`)).toBe(true);
  });

  it('normalises input the way the import does: trimmed text, upper-case currency, money as 0.00', async () => {
    const r = await s.catalog.upsertProducts([
      {
        goods_id: ' NORM-1 ',
        title: '  Tea pot  ',
        description: '  Holds 1 l.  ',
        category: ' kitchen ',
        images: [' https://img.example.com/NORM-1.png '],
        currency: ' usd ',
        skus: [{ sku_id: 'NORM-1-A', spec: ' Size: M ', price: '7.5', stock: 2 }],
      },
    ]);
    expect(r).toEqual({ inserted: 1, updated: 0 });
    expect(await s.catalog.getProduct('NORM-1')).toMatchObject({
      title: 'Tea pot',
      description: 'Holds 1 l.',
      category: 'kitchen',
      images: ['https://img.example.com/NORM-1.png'],
      currency: 'USD',
      skus: [{ sku_id: 'NORM-1-A', spec: 'Size: M', price: '7.50', currency: 'USD' }],
    });
  });

  it('refuses an id used twice in one call instead of letting the last one win', async () => {
    const before = (await s.catalog.listProducts({})).total;
    const twice = await errorOf(() =>
      s.catalog.upsertProducts([product('DUP-1', 'First', 'dup'), product('DUP-1', 'Second', 'dup')]),
    );
    expect(twice.code).toBe(4001);
    expect(twice.message).toBe('products[1].goods_id: "DUP-1" is already used at products[0].goods_id');
    const sku = await errorOf(() =>
      s.catalog.upsertProducts([
        product('DUP-2', 'First', 'dup'),
        product('DUP-3', 'Second', 'dup', {
          skus: [{ sku_id: 'DUP-2-B', spec: '', price: '1.00', stock: 1 }],
        }),
      ]),
    );
    expect(sku.message).toBe(
      'products[1].skus[0].sku_id: "DUP-2-B" is already used at products[0].skus[1].sku_id',
    );
    expect((await s.catalog.listProducts({})).total).toBe(before);
  });

  it('checkProductInputs returns every problem with its path, not just the first', () => {
    const r = checkProductInputs([
      product('CHK-1', '', 'chk', { currency: 'usd' }),
      product('CHK-1', 'Fine', 'chk', {
        images: ['ftp://x/1.png'],
        skus: [
          { sku_id: 'CHK-1-C', spec: 'A', price: '1.001', stock: 1 },
          { spec: 'A', price: '1.00', stock: -1 },
        ],
      }),
      'not a product',
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['0.title', 'must not be empty'],
      ['1.images.0', '"ftp://x/1.png" is not an http(s) URL'],
      ['1.skus.0.price', '"1.001" is not an amount like 12.30 (at most 2 decimals, not negative)'],
      ['1.skus.1.stock', '-1 is not a whole number of 0 or more'],
      ['1.skus.1.spec', '"A" repeats SKU #1 of this product'],
      ['1.goods_id', '"CHK-1" is already used at products[0].goods_id'],
      ['2', 'must be an object with title, category, currency and skus'],
    ]);
    expect(r.issues[5]?.duplicate).toEqual({ id: 'CHK-1', firstPath: [0, 'goods_id'] });
    expect(checkProductInputs({})).toEqual({
      ok: false,
      issues: [{ path: [], message: 'must be an array' }],
    });
  });

  it('upserts more ids than one chunked lookup holds, then updates them all in place', async () => {
    const many = Array.from({ length: 600 }, (_, i) => product(`MANY-${i}`, `Many ${i}`, 'many'));
    expect(await s.catalog.upsertProducts(many)).toEqual({ inserted: 600, updated: 0 });
    const changed = many.map((p, i) => ({
      ...p,
      skus: [{ ...p.skus[0]!, stock: i }, ...p.skus.slice(1)],
    }));
    expect(await s.catalog.upsertProducts(changed)).toEqual({ inserted: 0, updated: 600 });
    expect((await s.catalog.listProducts({ category: 'many' })).total).toBe(600);
    const last = await s.catalog.getProduct('MANY-599');
    expect(last.skus.map((k) => [k.sku_id, k.stock])).toEqual([
      ['MANY-599-A', 599],
      ['MANY-599-B', 0],
    ]);
    // A SKU of another product is refused even when it is the ~1200th id looked up.
    const err = await errorOf(() =>
      s.catalog.upsertProducts([
        ...changed.slice(4),
        product('MANY-X', 'Thief', 'many', {
          skus: [{ sku_id: 'MANY-3-A', spec: '', price: '1.00', stock: 1 }],
        }),
      ]),
    );
    expect(err.message).toBe('products[596].skus[0].sku_id: belongs to product MANY-3');
    await expect(s.catalog.getProduct('MANY-X')).rejects.toMatchObject({ code: 3001 });
  });

  it('concurrent upserts of the same products both land as updates', async () => {
    const pair = [product('RACE-1', 'Race', 'race'), product('RACE-2', 'Race', 'race')];
    await s.catalog.upsertProducts(pair);
    const results = await Promise.all([
      s.catalog.upsertProducts(pair),
      s.catalog.upsertProducts(pair.map((p) => ({ ...p, title: 'Race again' }))),
    ]);
    expect(results).toEqual([
      { inserted: 0, updated: 2 },
      { inserted: 0, updated: 2 },
    ]);
    expect((await s.catalog.getProduct('RACE-1')).skus).toHaveLength(2);
  });
});
