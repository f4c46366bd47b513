/**
 * Adversarial review: hostile and malformed input over real HTTP through the three doors, on each
 * database. Pins verified behaviour: a clear code, the table's HTTP status, and nothing changed
 * (no order, no charge, no stock taken); post-auth B-End answers are encrypted and signed; no
 * response carries a stack trace or a file path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAction, orderXml } from '../action/action-http.ts';
import { bend } from '../helpers/bend-http.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { address, orderRequest, testProduct } from '../helpers/factories.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';
import { walltech, type TokenCredentials } from '../walltech/walltech-http.ts';

const LEAK = /\bat [\w.<>]+ \(|Error: |\/work\/|node_modules|\.ts:\d+/;

describe.each(eachDatabase())('hostile input on $name', (database) => {
  let server: TestServer;
  let m: TestMerchant;
  let key: { user_id: string; api_key: string };
  let token: TokenCredentials;
  const product = testProduct({ price: '3.00', stock: 50 });
  const sku = product.skus[0]!.sku_id!;
  const snapshot = async () => ({
    credit: await server.services.credit.get(m.merchantId),
    stock: (await server.services.catalog.getProduct(product.goods_id!)).skus[0]!.stock,
    ledger: (await server.services.credit.listTransactions(m.merchantId, {})).total,
  });

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url() });
    m = await server.createMerchant({ creditLimit: '500.00' });
    await server.addProducts([product]);
    key = await server.services.apiKeys.create(m.email);
    token = await server.services.tokens.create(m.merchantId, { name: 'hostile' });
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  it('B-End: bad quantities, merchant_order_no, country are 4001 in an encrypted 400 envelope, nothing charged', async () => {
    const before = await snapshot();
    const bad: Record<string, unknown>[] = [
      { quantity: '1' },
      { quantity: 1.5 },
      { quantity: 1e3 },
      { quantity: -1 },
      { quantity: 0 },
      { quantity: 999999 },
      { quantity: null },
      { merchant_order_no: 'x'.repeat(65) },
      { merchant_order_no: '' },
      { shipping_address: { ...address, country: 'gb' } },
      { shipping_address: { ...address, country: 'GBR' } },
      { shipping_address: { ...address, name: '   ' } },
      { shipping_address: 'London' },
      { goods_id: ['G'] },
    ];
    for (const extra of bad) {
      const r = await bend(server.url, m, 'POST', '/orders', orderRequest(product, extra));
      expect(r.encrypted, JSON.stringify(extra)).toBe(true);
      expect(r.status, JSON.stringify(extra)).toBe(400);
      expect(r.payload.code, JSON.stringify(extra)).toBe(4001);
      expect(r.payload.message).not.toMatch(LEAK);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('B-End: a 64-char merchant_order_no is accepted; its twin is 2002 (HTTP 409) with the existing order_no, charged once', async () => {
    const mon = 'M'.repeat(64);
    const first = await bend(
      server.url,
      m,
      'POST',
      '/orders',
      orderRequest(product, { merchant_order_no: mon }),
    );
    expect(first.payload.code).toBe(0);
    const before = await snapshot();
    const again = await bend(
      server.url,
      m,
      'POST',
      '/orders',
      orderRequest(product, { merchant_order_no: mon, quantity: 5 }),
    );
    expect(again.encrypted).toBe(true);
    expect(again.status).toBe(409);
    expect(again.payload).toMatchObject({
      code: 2002,
      data: { order_no: (first.payload.data as { order_no: string }).order_no },
    });
    expect(await snapshot()).toEqual(before);
  });

  it('B-End: paging guards (page_size 0/101/abc/-1 → 4001) and a page beyond the end is empty with the real total', async () => {
    for (const page_size of ['0', '101', 'abc', '-1', '1.5', '']) {
      const r = await bend(server.url, m, 'GET', '/products', { page_size });
      expect(r.encrypted).toBe(true);
      expect([r.status, r.payload.code], page_size).toEqual([400, 4001]);
    }
    const far = await bend(server.url, m, 'GET', '/credit/transactions', {
      page: '1000000',
      page_size: '100',
    });
    expect(far.payload.code).toBe(0);
    expect(far.payload.data).toMatchObject({ items: [], page: 1000000, page_size: 100 });
    expect((far.payload.data as { total: number }).total).toBeGreaterThan(0);
  });

  it('B-End: batch edge cases — 0 / 501 items refused whole; bad items fail alone; a duplicate inside one batch is 2002', async () => {
    const before = await snapshot();
    for (const orders of [[], Array.from({ length: 501 }, () => orderRequest(product)), 'x', null]) {
      const r = await bend(server.url, m, 'POST', '/batch-orders', { orders });
      expect([r.status, r.payload.code]).toEqual([400, 4001]);
    }
    expect(await snapshot()).toEqual(before);

    const r = await bend(server.url, m, 'POST', '/batch-orders', {
      orders: [
        orderRequest(product, { merchant_order_no: 'BATCH-DUP' }),
        orderRequest(product, { merchant_order_no: 'BATCH-DUP' }),
        7,
        null,
        orderRequest(product, { quantity: '2' }),
      ],
    });
    expect(r.payload.code).toBe(0);
    const data = r.payload.data as {
      status: string;
      succeeded: number;
      failed: number;
      items: { code: number; order: { order_no: string } | null; message: string }[];
    };
    expect(data).toMatchObject({ status: 'partially_failed', succeeded: 1, failed: 4 });
    // The two twins race (in parallel on PostgreSQL): either may win, the other is 2002 naming it.
    const twins = data.items.slice(0, 2);
    expect(twins.map((i) => i.code).sort()).toEqual([0, 2002]);
    const winner = twins.find((i) => i.code === 0)!;
    expect(twins.find((i) => i.code === 2002)!.message).toContain(winner.order!.order_no);
    expect(data.items.slice(2).map((i) => i.code)).toEqual([4001, 4001, 4001]);
    const after = await snapshot();
    expect(after.stock).toBe(before.stock - 1);
    expect(after.ledger).toBe(before.ledger + 1);
  });

  it('B-End: unknown ids answer 3001/3003/3004 with the table statuses, encrypted', async () => {
    for (const [path, code, status] of [
      ['/products/%2F..%2Fcredit', 3001, 404],
      ['/products/sku/%E2%82%AC', 3001, 404],
      ['/orders/ORD-nope', 3003, 404],
      ['/orders/merchant/..', 3003, 404],
      ['/batch-orders/BAT-nope', 3004, 404],
    ] as const) {
      const r = await bend(server.url, m, 'GET', path);
      expect([r.encrypted, r.status, r.payload.code], path).toEqual([true, status, code]);
    }
  });

  it('WallTech: non-object JSON bodies and wrong types are 4001, nothing charged, whatever the Content-Type says', async () => {
    const before = await snapshot();
    for (const body of [
      '[]',
      'null',
      '"x"',
      '1',
      '{',
      JSON.stringify([orderRequest(product)]),
      JSON.stringify(orderRequest(product, { quantity: '1' })),
    ]) {
      for (const ct of ['application/json', 'text/plain']) {
        const r = await walltech(`${server.url}/api/v1/orders`, token, {
          body,
          headers: { 'content-type': ct },
        });
        expect([r.status, r.body.code], body).toEqual([400, 4001]);
        expect(r.body.message).not.toMatch(LEAK);
      }
    }
    const dupParams = await walltech(`${server.url}/api/v1/products?page=1&page=2`, token);
    expect([dupParams.status, dupParams.body.code]).toEqual([400, 4001]);
    expect(await snapshot()).toEqual(before);
  });

  it('Action API: DTDs/entities, non-object JSON and empty bodies are refused without charging', async () => {
    const before = await snapshot();
    const dtd = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "${'a'.repeat(10)}">]><Request>${orderXml({ goods_id: product.goods_id!, sku_id: sku, quantity: 1, address: address })}</Request>`;
    expect((await callAction(server.url, key, 'CreateOrder', { body: dtd })).error?.ErrorCode).toBe('5');
    expect((await callAction(server.url, key, 'CreateOrder', { body: '[]' })).error?.ErrorCode).toBe('5');
    expect((await callAction(server.url, key, 'CreateOrder', { body: '   ' })).error?.ErrorCode).toBe('30');
    const q = await callAction(server.url, key, 'CreateOrder', {
      body: `<Request>${orderXml({ goods_id: product.goods_id!, sku_id: sku, quantity: '1e3', address: address })}</Request>`,
    });
    expect(q.error?.ErrorCode).toBe('4001');
    expect(await snapshot()).toEqual(before);
  });

  it('Action API: markup in stored text is escaped in XML responses', async () => {
    const placed = await bend(
      server.url,
      m,
      'POST',
      '/orders',
      orderRequest(product, {
        merchant_order_no: 'XML-ESC',
        shipping_address: { ...address, address: '</address><evil>&amp;]]></Body>' },
      }),
    );
    expect(placed.payload.code).toBe(0);
    const r = await callAction(server.url, key, 'GetOrder', {
      params: { MerchantOrderNo: 'XML-ESC' },
      format: 'XML',
    });
    expect(r.text).not.toContain('<evil>');
    expect(r.body.shipping_address.address).toBe('</address><evil>&amp;]]></Body>');
  });
});
