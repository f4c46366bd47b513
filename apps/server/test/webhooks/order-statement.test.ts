/**
 * PostgreSQL: an order whose merchant listens for `order.created` is still ONE statement
 * (tradepost_place_order, migration 2026-11-29-orders-pg-place-events): the order, its ledger
 * entry, the event and a delivery per listening endpoint are written by the one call, in its one
 * transaction (same xmin), so a refused order leaves no event. The paths around it: an endpoint
 * this process does not know of yet (another process added it) still gets the event through the
 * worker's fan-out; a price changed since this process last saw it is what the event says; the
 * order's later changes still emit in their units.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createContext } from '../../src/context.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { newProduct, orderRequest } from '../helpers/factories.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';
import { startReceiver, type Receiver } from './receiver.ts';

const database = eachDatabase().find((d) => d.name === 'postgres');

describe.skipIf(!database)('an order with listeners is one statement on postgres', () => {
  const masterKey = randomBytes(32).toString('hex');
  let server: TestServer;
  let receiver: Receiver;
  beforeAll(async () => {
    server = await startTestServer({
      databaseUrl: await database!.url(),
      // The listeners stay cached for the whole file: whether an order is one statement must not
      // depend on how fast a loaded machine gets from warm() to the order (default TTL 1 s).
      env: {
        TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1',
        TRADEPOST_MASTER_KEY: masterKey,
        TRADEPOST_WEBHOOK_LISTENERS_CACHE_MS: '60000',
      },
      webhooks: { pollMs: 50 },
    });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
    await database?.dispose();
  });

  const db = () => server.running.ctx.db;
  const worker = () => server.running.webhookWorker!;
  /** Loads the merchant's listeners into this process's outbox cache (as a recent order would). */
  const warm = (m: TestMerchant) =>
    server.running.ctx.writer.run((trx) => server.services.outbox.wants(trx, m.merchantId, 'order.created'));

  /** Runs `fn` counting the writer's units by kind (the worker stopped, so they are the order's). */
  async function counted<T>(fn: () => Promise<T>): Promise<{ value: T; single: number; run: number }> {
    const writer = server.running.ctx.writer;
    const { single, run } = writer;
    const n = { single: 0, run: 0 };
    writer.single = (s) => (n.single++, single!(s));
    writer.run = (f) => (n.run++, run(f));
    try {
      const value = await fn();
      return { value, ...n };
    } finally {
      writer.single = single;
      writer.run = run;
    }
  }

  const eventsOf = (m: TestMerchant) =>
    db()
      .selectFrom('webhook_events')
      .select(['event_id', 'type', 'payload', 'fanned_out', sql<string>`xmin::text`.as('xid')])
      .where('merchant_id', '=', m.merchantId)
      .orderBy('created_at')
      .execute();
  const deliveriesOf = (eventId: string) =>
    db()
      .selectFrom('webhook_deliveries')
      .select(['endpoint_id', 'status', sql<string>`xmin::text`.as('xid')])
      .where('event_id', '=', eventId)
      .execute();
  const orderXid = async (orderNo: string) =>
    (
      await db()
        .selectFrom('orders')
        .select(sql<string>`xmin::text`.as('xid'))
        .where('order_no', '=', orderNo)
        .executeTakeFirstOrThrow()
    ).xid;
  const objectOf = (payload: string) =>
    (JSON.parse(payload) as { data: { object: { order_no: string } } }).data.object;

  it('writes the event and one delivery per listening endpoint in the order statement, and delivers them', async () => {
    const m = await server.createMerchant({ creditLimit: '1000.00' });
    const p = await newProduct(server.services, { price: '10.00', stock: 100 });
    const all = (await server.services.webhooks.createEndpoint(m.merchantId, { url: receiver.url })).endpoint;
    const created = (
      await server.services.webhooks.createEndpoint(m.merchantId, {
        url: receiver.url,
        events: ['order.created'],
      })
    ).endpoint;
    const shipped = (
      await server.services.webhooks.createEndpoint(m.merchantId, {
        url: receiver.url,
        events: ['order.shipped'],
      })
    ).endpoint;
    const mine = new Set<string>();
    await worker().stop();
    try {
      const first = await server.services.orders.create(m.merchantId, orderRequest(p)); // learns the price
      mine.add(first.order_no);
      await warm(m);
      const {
        value: order,
        single,
        run,
      } = await counted(() => server.services.orders.create(m.merchantId, orderRequest(p)));
      expect({ single, run }).toEqual({ single: 1, run: 0 });
      mine.add(order.order_no);

      const event = (await eventsOf(m)).find((e) => objectOf(e.payload).order_no === order.order_no)!;
      expect(event).toMatchObject({ type: 'order.created', fanned_out: 1 });
      expect(objectOf(event.payload)).toEqual(order); // the Order the caller got, as sent
      const deliveries = await deliveriesOf(event.event_id);
      expect(deliveries.map((d) => d.endpoint_id).sort()).toEqual([all.id, created.id].sort());
      expect(deliveries.every((d) => d.status === 'pending')).toBe(true);
      expect(shipped.id).not.toBe(deliveries[0]!.endpoint_id);
      // One transaction: the order row, its event and its deliveries carry the same xmin.
      const xid = await orderXid(order.order_no);
      expect([event.xid, ...deliveries.map((d) => d.xid)]).toEqual([xid, xid, xid]);
      const ledger = await server.services.credit.listTransactions(m.merchantId, { page_size: 10 });
      expect(ledger.items.filter((e) => e.order_no === order.order_no)).toHaveLength(1);

      // The order's next change still emits in its own unit.
      await server.services.orders.transition(order.order_no, 'processing');
      expect((await eventsOf(m)).map((e) => e.type)).toEqual([
        'order.created',
        'order.created',
        'order.processing',
      ]);
    } finally {
      worker().start();
    }
    const got = await receiver.waitFor(5, {
      where: (r) => mine.has((r.body.data.object as { order_no?: string }).order_no ?? ''),
    });
    expect(got.map((r) => r.body.type).sort()).toEqual([
      'order.created',
      'order.created',
      'order.created',
      'order.created',
      'order.processing',
    ]);
  });

  it('listened-to orders of one tick: one transaction, each with its own event; a refused one with none', async () => {
    const merchants = await Promise.all([
      server.createMerchant({ creditLimit: '1000.00' }),
      server.createMerchant({ creditLimit: '1000.00' }),
      server.createMerchant({ creditLimit: '15.00' }),
    ]);
    const p = await newProduct(server.services, { price: '10.00', stock: 100 });
    for (const m of merchants) {
      await server.services.webhooks.createEndpoint(m.merchantId, { url: receiver.url });
      await server.services.orders.create(m.merchantId, orderRequest(p)); // learns the price
    }
    await worker().stop();
    try {
      for (const m of merchants) await warm(m);
      const [a, b, poor] = merchants as [TestMerchant, TestMerchant, TestMerchant];
      const { value: results, single } = await counted(() =>
        Promise.allSettled([
          server.services.orders.create(a.merchantId, orderRequest(p)),
          server.services.orders.create(b.merchantId, orderRequest(p, { quantity: 2 })),
          server.services.orders.create(poor.merchantId, orderRequest(p)), // 5.00 left: 2001
        ]),
      );
      expect(single).toBe(3);
      expect(results[2]).toMatchObject({ status: 'rejected', reason: { code: 2001 } });
      const placed = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect(placed).toHaveLength(2);
      const xids = new Set<string>();
      for (const [m, order] of [
        [a, placed[0]!],
        [b, placed[1]!],
      ] as const) {
        xids.add(await orderXid(order.order_no));
        const event = (await eventsOf(m)).find((e) => objectOf(e.payload).order_no === order.order_no)!;
        expect(objectOf(event.payload)).toEqual(order);
        xids.add(event.xid);
        for (const d of await deliveriesOf(event.event_id)) xids.add(d.xid);
      }
      // The two orders, their events and their deliveries: one transaction.
      expect(xids.size).toBe(1);
      expect(await eventsOf(poor)).toHaveLength(1); // its first order's only
    } finally {
      worker().start();
    }
  });

  it('a refused order (credit, stock) leaves no event, no delivery and no order', async () => {
    const m = await server.createMerchant({ creditLimit: '15.00' });
    const p = await newProduct(server.services, { price: '10.00', stock: 3 });
    await server.services.webhooks.createEndpoint(m.merchantId, { url: receiver.url });
    let firstOrderNo = '';
    // Stopped, so the units counted are the order's (not a cycle recording the first delivery).
    await worker().stop();
    try {
      const first = await server.services.orders.create(m.merchantId, orderRequest(p)); // 5.00 left, 2 in stock
      firstOrderNo = first.order_no;
      const ids = async () => (await eventsOf(m)).map((e) => e.event_id);
      const before = await ids();
      expect(before).toHaveLength(1);
      await warm(m);
      const credit = await counted(() =>
        expect(server.services.orders.create(m.merchantId, orderRequest(p))).rejects.toMatchObject({
          code: 2001,
        }),
      );
      expect({ single: credit.single, run: credit.run }).toEqual({ single: 1, run: 0 });
      await warm(m);
      await expect(
        server.services.orders.create(m.merchantId, orderRequest(p, { quantity: 3 })),
      ).rejects.toMatchObject({ code: 3002 });
      expect(await ids()).toEqual(before);
    } finally {
      worker().start();
    }
    // Running, the worker sets room aside for the statement's claimed delivery: refused, it comes back.
    // First the first order's delivery, released at the stop, is taken again, sent and recorded: held
    // is 0 for good (idle() alone can resolve in the moment before the poll takes it again).
    await receiver.waitFor(1, {
      where: (r) => (r.body.data.object as { order_no?: string }).order_no === firstOrderNo,
    });
    await expect.poll(() => worker().stats().held, { timeout: 10_000 }).toBe(0);
    await warm(m);
    await expect(
      server.services.orders.create(m.merchantId, orderRequest(p, { quantity: 3 })),
    ).rejects.toMatchObject({ code: 3002 });
    expect(worker().stats().held).toBe(0);
    const orders = await db()
      .selectFrom('orders')
      .select('order_no')
      .where('merchant_id', '=', m.merchantId)
      .execute();
    expect(orders).toHaveLength(1);
    const deliveries = await db()
      .selectFrom('webhook_deliveries')
      .select('delivery_id')
      .where('merchant_id', '=', m.merchantId)
      .execute();
    expect(deliveries.length).toBeLessThanOrEqual(1); // the first order's only
  });

  it('an endpoint added by another process since this one looked still gets the event (worker fan-out)', async () => {
    const m = await server.createMerchant({ creditLimit: '1000.00' });
    const p = await newProduct(server.services, { price: '10.00', stock: 100 });
    const known = (await server.services.webhooks.createEndpoint(m.merchantId, { url: receiver.url }))
      .endpoint;
    await server.services.orders.create(m.merchantId, orderRequest(p));
    const other = await startReceiver('/other');
    const dataDir = mkdtempSync(join(tmpdir(), 'tradepost-other-'));
    const ctx = await createContext(
      loadConfig({
        TRADEPOST_DATA_DIR: dataDir,
        TRADEPOST_DEMO: '0',
        LOG_LEVEL: 'silent',
        TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1',
        TRADEPOST_MASTER_KEY: masterKey,
        DATABASE_URL: await database!.url(),
      }),
    );
    try {
      await warm(m); // this process: `known` only
      const added = (await ctx.services.webhooks.createEndpoint(m.merchantId, { url: other.url })).endpoint;
      const order = await server.services.orders.create(m.merchantId, orderRequest(p));
      const [received] = await other.waitFor(1, {
        where: (r) => (r.body.data.object as { order_no?: string }).order_no === order.order_no,
      });
      expect(received!.body.type).toBe('order.created');
      const event = (await eventsOf(m)).find((e) => objectOf(e.payload).order_no === order.order_no)!;
      expect((await deliveriesOf(event.event_id)).map((d) => d.endpoint_id).sort()).toEqual(
        [known.id, added.id].sort(),
      );
    } finally {
      await ctx.close();
      await other.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a price changed since this process last placed the SKU: the event says the price charged', async () => {
    const m = await server.createMerchant({ creditLimit: '1000.00' });
    const p = await newProduct(server.services, { price: '10.00', stock: 100 });
    await server.services.webhooks.createEndpoint(m.merchantId, { url: receiver.url });
    await server.services.orders.create(m.merchantId, orderRequest(p)); // learnt: 10.00
    // Another process reprices it.
    await db().updateTable('skus').set({ price: 1250 }).where('sku_id', '=', p.skuId).execute();
    await warm(m);
    const { value: order, single } = await counted(() =>
      server.services.orders.create(m.merchantId, orderRequest(p)),
    );
    expect(single).toBe(1);
    expect(order).toMatchObject({ unit_price: '12.50', amount: '12.50' });
    const event = (await eventsOf(m)).find((e) => objectOf(e.payload).order_no === order.order_no)!;
    expect(objectOf(event.payload)).toEqual(order);
    const account = await server.services.credit.get(m.merchantId);
    expect(account.used).toBe('22.50');
  });
});
