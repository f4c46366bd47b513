/**
 * One event per kind of order change, written in the change's own unit, on both databases and
 * through the services every door calls: created (single and batch items), every status change,
 * batch_order.completed, the refund's credit.updated, credit.low on a debit; a refused order
 * writes nothing. The objects are the B-End API's Order / BatchOrder / Credit.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { newProduct, orderRequest } from '../helpers/factories.ts';
import type { TestMerchant, TestServer } from '../helpers/test-server.ts';
import { type Receiver, useWebhookServer } from './receiver.ts';

describeEachDatabase('webhook order events', (database) => {
  let server: TestServer;
  let receiver: Receiver;
  useWebhookServer(database, (s, r) => {
    server = s;
    receiver = r;
  });

  const rows = async (m: TestMerchant) =>
    (
      await server.running.ctx.db
        .selectFrom('webhook_events')
        .select(['type', 'payload', 'created_at'])
        .where('merchant_id', '=', m.merchantId)
        .orderBy('created_at')
        .orderBy('event_id')
        .execute()
    ).map((r) => ({
      type: r.type,
      createdAt: r.created_at,
      object: (JSON.parse(r.payload) as { data: { object: Record<string, unknown> } }).data.object,
    }));

  async function setup() {
    const m = await server.createMerchant({ creditLimit: '1000.00' });
    const p = await newProduct(server.services, { price: '10.00', stock: 100 });
    const { secret } = await server.services.webhooks.createEndpoint(m.merchantId, { url: receiver.url });
    return { m, p, secret };
  }

  it('created → processing → shipped → delivered: one event each, carrying the current Order', async () => {
    const { m, p } = await setup();
    const order = await server.services.orders.create(m.merchantId, orderRequest(p));
    const orders = server.services.orders;
    await orders.transition(order.order_no, 'processing');
    await orders.transition(order.order_no, 'shipped', {
      carrier: 'YunExpress',
      tracking_no: 'YT2233445566',
    });
    await orders.transition(order.order_no, 'delivered');
    const events = await rows(m);
    // Changes a millisecond apart share created_at, and the event id breaks no tie (no ordering
    // guarantee, webhooks.md): one event each, in the changes' order wherever their times differ.
    const lifecycle = ['order.created', 'order.processing', 'order.shipped', 'order.delivered'];
    events.sort((a, b) => lifecycle.indexOf(a.type) - lifecycle.indexOf(b.type));
    expect(events.map((e) => [e.type, e.object.status])).toEqual([
      ['order.created', 'pending'],
      ['order.processing', 'processing'],
      ['order.shipped', 'shipped'],
      ['order.delivered', 'delivered'],
    ]);
    const times = events.map((e) => e.createdAt);
    expect(times).toEqual([...times].sort());
    const shipped = events[2]!.object;
    expect(shipped).toMatchObject({
      order_no: order.order_no,
      tracking_no: 'YT2233445566',
      carrier: 'YunExpress',
    });
    expect(shipped).not.toHaveProperty('merchant_id'); // the B-End Order, not the operator's view
    expect(Object.keys(shipped).sort()).toEqual(
      Object.keys(await orders.get(m.merchantId, order.order_no)).sort(),
    );
    // Delivered to the receiver too, every one of them.
    const got = await receiver.waitFor(4, {
      where: (r) => (r.body.data.object as { order_no?: string }).order_no === order.order_no,
    });
    expect(got.map((r) => r.body.type).sort()).toEqual([
      'order.created',
      'order.delivered',
      'order.processing',
      'order.shipped',
    ]);
  });

  it('cancelled and failed: the status event and the refund credit.updated; a repeated cancel adds nothing', async () => {
    const { m, p } = await setup();
    const a = await server.services.orders.create(m.merchantId, orderRequest(p, { quantity: 2 }));
    const b = await server.services.orders.create(m.merchantId, orderRequest(p));
    await server.services.orders.cancel(m.merchantId, a.order_no, { reason: 'changed my mind' });
    await server.services.orders.cancel(m.merchantId, a.order_no, {});
    await server.services.orders.transition(b.order_no, 'failed', { reason: 'supplier out' });
    // Events of one unit share a millisecond: compared as a set (no ordering guarantee anyway).
    const events = (await rows(m))
      .map((e) => [e.type, e.object.status ?? null, e.object.available ?? null])
      .map(String);
    expect(events.sort()).toEqual(
      [
        ['order.created', 'pending', null],
        ['order.created', 'pending', null],
        ['order.cancelled', 'cancelled', null],
        ['credit.updated', 'active', '990.00'],
        ['order.failed', 'failed', null],
        ['credit.updated', 'active', '1000.00'],
      ]
        .map(String)
        .sort(),
    );
  });

  it('a batch: each item order.created and one batch_order.completed with the BatchOrder', async () => {
    const { m, p } = await setup();
    const batch = await server.services.orders.createBatch(m.merchantId, {
      merchant_batch_no: `B-${Date.now()}`,
      orders: [orderRequest(p), orderRequest(p, { quantity: 0 }), orderRequest(p)],
    });
    const events = await rows(m);
    expect(events.map((e) => e.type).sort()).toEqual([
      'batch_order.completed',
      'order.created',
      'order.created',
    ]);
    expect(events.find((e) => e.type === 'batch_order.completed')!.object).toMatchObject({
      batch_no: batch.batch_no,
      total: 3,
      succeeded: 2,
      failed: 1,
      status: 'partially_failed',
    });
  });

  it('credit.low when an order debit crosses the threshold; a refused order writes no event', async () => {
    const { m, p } = await setup();
    await server.services.webhooks.updateSettings(m.merchantId, { credit_low_threshold: '985.00' });
    await server.services.orders.create(m.merchantId, orderRequest(p)); // 990
    await server.services.orders.create(m.merchantId, orderRequest(p)); // 980: crossed
    await server.services.orders.create(m.merchantId, orderRequest(p)); // 970: still below
    const before = (await rows(m)).length;
    await expect(
      server.services.orders.create(m.merchantId, orderRequest(p, { quantity: 999 })),
    ).rejects.toMatchObject({
      code: expect.any(Number),
    });
    const events = await rows(m);
    expect(events).toHaveLength(before);
    expect(events.filter((e) => e.type === 'credit.low').map((e) => e.object.available)).toEqual(['980.00']);
  });
});
