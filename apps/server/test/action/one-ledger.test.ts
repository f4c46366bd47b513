/**
 * One merchant, three doors (B-End envelope, Action API key, WallTech token): every order lands
 * in the same credit ledger, whose chain (each entry's balance_before = the previous entry's
 * balance_after) stays intact, and the idempotency key is shared across doors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bend } from '../helpers/bend-http.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { orderRequest, testProduct } from '../helpers/factories.ts';
import { expectLedgerConsistent } from '../helpers/ledger.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';
import { walltech } from '../walltech/walltech-http.ts';
import { callAction } from './action-http.ts';

describe.each(eachDatabase())('one ledger behind every door on $name', (database) => {
  let server: TestServer;
  let m: TestMerchant;
  const product = testProduct({ price: '4.10', stock: 100 });

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url() });
    m = await server.createMerchant({ creditLimit: '100.00' });
    await server.addProducts([product]);
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  it('orders from the three doors share the ledger and its chain', async () => {
    const key = await server.services.apiKeys.create(m.email);
    const token = await server.services.tokens.create(m.merchantId, { name: 'ledger' });

    const viaBend = await bend(
      server.url,
      m,
      'POST',
      '/orders',
      orderRequest(product, { merchant_order_no: 'DOOR-BEND' }),
    );
    expect(viaBend.payload.code).toBe(0);
    const viaAction = await callAction(server.url, key, 'CreateOrder', {
      body: JSON.stringify(orderRequest(product, { merchant_order_no: 'DOOR-ACTION' })),
    });
    expect(viaAction.error).toBeUndefined();
    const viaToken = await walltech(`${server.url}/api/v1/orders`, token, {
      body: orderRequest(product, { merchant_order_no: 'DOOR-TOKEN' }),
    });
    expect(viaToken.body.code).toBe(0);

    const orderNos = [
      (viaBend.payload.data as { order_no: string }).order_no,
      viaAction.body.order_no as string,
      viaToken.body.data.order_no as string,
    ];
    const ledger = await server.services.credit.listTransactions(m.merchantId, { page: 1, page_size: 100 });
    // Newest first: the three orders, then the opening limit.
    expect(ledger.items.map((t) => t.order_no)).toEqual([...[...orderNos].reverse(), null]);
    expect(ledger.items.slice(0, 3).map((t) => [t.type, t.amount])).toEqual(
      Array(3).fill(['order', '-4.10']),
    );
    await expectLedgerConsistent(server.running.ctx, m.merchantId);
    expect(await server.services.credit.get(m.merchantId)).toMatchObject({
      used: '12.30',
      available: '87.70',
    });

    // Each door reads the same ledger.
    const fromAction = await callAction(server.url, key, 'GetCreditTransactions', {
      params: { PageSize: '100' },
    });
    expect(fromAction.body.items).toEqual(ledger.items);
    const fromToken = await walltech(`${server.url}/api/v1/credit/transactions?page_size=100`, token);
    expect(fromToken.body.data.items).toEqual(ledger.items);
  });

  it('merchant_order_no is one idempotency key across doors (2002 names the first order)', async () => {
    const key = await server.services.apiKeys.create(m.email);
    const token = await server.services.tokens.create(m.merchantId, { name: 'retry' });
    const first = await walltech(`${server.url}/api/v1/orders`, token, {
      body: orderRequest(product, { merchant_order_no: 'ONCE' }),
    });
    const retried = await callAction(server.url, key, 'CreateOrder', {
      body: JSON.stringify(orderRequest(product, { merchant_order_no: 'ONCE' })),
    });
    expect(retried.error).toMatchObject({ ErrorCode: '2002', ErrorMessage: 'Duplicate order' });
    expect((retried.envelope.ErrorResponse as { Body: unknown }).Body).toEqual({
      order_no: first.body.data.order_no,
    });
    const ledger = await server.services.credit.listTransactions(m.merchantId, { page_size: 100 });
    expect(ledger.items.filter((t) => t.order_no === first.body.data.order_no)).toHaveLength(1);
    await expectLedgerConsistent(server.running.ctx, m.merchantId);
  });
});
