/* eslint-disable @typescript-eslint/no-explicit-any -- wire answers read as untyped data, in JSON and XML shapes */
/**
 * Product pages stay cached while orders flow (catalog.cache.ts), yet every door shows the stock
 * this process last committed: after an order the stock taken, after a cancel or a failed order
 * the restock, after a batch each placed item's (not a refused item's); a catalog import replaces the page outright. The cache
 * lives for a minute here, so only the stock overlay (not the cache's expiry) can make the new
 * stock appear. Both databases: on PostgreSQL the order is one statement whose function answers
 * the stock left.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { knownJson } from '../../src/shared/known-json.ts';
import { callAction } from '../action/action-http.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { cancelVia, type Doors, doorsFor, operatorMove, placeVia } from '../helpers/doors.ts';
import { orderRequest, testProduct, type TestProduct, uid } from '../helpers/factories.ts';
import { bend } from '../helpers/bend-http.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { walltech } from '../walltech/walltech-http.ts';
import { webClient, type WebClient } from '../helpers/web-client.ts';

const list = (x: any): any[] => (x === undefined || x === '' ? [] : Array.isArray(x) ? x : [x]);

describeEachDatabase('product pages show live stock on every door', (database) => {
  let server: TestServer;
  let d: Doors;
  let portal: WebClient;
  /** A word only this file's products carry in their titles: each door's page holds just them. */
  const word = `live${uid()}`;
  let a: TestProduct;
  let b: TestProduct;

  beforeAll(async () => {
    server = await startTestServer({
      databaseUrl: await database.url(),
      env: { TRADEPOST_CATALOG_CACHE_MS: '60000' },
    });
    a = testProduct({ title: `${word} A`, stock: 50 });
    b = testProduct({ title: `${word} B`, stock: 20 });
    await server.addProducts([a, b]);
    const m = await server.createMerchant({ creditLimit: '10000.00' });
    d = await doorsFor(server.url, server.services, m);
    portal = webClient(server.url, 'portal');
    expect((await portal.signIn(m.email, m.password)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  /** The page of `word` as every door answers it: SKU id → stock, per door. */
  async function stockByDoor(): Promise<Record<string, Record<string, number>>> {
    const fromItems = (items: any[]) =>
      Object.fromEntries(
        items.flatMap((p) => list(p.skus?.sku ?? p.skus).map((s) => [s.sku_id, Number(s.stock)])),
      );
    const q = encodeURIComponent(word);
    const bendPage = await bend(d.url, d.m, 'GET', '/products', { keyword: word });
    expect(bendPage.payload.code).toBe(0);
    const wt = await walltech(`${d.url}/api/v1/products?keyword=${q}`, d.token);
    expect(wt.body.code).toBe(0);
    const actionJson = await callAction(d.url, d.key, 'GetProducts', { params: { Keyword: word } });
    const actionXml = await callAction(d.url, d.key, 'GetProducts', {
      format: 'XML',
      params: { Keyword: word },
    });
    const portalPage = await portal.call('GET', `/products?q=${q}`);
    expect(portalPage.status).toBe(200);
    const consolePage = await d.console.call('GET', `/catalog/products?q=${q}`);
    expect(consolePage.status).toBe(200);
    // The service's own answer: its known text (what the B-End envelope encrypts) is its JSON.
    const page = await server.services.catalog.listProducts({ keyword: word });
    expect(knownJson(page)).toBe(JSON.stringify(page));
    expect(Object.isFrozen(page.items[0]?.skus[0])).toBe(true);
    return {
      bend: fromItems((bendPage.payload.data as any).items),
      walltech: fromItems(wt.body.data.items),
      actionJson: fromItems(actionJson.body.items),
      actionXml: fromItems(list(actionXml.body.items.item)),
      portal: fromItems(portalPage.body.items),
      console: fromItems(consolePage.body.items),
      service: fromItems(page.items),
    };
  }

  /** Every door shows `stocks` (SKU id → stock), twice: the second read is the cache's. */
  async function expectEverywhere(stocks: Record<string, number>): Promise<void> {
    for (let i = 0; i < 2; i++) {
      for (const [door, seen] of Object.entries(await stockByDoor())) expect(seen, door).toEqual(stocks);
    }
  }

  const skuA = () => a.skus[0].sku_id;
  const skuB = () => b.skus[0].sku_id;

  it('an order takes stock on the cached page; a cancel and a failed order put it back', async () => {
    await expectEverywhere({ [skuA()]: 50, [skuB()]: 20 });

    const placed = await placeVia('bend', d, orderRequest(a, { quantity: 3 }));
    expect(placed.code).toBe(0);
    await expectEverywhere({ [skuA()]: 47, [skuB()]: 20 });

    const other = await placeVia('action', d, orderRequest(b, { quantity: 2 }));
    expect(other.code).toBe(0);
    await expectEverywhere({ [skuA()]: 47, [skuB()]: 18 });

    expect((await cancelVia('walltech', d, placed.orderNo!)).code).toBe(0);
    await expectEverywhere({ [skuA()]: 50, [skuB()]: 18 });

    expect((await operatorMove(d, other.orderNo!, 'failed')).code).toBe(0);
    await expectEverywhere({ [skuA()]: 50, [skuB()]: 20 });
  });

  it('a refused order (out of stock) changes nothing; a batch shows each placed item', async () => {
    const refused = await placeVia('walltech', d, orderRequest(b, { quantity: 21 }));
    expect(refused.code).toBe(3002);
    await expectEverywhere({ [skuA()]: 50, [skuB()]: 20 });

    const batch = await bend(d.url, d.m, 'POST', '/batch-orders', {
      orders: [
        orderRequest(a, { quantity: 4 }),
        orderRequest(b, { quantity: 99 }),
        orderRequest(b, { quantity: 5 }),
      ],
    });
    expect(batch.payload.code).toBe(0);
    const codes = (batch.payload.data as any).items.map((o: any) => o.code);
    expect(codes).toEqual([0, 3002, 0]);
    await expectEverywhere({ [skuA()]: 46, [skuB()]: 15 });
  });

  it('a batch item refused after its stock was taken (credit) leaves the page as it was', async () => {
    // Stock is taken before credit is checked, in the item's savepoint: the rollback must drop the
    // item's report of the stock it took too, or the page would show stock that was put back.
    const poor = await server.createMerchant({ creditLimit: '15.00' });
    const result = await server.services.orders.createBatch(poor.merchantId, {
      orders: [orderRequest(a, { quantity: 1 }), orderRequest(b, { quantity: 2 })],
    });
    expect(result.items.map((o) => o.code)).toEqual([0, 2001]);
    await expectEverywhere({ [skuA()]: 45, [skuB()]: 15 });
  });

  it('a catalog import replaces the cached page (stock and text) at once', async () => {
    await expectEverywhere({ [skuA()]: 45, [skuB()]: 15 });
    const edited = { ...a, description: 'Imported again.', skus: [{ ...a.skus[0], stock: 7 }] };
    const imported = await d.console.call('POST', '/catalog/import', {
      content: JSON.stringify([edited]),
      format: 'json',
    });
    expect(imported.status).toBe(200);
    await expectEverywhere({ [skuA()]: 7, [skuB()]: 15 });
    const page = await server.services.catalog.listProducts({ keyword: word });
    expect(page.items.find((p) => p.goods_id === a.goods_id)?.description).toBe('Imported again.');

    // Orders after the import still show on the new page.
    expect((await placeVia('bend', d, orderRequest(a, { quantity: 1 }))).code).toBe(0);
    await expectEverywhere({ [skuA()]: 6, [skuB()]: 15 });
  });
});
