/**
 * Adversarial review: concurrent orders through the three doors (B-End envelope, Action API,
 * WallTech token) against one merchant's credit and one SKU's stock, on each database. Pins:
 * the credit never goes below zero, nothing is double-charged, stock never goes negative, the
 * same merchant_order_no yields exactly one order across doors, and the ledger chain holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionKey } from '../action/action-http.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { batchVia, MERCHANT_DOORS, placeVia } from '../helpers/doors.ts';
import { orderRequest, testProduct } from '../helpers/factories.ts';
import { expectLedgerConsistent } from '../helpers/ledger.ts';
import { cents } from '../helpers/money.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';
import type { TokenCredentials } from '../walltech/walltech-http.ts';

describe.each(eachDatabase())('cross-door races on $name', (database) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url() });
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  async function merchantWithDoors(
    creditLimit: string,
  ): Promise<{ m: TestMerchant; key: ActionKey; token: TokenCredentials }> {
    const m = await server.createMerchant({ creditLimit });
    const key = await server.services.apiKeys.create(m.email);
    const token = await server.services.tokens.create(m.merchantId, { name: 'race' });
    return { m, key, token };
  }

  /** One order through door `door` (0 B-End, 1 Action API, 2 WallTech): the shared door callers. */
  const orderVia = (
    door: number,
    d: { m: TestMerchant; key: ActionKey; token: TokenCredentials },
    body: Record<string, unknown>,
  ) => placeVia(MERCHANT_DOORS[door]!, { url: server.url, ...d }, body);

  it('30 orders racing over three doors for credit worth exactly 10 leave available at 0.00, never below', async () => {
    const d = await merchantWithDoors('100.00');
    const product = testProduct({ price: '10.00', stock: 1000 });
    await server.addProducts([product]);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        orderVia(i % 3, d, orderRequest(product, { merchant_order_no: `RACE-${i}` })),
      ),
    );
    const ok = results.filter((r) => r.code === 0);
    expect(ok).toHaveLength(10);
    expect(results.filter((r) => r.code !== 0).map((r) => r.code)).toEqual(Array(20).fill(2001));
    expect(await server.services.credit.get(d.m.merchantId)).toMatchObject({
      used: '100.00',
      available: '0.00',
    });
    const p = await server.services.catalog.getProduct(product.goods_id!);
    expect(p.skus[0]!.stock).toBe(990);
    await expectLedgerConsistent(server.running.ctx, d.m.merchantId);
  });

  it('the same merchant_order_no sent through all three doors at once makes one order, one charge', async () => {
    const d = await merchantWithDoors('1000.00');
    const product = testProduct({ price: '7.25', stock: 50 });
    await server.addProducts([product]);
    const body = orderRequest(product, { quantity: 2, merchant_order_no: 'SAME-EVERYWHERE' });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => orderVia(i % 3, d, body)));
    const ok = results.filter((r) => r.code === 0);
    expect(ok).toHaveLength(1);
    const dup = results.filter((r) => r.code !== 0);
    expect(dup.map((r) => r.code)).toEqual(Array(11).fill(2002));
    // Every duplicate names the one existing order.
    expect(new Set(results.map((r) => r.orderNo))).toEqual(new Set([ok[0]!.orderNo]));
    expect(await server.services.credit.get(d.m.merchantId)).toMatchObject({ used: '14.50' });
    expect((await server.services.catalog.getProduct(product.goods_id!)).skus[0]!.stock).toBe(48);
    await expectLedgerConsistent(server.running.ctx, d.m.merchantId);
  });

  it('the last unit of stock raced over three doors goes to exactly one order', async () => {
    const d = await merchantWithDoors('1000.00');
    const product = testProduct({ price: '1.00', stock: 1 });
    await server.addProducts([product]);
    const results = await Promise.all(
      Array.from({ length: 9 }, (_, i) => orderVia(i % 3, d, orderRequest(product))),
    );
    expect(results.filter((r) => r.code === 0)).toHaveLength(1);
    expect(results.filter((r) => r.code !== 0).map((r) => r.code)).toEqual(Array(8).fill(3002));
    expect((await server.services.catalog.getProduct(product.goods_id!)).skus[0]!.stock).toBe(0);
    expect(await server.services.credit.get(d.m.merchantId)).toMatchObject({ used: '1.00' });
    await expectLedgerConsistent(server.running.ctx, d.m.merchantId);
  });

  it('a batch racing single orders and a limit cut for the same credit never overdraws', async () => {
    const d = await merchantWithDoors('50.00');
    const product = testProduct({ price: '5.00', stock: 1000 });
    await server.addProducts([product]);
    const item = (no: string) => orderRequest(product, { merchant_order_no: no });
    const batch = batchVia(
      'bend',
      { url: server.url, ...d },
      {
        orders: Array.from({ length: 8 }, (_, i) => item(`B-${i}`)),
      },
    );
    const singles = Array.from({ length: 8 }, (_, i) => orderVia(i % 3, d, item(`S-${i}`)));
    const cut = server.services.credit
      .adjust(d.m.merchantId, { amount: '-10.00', type: 'limit_change' })
      .then(
        () => 'cut',
        (e: { code?: number }) => `refused ${e.code}`,
      );
    const [b, s, c] = await Promise.all([batch, Promise.all(singles), cut]);
    const batchData = b.data as { succeeded: number; items: { code: number }[] };
    const placed = batchData.succeeded + s.filter((r) => r.code === 0).length;
    const credit = await server.services.credit.get(d.m.merchantId);
    expect(cents(credit.used)).toBe(placed * 500);
    expect(cents(credit.credit_limit)).toBe(c === 'cut' ? 4000 : 5000);
    expect(cents(credit.available)).toBeGreaterThanOrEqual(0);
    // Every batch item was placed (0) or refused for credit (2001): no other code.
    expect(batchData.items.map((i) => i.code).filter((code) => code !== 0 && code !== 2001)).toEqual([]);
    await expectLedgerConsistent(server.running.ctx, d.m.merchantId);
  });
});
