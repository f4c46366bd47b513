/**
 * The product pages' cache on its own (catalog.cache.ts): which stock a cached page shows when
 * commits and reads interleave, and that its known text is always the page's JSON.
 */
import type { Product } from '@tradepost/protocol';
import { describe, expect, it } from 'vitest';
import { createCatalogCache } from '../../src/modules/catalog/catalog.cache.ts';
import { knownJson } from '../../src/shared/known-json.ts';
import type { Page } from '../../src/shared/validation.ts';

function product(goodsId: string, stocks: Record<string, number>, title = `Product ${goodsId}`): Product {
  return {
    goods_id: goodsId,
    title,
    description: 'd',
    category: 'c',
    images: [],
    currency: 'USD',
    status: 'on_sale',
    skus: Object.entries(stocks).map(([sku_id, stock]) => ({
      sku_id,
      goods_id: goodsId,
      spec: 'Size: M',
      price: '1.00',
      currency: 'USD',
      stock,
      status: 'on_sale',
    })),
    created_at: '2026-11-29T00:00:00Z',
    updated_at: '2026-11-29T00:00:00Z',
  };
}

const pageOf = (...items: Product[]): Page<Product> => ({
  items,
  page: 1,
  page_size: 20,
  total: items.length,
  next_cursor: null,
});

const stocksOf = (p: Page<Product>) =>
  Object.fromEntries(p.items.flatMap((i) => i.skus.map((s) => [s.sku_id, s.stock])));

/** What a door would send: the known text, which must be the page's JSON. */
function textOf(p: Page<Product>): string {
  const text = knownJson(p);
  expect(text).toBe(JSON.stringify(p));
  return text!;
}

describe('catalog page cache', () => {
  it('serves committed stock over a cached page without reading again; unchanged pages are the same object', async () => {
    const cache = createCatalogCache({ ttlMs: 60_000 });
    let reads = 0;
    const read = async () => {
      reads++;
      return pageOf(product('G1', { S1: 10, S2: 5 }), product('G2', { S3: 7 }));
    };
    const first = await cache.page('k', read);
    textOf(first);
    expect(await cache.page('k', read)).toBe(first);

    cache.stockCommitted('S2', 4);
    cache.stockCommitted('S9', 1); // not on this page
    const second = await cache.page('k', read);
    expect(stocksOf(second)).toEqual({ S1: 10, S2: 4, S3: 7 });
    textOf(second);
    expect(second.items[1]).toBe(first.items[1]); // untouched products are shared
    expect(Object.isFrozen(second.items[0]!.skus[1])).toBe(true);
    expect(await cache.page('k', read)).toBe(second);

    cache.stockCommitted('S2', 4); // the same stock again: nothing to rebuild
    expect(await cache.page('k', read)).toBe(second);
    cache.stockCommitted('S3', 0);
    cache.stockCommitted('S1', 12);
    const third = await cache.page('k', read);
    expect(stocksOf(third)).toEqual({ S1: 12, S2: 4, S3: 0 });
    textOf(third);
    expect(reads).toBe(1);
  });

  it('stock committed while a page is read wins; stock committed before it does not override the read', async () => {
    const cache = createCatalogCache({ ttlMs: 60_000 });
    // Committed before the read: the read saw it, or something newer (another process's order).
    cache.stockCommitted('S1', 8);
    const during = await cache.page('a', async () => {
      // Committed while the read runs: the read may or may not have seen it.
      cache.stockCommitted('S2', 3);
      return pageOf(product('G1', { S1: 6, S2: 5 }));
    });
    expect(stocksOf(during)).toEqual({ S1: 6, S2: 3 });
    textOf(during);
    expect(stocksOf(await cache.page('a', async () => pageOf()))).toEqual({ S1: 6, S2: 3 });
  });

  it('a catalog write drops every page and a page read across it is not kept', async () => {
    const cache = createCatalogCache({ ttlMs: 60_000 });
    let stock = 1;
    const read = async () => pageOf(product('G1', { S1: stock }));
    await cache.page('k', read);
    stock = 2;
    cache.catalogChanged();
    expect(stocksOf(await cache.page('k', read))).toEqual({ S1: 2 });

    const raced = await cache.page('r', async () => {
      cache.catalogChanged(); // an import started while this page was read
      return pageOf(product('G1', { S1: 99 }));
    });
    expect(stocksOf(raced)).toEqual({ S1: 99 });
    expect(stocksOf(await cache.page('r', read))).toEqual({ S1: 2 });
  });

  it('pages expire after the TTL (other processes) and old stock is then forgotten', async () => {
    let t = 0;
    const cache = createCatalogCache({ ttlMs: 1000, now: () => t });
    let stock = 5;
    let reads = 0;
    const read = async () => {
      reads++;
      return pageOf(product('G1', { S1: stock }));
    };
    await cache.page('k', read);
    cache.stockCommitted('S1', 4);
    t = 999;
    expect(stocksOf(await cache.page('k', read))).toEqual({ S1: 4 });
    stock = 9; // another process restocked
    t = 1000;
    expect(stocksOf(await cache.page('k', read))).toEqual({ S1: 9 });
    expect(reads).toBe(2);
  });

  it('keeps the text right when titles hold "stock": and quotes, and with the cache off', async () => {
    const cache = createCatalogCache({ ttlMs: 60_000 });
    const tricky = product('G1', { S1: 10 }, 'a "stock":11, "x" \\"stock\\":12');
    await cache.page('k', async () => pageOf(tricky, product('G2', { S2: 100 })));
    cache.stockCommitted('S1', 9);
    cache.stockCommitted('S2', 1000);
    const page = await cache.page('k', async () => pageOf());
    expect(stocksOf(page)).toEqual({ S1: 9, S2: 1000 });
    expect(page.items[0]!.title).toBe(tricky.title);
    textOf(page);

    const off = createCatalogCache({ ttlMs: 0 });
    off.stockCommitted('S1', 1);
    expect(stocksOf(await off.page('k', async () => pageOf(tricky)))).toEqual({ S1: 10 });
  });
});
