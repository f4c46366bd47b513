/**
 * Every SDK method against the real server (SQLite, and PostgreSQL when reachable): values,
 * auto-pagination and the error codes of bend-v1.md.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../apps/server/test/helpers/databases.ts';
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InsufficientCreditError,
  NotFoundError,
  PermissionDeniedError,
  TradepostError,
  type CreateOrderRequest,
  type CreditTransaction,
  type Order,
  type OrderStatus,
  type Product,
} from '../src/index.ts';
import { address, uid } from '../../../apps/server/test/helpers/factories.ts';
import { cents } from '../../../apps/server/test/helpers/money.ts';
import { startRealServer, type Merchant, type RealServer } from './helpers/real-server.ts';

const fail = <T>(p: PromiseLike<T>): Promise<TradepostError> =>
  Promise.resolve(p).then(
    (v) => {
      throw new Error(`expected a TradepostError, got ${JSON.stringify(v)}`);
    },
    (e: unknown) => {
      if (!(e instanceof TradepostError)) throw e;
      return e;
    },
  );

describeEachDatabase('SDK against the real server', (database) => {
  let server: RealServer;
  let merchant: Merchant;
  const category = `sdk-${uid()}`;
  const goods: string[] = [];
  let product: Product;

  beforeAll(async () => {
    server = await startRealServer(await database.url());
    merchant = await server.createMerchant('1000.00');
    // Seven products in a category of our own, so page arithmetic is exact.
    const inputs = Array.from({ length: 7 }, (_, i) => {
      const id = `G${uid()}`;
      goods.push(id);
      return {
        goods_id: id,
        title: i === 3 ? `Enamel mug ${id}` : `Widget ${i} ${id}`,
        description: 'made by the SDK suite',
        category,
        images: [`https://img.example/${id}.jpg`],
        currency: 'USD',
        skus: [
          { sku_id: `${id}-A`, spec: 'Color: Red', price: '12.30', stock: 50 },
          { sku_id: `${id}-B`, spec: 'Color: Blue', price: '99.99', stock: 1 },
        ],
      };
    });
    await server.running.ctx.services.catalog.upsertProducts(inputs);
    product = await merchant.client().products.retrieve(goods[0]!);
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  const order = (over: Partial<CreateOrderRequest> = {}): CreateOrderRequest => ({
    goods_id: goods[0]!,
    sku_id: `${goods[0]}-A`,
    quantity: 1,
    merchant_order_no: `PO-${uid()}`,
    shipping_address: address,
    ...over,
  });

  it('products.list: one page on await, every item on for await', async () => {
    const client = merchant.client();
    const first = await client.products.list({ category, page_size: 3 });
    expect(first).toMatchObject({ page: 1, page_size: 3, total: 7 });
    expect(first.items).toHaveLength(3);
    const third = await client.products.list({ category, page_size: 3, page: 3 });
    expect(third.items).toHaveLength(1);

    const seen: string[] = [];
    for await (const p of client.products.list({ category, page_size: 3 })) seen.push(p.goods_id);
    expect(seen.sort()).toEqual([...goods].sort());
    const pages: number[] = [];
    for await (const page of client.products.list({ category, page_size: 3 }).pages())
      pages.push(page.items.length);
    expect(pages).toEqual([3, 3, 1]);

    const found = await client.products.list({ category, keyword: 'enamel MUG' });
    expect(found.items.map((p) => p.goods_id)).toEqual([goods[3]]);
  });

  it('products.retrieve / retrieveBySku return the listed product, with money as strings', async () => {
    const client = merchant.client();
    const bySku = await client.products.retrieveBySku(`${goods[0]}-B`);
    expect(bySku).toEqual(product);
    expect(product).toMatchObject({ goods_id: goods[0], category, currency: 'USD', status: 'on_sale' });
    expect(product.skus.map((s) => [s.sku_id, s.price, s.stock])).toEqual(
      expect.arrayContaining([
        [`${goods[0]}-A`, '12.30', 50],
        [`${goods[0]}-B`, '99.99', 1],
      ]),
    );
    expect(await fail(client.products.retrieve('G-no-such'))).toMatchObject({ code: 3001, status: 404 });
    const e = await fail(client.products.retrieveBySku('S-no-such'));
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e.code).toBe(3001);
  });

  it('orders.create / retrieve / retrieveByMerchantOrderNo; credit follows', async () => {
    const m = await server.createMerchant('100.00');
    const client = m.client();
    const req = order({ quantity: 3 });
    const created = await client.orders.create(req);
    expect(created).toMatchObject({
      merchant_order_no: req.merchant_order_no,
      goods_id: req.goods_id,
      sku_id: req.sku_id,
      quantity: 3,
      unit_price: '12.30',
      amount: '36.90',
      currency: 'USD',
      shipping_address: address,
      tracking_no: null,
    });
    expect(await client.orders.retrieve(created.order_no)).toEqual(created);
    expect(await client.orders.retrieveByMerchantOrderNo(req.merchant_order_no!)).toEqual(created);
    expect(await client.credit.retrieve()).toEqual({
      currency: 'USD',
      credit_limit: '100.00',
      used: '36.90',
      available: '63.10',
      utilization_percent: '36.90',
      status: 'active',
    });
  });

  it('2002 carries the existing order_no and charges nothing; 3003 for unknown and foreign orders', async () => {
    const m = await server.createMerchant('500.00');
    const client = m.client();
    const req = order();
    const first = await client.orders.create(req);
    const dup = await fail(client.orders.create({ ...req, quantity: 2 }));
    expect(dup).toBeInstanceOf(ConflictError);
    expect(dup).toMatchObject({ code: 2002, status: 409, data: { order_no: first.order_no } });
    expect((await client.credit.retrieve()).used).toBe('12.30');

    expect(await fail(client.orders.retrieve('ORD-no-such'))).toMatchObject({ code: 3003, status: 404 });
    expect(await fail(client.orders.retrieveByMerchantOrderNo('PO-no-such'))).toMatchObject({ code: 3003 });
    const other = merchant.client();
    expect(await fail(other.orders.retrieve(first.order_no))).toMatchObject({ code: 3003, status: 404 });
    expect(await fail(other.orders.retrieveByMerchantOrderNo(req.merchant_order_no!))).toMatchObject({
      code: 3003,
    });
  });

  it('2001 insufficient credit, 3002 out of stock, 4001 invalid parameters', async () => {
    const poor = await server.createMerchant('20.00');
    const client = poor.client();
    const e2001 = await fail(client.orders.create(order({ quantity: 2 })));
    expect(e2001).toBeInstanceOf(InsufficientCreditError);
    expect(e2001).toMatchObject({ code: 2001, status: 402 });
    expect((await client.credit.retrieve()).available).toBe('20.00');

    const rich = merchant.client();
    const e3002 = await fail(
      rich.orders.create(order({ goods_id: goods[6]!, sku_id: `${goods[6]}-B`, quantity: 2 })),
    );
    expect(e3002).toBeInstanceOf(ConflictError);
    expect(e3002).toMatchObject({ code: 3002, status: 409 });
    const e3001 = await fail(rich.orders.create(order({ sku_id: 'S-no-such' })));
    expect(e3001).toMatchObject({ code: 3001, status: 404 });

    const e4001 = await fail(rich.orders.create(order({ quantity: 0 })));
    expect(e4001).toBeInstanceOf(BadRequestError);
    expect(e4001).toMatchObject({ code: 4001, status: 400 });
    expect(e4001.message).toMatch(/quantity/);
    const bad = { ...address, country: 'Britain' };
    expect((await fail(rich.orders.create(order({ shipping_address: bad })))).message).toMatch(/country/);
  });

  it('batchOrders.create / retrieve: items are independent; 3004 for unknown batches', async () => {
    const m = await server.createMerchant('1000.00');
    const client = m.client();
    const ok1 = order();
    const ok2 = order({ goods_id: goods[1]!, sku_id: `${goods[1]}-A`, quantity: 2 });
    const broken = order({ sku_id: 'S-no-such' });
    const batch = await client.batchOrders.create({
      merchant_batch_no: `B-${uid()}`,
      orders: [ok1, broken, ok2],
    });
    expect(batch).toMatchObject({ status: 'partially_failed', total: 3, succeeded: 2, failed: 1 });
    expect(batch.items.map((i) => [i.index, i.merchant_order_no, i.code])).toEqual([
      [0, ok1.merchant_order_no, 0],
      [1, broken.merchant_order_no, 3001],
      [2, ok2.merchant_order_no, 0],
    ]);
    expect(batch.items[1]!.order).toBeNull();
    expect(batch.items[2]!.order).toMatchObject({
      amount: '24.60',
      merchant_order_no: ok2.merchant_order_no,
    });
    expect(await client.batchOrders.retrieve(batch.batch_no)).toEqual(batch);
    expect((await client.credit.retrieve()).used).toBe('36.90');
    expect(await fail(client.batchOrders.retrieve('BAT-no-such'))).toMatchObject({ code: 3004, status: 404 });
    expect(await fail(merchant.client().batchOrders.retrieve(batch.batch_no))).toMatchObject({ code: 3004 });
  });

  it('credit.listTransactions: auto-pagination over a ledger whose balances chain to Credit.available', async () => {
    const m = await server.createMerchant('300.00');
    const client = m.client();
    const placed = [];
    for (let i = 0; i < 4; i++) placed.push(await client.orders.create(order({ quantity: i + 1 })));
    const all: CreditTransaction[] = [];
    for await (const tx of client.credit.listTransactions({ page_size: 2 })) all.push(tx);
    const page1 = await client.credit.listTransactions({ page_size: 2 });
    expect(all).toHaveLength(page1.total);
    const debits = all.filter((t) => t.type === 'order');
    expect(debits.map((t) => t.order_no).sort()).toEqual(placed.map((o) => o.order_no).sort());
    for (const o of placed) {
      const t = debits.find((d) => d.order_no === o.order_no)!;
      expect(t.amount).toBe(`-${o.amount}`);
      expect(t.reference_no).toBe(o.credit_reference_no);
    }
    for (const t of all) expect(cents(t.balance_after)).toBe(cents(t.balance_before) + cents(t.amount));
    // Chain by the ledger's own links, whatever order the API lists it in.
    const byBefore = new Map(all.map((t) => [t.balance_before, t]));
    let cursor = all.find((t) => !all.some((u) => u.balance_after === t.balance_before))!;
    let steps = 1;
    while (byBefore.has(cursor.balance_after)) {
      cursor = byBefore.get(cursor.balance_after)!;
      steps++;
    }
    expect(steps).toBe(all.length);
    expect(cursor.balance_after).toBe((await client.credit.retrieve()).available);

    const onlyOrders = [];
    for await (const t of client.credit.listTransactions({ type: 'order', page_size: 3 })) onlyOrders.push(t);
    expect(onlyOrders).toHaveLength(4);
    expect(await fail(client.credit.listTransactions({ page_size: 1000 }))).toMatchObject({ code: 4001 });
  });

  it('credit.listTransactions: for await follows next_cursor, so an entry added meanwhile repeats none', async () => {
    const m = await server.createMerchant('300.00');
    const client = m.client();
    for (let i = 0; i < 5; i++) await client.orders.create(order());
    const before = (await client.credit.listTransactions({ page_size: 100 })).items.map(
      (t) => t.reference_no,
    );
    const read: string[] = [];
    const pages: number[] = [];
    for await (const page of client.credit.listTransactions({ page_size: 2 }).pages()) {
      // Newest first: a new entry would push page 1's last entry onto page 2 of an offset list.
      if (pages.length === 0) await client.orders.create(order());
      pages.push(page.page);
      read.push(...page.items.map((t) => t.reference_no));
    }
    expect(read).toEqual(before);
    expect(pages).toEqual([1, 0, 0]);
    // Page numbers, for comparison, read one twice.
    const byNumber = [
      ...(await client.credit.listTransactions({ page_size: 2, page: 1 })).items,
      ...(await client.credit.listTransactions({ page_size: 2, page: 2 })).items,
    ].map((t) => t.reference_no);
    await client.orders.create(order());
    const again = (await client.credit.listTransactions({ page_size: 2, page: 2 })).items.map(
      (t) => t.reference_no,
    );
    expect(again.some((r) => byNumber.includes(r))).toBe(true);
  });

  it('orders.list: newest first, auto-paginated, filtered by status, dates and batch; only your own', async () => {
    const m = await server.createMerchant('1000.00');
    const client = m.client();
    const placed: Order[] = [];
    for (let i = 0; i < 4; i++) placed.push(await client.orders.create(order()));
    const batch = await client.batchOrders.create({
      merchant_batch_no: `B-${uid()}`,
      orders: [order(), order()],
    });
    const batched = batch.items.map((i) => i.order!.order_no);

    const all: Order[] = [];
    for await (const o of client.orders.list({ page_size: 4 })) all.push(o);
    expect(all.map((o) => o.order_no).sort()).toEqual([...placed.map((o) => o.order_no), ...batched].sort());
    const times = all.map((o) => o.created_at);
    expect(times).toEqual([...times].sort().reverse());
    expect(all.find((o) => o.order_no === placed[0]!.order_no)).toEqual(placed[0]);
    expect(await client.orders.list({ page_size: 4 })).toMatchObject({ page: 1, page_size: 4, total: 6 });
    const sizes: number[] = [];
    for await (const page of client.orders.list({ page_size: 4 }).pages()) sizes.push(page.items.length);
    expect(sizes).toEqual([4, 2]);

    const inBatch = await client.orders.list({ batch_no: batch.batch_no });
    expect(inBatch.items.map((o) => o.order_no).sort()).toEqual([...batched].sort());
    await client.orders.cancel(placed[1]!.order_no);
    const cancelled = await client.orders.list({ status: 'cancelled' });
    expect(cancelled.items.map((o) => [o.order_no, o.status])).toEqual([[placed[1]!.order_no, 'cancelled']]);
    expect((await client.orders.list({ status: 'pending' })).total).toBe(5);
    // Both ends inclusive, to the exact instant.
    const [newest, oldest] = [times[0]!, times.at(-1)!];
    expect((await client.orders.list({ created_from: oldest, created_to: newest })).total).toBe(6);
    expect((await client.orders.list({ created_from: newest })).total).toBe(
      times.filter((t) => t === newest).length,
    );
    expect((await client.orders.list({ created_to: '2000-01-01' })).total).toBe(0);

    expect((await merchant.client().orders.list({ batch_no: batch.batch_no })).total).toBe(0);
    const badStatus = await fail(client.orders.list({ status: 'lost' as OrderStatus }));
    expect(badStatus).toBeInstanceOf(BadRequestError);
    expect(badStatus).toMatchObject({ code: 4001, status: 400 });
    expect(await fail(client.orders.list({ created_from: 'last tuesday' }))).toMatchObject({ code: 4001 });
  });

  it('orders.cancel refunds once in the same step; a repeat answers the same order; 2003 / 3003 / 4001', async () => {
    const m = await server.createMerchant('100.00');
    const client = m.client();
    const stock = async () =>
      (await client.products.retrieve(goods[2]!)).skus.find((s) => s.sku_id === `${goods[2]}-A`)!.stock;
    const stockBefore = await stock();
    const placed = await client.orders.create(
      order({ goods_id: goods[2]!, sku_id: `${goods[2]}-A`, quantity: 2 }),
    );
    expect(await stock()).toBe(stockBefore - 2);

    const cancelled = await client.orders.cancel(placed.order_no, { reason: 'customer changed their mind' });
    expect(cancelled).toMatchObject({
      order_no: placed.order_no,
      status: 'cancelled',
      cancel_reason: 'customer changed their mind',
      amount: '24.60',
    });
    expect(cancelled.cancelled_at).not.toBeNull();
    expect(await client.orders.retrieve(placed.order_no)).toEqual(cancelled);
    expect(await client.credit.retrieve()).toMatchObject({ used: '0.00', available: '100.00' });
    expect(await stock()).toBe(stockBefore);
    // A repeat (what a retry after a lost answer sends) refunds nothing again.
    expect(await client.orders.cancel(placed.order_no)).toEqual(cancelled);
    const refunds: CreditTransaction[] = [];
    for await (const t of client.credit.listTransactions({ type: 'refund' })) refunds.push(t);
    expect(refunds.map((t) => [t.amount, t.order_no, t.reference_no])).toEqual([
      ['24.60', placed.order_no, cancelled.refund_reference_no],
    ]);

    // A processing order may still be cancelled; a shipped one may not.
    const ops = server.running.ctx.services.orders;
    const processing = await client.orders.create(order());
    await ops.transition(processing.order_no, 'processing');
    expect((await client.orders.cancel(processing.order_no)).status).toBe('cancelled');
    const shipped = await client.orders.create(order());
    await ops.transition(shipped.order_no, 'processing');
    await ops.transition(shipped.order_no, 'shipped', { carrier: 'DHL', tracking_no: '1Z999AA10123456784' });
    const e2003 = await fail(client.orders.cancel(shipped.order_no));
    expect(e2003).toBeInstanceOf(ConflictError);
    expect(e2003).toMatchObject({ code: 2003, status: 409 });
    expect(e2003.message).toMatch(/shipped/);
    expect(await client.orders.retrieve(shipped.order_no)).toMatchObject({
      status: 'shipped',
      carrier: 'DHL',
      tracking_no: '1Z999AA10123456784',
      refund_reference_no: null,
    });

    const open = await client.orders.create(order());
    const e4001 = await fail(client.orders.cancel(open.order_no, { reason: 'x'.repeat(201) }));
    expect(e4001).toMatchObject({ code: 4001, status: 400 });
    expect(await fail(merchant.client().orders.cancel(open.order_no))).toMatchObject({
      code: 3003,
      status: 404,
    });
    expect(await fail(client.orders.cancel('ORD-no-such'))).toBeInstanceOf(NotFoundError);
    expect((await client.orders.retrieve(open.order_no)).status).toBe('pending');
    expect((await client.credit.retrieve()).used).toBe('24.60');
  });

  it('authentication failures are plain 1001 / 1003 and surface as typed errors', async () => {
    const wrongKey = merchant.client({ signKey: 'Z'.repeat(32) });
    const e1001 = await fail(wrongKey.credit.retrieve());
    expect(e1001).toBeInstanceOf(AuthenticationError);
    expect(e1001).toMatchObject({ code: 1001, status: 401 });

    const m = await server.createMerchant('10.00');
    await server.running.ctx.services.apps.setStatus(m.merchantId, m.app.app_id, 'disabled');
    const e1003 = await fail(m.client().credit.retrieve());
    expect(e1003).toBeInstanceOf(PermissionDeniedError);
    expect(e1003).toMatchObject({ code: 1003, status: 403 });
  });

  it('the envelope transport works for GET and POST', async () => {
    const client = merchant.client({ transport: 'envelope' });
    expect((await client.products.list({ category, page_size: 2 })).total).toBe(7);
    const created = await client.orders.create(order());
    expect(await client.orders.retrieve(created.order_no)).toEqual(created);
  });
});
