/** Catalog reads and the one-transaction import, on each database. */
import { beforeAll, expect, it } from 'vitest';
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
    [{ currency: 'usd' }, 'products[0].currency'],
    [{ skus: [] }, 'products[0].skus'],
    [{ skus: [{ spec: '', price: '-1.00', stock: 1 }] }, 'products[0].skus[0].price'],
    [{ skus: [{ spec: '', price: '1.001', stock: 1 }] }, 'products[0].skus[0].price'],
    [{ skus: [{ spec: '', price: '1.00', stock: -1 }] }, 'products[0].skus[0].stock'],
  ])('upsert 4001 for %j', async (extra, field) => {
    const err = await errorOf(() =>
      s.catalog.upsertProducts([product('BAD-1', 'Bad', 'bad', extra as Partial<ProductInput>)]),
    );
    expect(err.code).toBe(4001);
    expect(err.message.startsWith(`${field}:`)).toBe(true);
  });
});
