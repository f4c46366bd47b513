/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * The console's overview over real HTTP on both databases, on a server of its own (its figures
 * are the whole platform's): merchants by status, the credit granted and drawn per currency, the
 * most utilized merchants, the orders waiting in each status with the oldest's age, the failing
 * webhooks; exact sums past what a number holds; read by both roles, by nobody else.
 */
import { MAX_BALANCE_MINOR } from '@tradepost/web-contract';
import { expect, it } from 'vitest';
import { formatMoney } from '../../src/shared/money.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { newProduct, orderRequest } from '../helpers/factories.ts';
import { webClient } from '../helpers/web-client.ts';
import { useConsoleServer } from './console-server.ts';

describeEachDatabase('console overview', (database) => {
  const cs = useConsoleServer(database);
  const overview = async () => {
    const r = await cs.admin.call('GET', '/overview');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const move = async (orderNo: string, body: Record<string, string>) =>
    expect((await cs.admin.call('POST', `/orders/${orderNo}/transition`, body)).status).toBe(200);

  it('an empty platform: zeros, no rows, nothing waiting', async () => {
    expect(await overview()).toEqual({
      merchants: { active: 0, suspended: 0 },
      exposure: [],
      most_utilized: [],
      queue: [
        { status: 'pending', count: 0, oldest_created_at: null },
        { status: 'processing', count: 0, oldest_created_at: null },
        { status: 'shipped', count: 0, oldest_created_at: null },
      ],
      failing_webhooks: 0,
    });
  });

  it('merchants, credit per currency, the most utilized and the queue follow orders, moves, refunds and freezes', async () => {
    const a = await cs.server.createMerchant({ creditLimit: '1000.00' });
    const b = await cs.server.createMerchant({ creditLimit: '500.00' });
    const c = await cs.server.createMerchant({ creditLimit: '200.00', currency: 'EUR' });
    const hundred = await newProduct(cs.server.services, { price: '100.00', stock: 100 });
    const place = async (merchantId: string, quantity: number) =>
      (await cs.server.services.orders.create(merchantId, orderRequest(hundred, { quantity }))).order_no;

    const a1 = await place(a.merchantId, 6);
    const b1 = await place(b.merchantId, 1);
    const b2 = await place(b.merchantId, 1);
    const b3 = await place(b.merchantId, 1);
    await move(b2, { status: 'processing' });
    await move(b3, { status: 'processing' });
    await move(b3, { status: 'shipped', carrier: 'DHL', tracking_no: 'JD0001' });
    expect(
      (
        await cs.admin.call('POST', `/merchants/${c.merchantId}/credit/status`, {
          status: 'frozen',
          note: 'review',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await cs.admin.call('POST', `/merchants/${b.merchantId}/status`, {
          status: 'suspended',
          note: 'paperwork',
        })
      ).status,
    ).toBe(200);

    const oldestPending = (await cs.server.services.orders.getAny(a1)).created_at;
    let o = await overview();
    expect(o.merchants).toEqual({ active: 2, suspended: 1 });
    expect(o.exposure).toEqual([
      {
        currency: 'EUR',
        accounts: 1,
        credit_limit: '200.00',
        drawn: '0.00',
        utilization_percent: '0.00',
        frozen: 1,
      },
      {
        currency: 'USD',
        accounts: 2,
        credit_limit: '1500.00',
        drawn: '900.00',
        utilization_percent: '60.00',
        frozen: 0,
      },
    ]);
    // 600 of 1,000 and 300 of 500: a tie, in merchant id order; C has drawn nothing.
    expect(o.most_utilized.map((m: any) => [m.merchant_id, m.credit.utilization_percent])).toEqual(
      [a.merchantId, b.merchantId].sort().map((id) => [id, '60.00']),
    );
    expect(o.queue).toEqual([
      { status: 'pending', count: 2, oldest_created_at: oldestPending },
      { status: 'processing', count: 1, oldest_created_at: expect.any(String) },
      { status: 'shipped', count: 1, oldest_created_at: expect.any(String) },
    ]);

    // The lists behind its counts: the merchants filtered by account and by credit status.
    const listed = async (query: string) =>
      (await cs.admin.call('GET', `/merchants?${query}`)).body.items.map((m: any) => m.merchant_id);
    expect(await listed('credit_status=frozen')).toEqual([c.merchantId]);
    expect(await listed('status=suspended')).toEqual([b.merchantId]);
    expect((await listed('status=active&credit_status=active')).sort()).toEqual([a.merchantId].sort());
    const bad = await cs.admin.call('GET', '/merchants?credit_status=cold');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['credit_status']);

    // A cancel refunds: drawn falls, the queue shrinks; a delivery leaves the queue.
    await move(a1, { status: 'cancelled', reason: 'out of stock at the supplier' });
    await move(b3, { status: 'delivered' });
    o = await overview();
    expect(o.exposure[1]).toMatchObject({ currency: 'USD', drawn: '300.00', utilization_percent: '20.00' });
    expect(o.most_utilized.map((m: any) => m.merchant_id)).toEqual([b.merchantId]);
    expect(o.queue.map((q: any) => q.count)).toEqual([1, 1, 0]);
    expect(o.queue[0].oldest_created_at).toBe((await cs.server.services.orders.getAny(b1)).created_at);
    expect(o.queue[2].oldest_created_at).toBeNull();
  });

  it('sums past 2^53 minor units stay exact', async () => {
    // Ten accounts at the largest limit: 9,999,999,999,999,990 minor units, past what a number holds.
    for (let i = 0; i < 10; i++)
      await cs.server.createMerchant({ creditLimit: formatMoney(MAX_BALANCE_MINOR), currency: 'CHF' });
    const chf = (await overview()).exposure.find((e: any) => e.currency === 'CHF');
    expect(chf).toEqual({
      currency: 'CHF',
      accounts: 10,
      credit_limit: '99999999999999.90',
      drawn: '0.00',
      utilization_percent: '0.00',
      frozen: 0,
    });
  });

  it('both roles read it; a merchant and a stranger are refused; nothing logged an error', async () => {
    expect((await cs.support.call('GET', '/overview')).status).toBe(200);
    expect((await webClient(cs.server.url, 'admin').call('GET', '/overview')).status).toBe(401);
    const m = await cs.server.createMerchant();
    const portal = webClient(cs.server.url, 'portal');
    expect((await portal.signIn(m.email, m.password)).status).toBe(200);
    // The portal's session cookie is no console session.
    const asMerchant = webClient(cs.server.url, 'admin');
    asMerchant.cookie = portal.cookie;
    expect((await asMerchant.call('GET', '/overview')).status).toBe(401);
    expect(cs.server.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
