/**
 * The product list at flat cost (issue #10): offset pages read from either end of the listing
 * index, keyset pages (`cursor` / `next_cursor`), cached totals and pages that a write in this
 * process makes stale at once, and the ledger total taken from the account. On each database.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Product } from '@tradepost/protocol';
import { fieldMessage } from '@tradepost/web-contract';
import type { Services } from '../../src/services.ts';
import { knownJson } from '../../src/shared/known-json.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { newMerchant, orderRequest, testProduct, type TestProduct } from '../helpers/factories.ts';
import { codeOf, useServices } from './fixtures.ts';

const ids = (items: Product[]) => items.map((p) => p.goods_id);

describeEachDatabase('catalog paging', (database) => {
  let s: Services;
  useServices(database, (_, services) => {
    s = services;
  });
  let all: string[];
  beforeAll(async () => {
    // Three imports: ties on created_at inside each (one `now` per unit), so goods_id breaks them.
    for (let batch = 0; batch < 3; batch++) {
      await s.catalog.upsertProducts(
        Array.from({ length: 9 }, () => testProduct({ category: `c${batch % 2}` })),
      );
    }
    all = ids((await s.catalog.listProducts({ page_size: '100' })).items);
    expect(all).toHaveLength(27);
  });

  it('offset pages, read from either end of the index, tile the list in its order', async () => {
    for (const size of [1, 4, 7, 26, 27]) {
      const pages: string[] = [];
      for (let page = 1; (page - 1) * size < 27; page++) {
        const p = await s.catalog.listProducts({ page: String(page), page_size: String(size) });
        expect(p).toMatchObject({ page, page_size: size, total: 27 });
        pages.push(...ids(p.items));
      }
      expect(pages).toEqual(all);
    }
    expect((await s.catalog.listProducts({ page: '28', page_size: '1' })).items).toEqual([]);
    const c1 = (await s.catalog.listProducts({ category: 'c1', page_size: '100' })).items;
    expect(c1).toHaveLength(9);
    const tail = await s.catalog.listProducts({ category: 'c1', page: '3', page_size: '4' });
    expect(tail).toMatchObject({ total: 9 });
    expect(ids(tail.items)).toEqual(ids(c1).slice(8));
  });

  it('keyset pages follow next_cursor through the same order and end with null', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (;;) {
      const p = await s.catalog.listProducts({ cursor, page_size: '5' });
      expect(p).toMatchObject({ page: 0, page_size: 5, total: 27 });
      seen.push(...ids(p.items));
      if (!p.next_cursor) break;
      cursor = p.next_cursor;
    }
    expect(seen).toEqual(all);
    // An offset page hands out the cursor of its last row too.
    const first = await s.catalog.listProducts({ page_size: '10' });
    const next = await s.catalog.listProducts({ cursor: first.next_cursor!, page_size: '10' });
    expect(ids(next.items)).toEqual(all.slice(10, 20));
  });

  it.each(['x', 'bm90IGpzb24', Buffer.from('[1,2]').toString('base64url'), 'a'.repeat(201)])(
    '4001 for the cursor %s, in the catalog’s words',
    async (cursor) => {
      expect(await codeOf(() => s.catalog.listProducts({ cursor }))).toBe(4001);
      await expect(s.catalog.listProducts({ cursor })).rejects.toThrow(
        `cursor: ${fieldMessage('notCursor')}`,
      );
    },
  );

  it.each([
    ['page', '99999999', 'at most 1000000'],
    ['page', '99999999999999999999', 'at most 1000000'],
    ['page', '-99999999999999999999', 'at least 1'],
    ['page_size', '100000000000000000000000', 'at most 100'],
    ['page', '1.5', 'an integer'],
  ])('4001 for %s=%s: must be %s', async (name, value, says) => {
    await expect(s.catalog.listProducts({ [name]: value })).rejects.toThrow(`${name}: must be ${says}`);
  });

  it('a cached page carries its JSON text, and is frozen', async () => {
    const p = await s.catalog.listProducts({ page_size: '3' });
    expect(knownJson(p)).toBe(JSON.stringify(p));
    expect(Object.isFrozen(p.items[0]!.skus)).toBe(true);
    expect(await s.catalog.listProducts({ page_size: '3' })).toBe(p);
  });

  it('a write in this process shows at once: a new product and its total, stock after an order', async () => {
    const before = await s.catalog.listProducts({ page_size: '2' });
    const added: TestProduct = testProduct({ stock: 5 });
    await s.catalog.upsertProducts([added]);
    const after = await s.catalog.listProducts({ page_size: '2' });
    expect(after.total).toBe(before.total + 1);
    expect(after.items[0]!.goods_id).toBe(added.goods_id);
    expect(after.items[0]!.skus[0]!.stock).toBe(5);

    const m = await newMerchant(s);
    await s.orders.create(m.merchantId, orderRequest(added, { quantity: 2 }));
    const ordered = await s.catalog.listProducts({ page_size: '2' });
    expect(ordered.items[0]!.skus[0]!.stock).toBe(3);
    expect(ordered.total).toBe(after.total);
  });

  it('the ledger total is the count of entries, with and without a type', async () => {
    const m = await newMerchant(s, '500.00');
    expect((await s.credit.listTransactions(m.merchantId, {})).total).toBe(1); // the opening limit
    await s.credit.adjust(m.merchantId, { amount: '-5.00', type: 'adjustment' });
    await s.credit.adjust(m.merchantId, { amount: '2.00', type: 'repayment' });
    await s.credit.adjust(m.merchantId, { amount: '10.00', type: 'limit_change' });
    const page = await s.credit.listTransactions(m.merchantId, { page_size: '2' });
    expect(page.total).toBe(4);
    expect(page.items).toHaveLength(2);
    expect((await s.credit.listTransactions(m.merchantId, { type: 'limit_change' })).total).toBe(2);
    expect((await s.credit.listTransactions('MCH-none', {})).total).toBe(0);
  });
});
