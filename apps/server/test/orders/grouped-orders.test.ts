/**
 * PostgreSQL: the orders that reach one server process in the same event-loop tick are placed by
 * ONE call of tradepost_place_orders, in one transaction (orders.place-group.ts, migration
 * 2026-11-29-orders-pg-place-group). Each keeps the outcome it would have had alone; an order the
 * database refuses by raising sends the others back one by one, so only it hears the error; and
 * two processes' groups over the same merchants and SKUs, in opposite orders, never deadlock.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import { createServices, type Services } from '../../src/services.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { type NewMerchant, newMerchant, newProduct, orderRequest } from '../helpers/factories.ts';
import { expectLedgerConsistent } from '../helpers/ledger.ts';
import { codeOf, MASTER_KEY, useServices } from '../services/fixtures.ts';

const database = eachDatabase().find((d) => d.name === 'postgres');

describe.skipIf(!database)('orders of one tick, grouped on postgres', () => {
  let opened: OpenedDatabase;
  let s: Services;
  useServices(database!, (o) => {
    opened = o;
    // Each test warms its merchants' webhook listeners first (a merchant's first order loads them
    // in a unit of its own); with the 1 s default a loaded machine let them expire before the tick
    // under test, whose orders then went one by one (CI: 14 transactions instead of 2).
    s = createServices({
      db: o.db,
      writer: o.writer,
      masterKey: MASTER_KEY,
      dialect: o.dialect,
      webhookListenersCacheMs: 600_000,
    });
  });
  afterAll(() => s?.close());

  const xidsOf = async (orderNos: string[]) =>
    (
      await opened.db
        .selectFrom('orders')
        .select(sql<string>`xmin::text`.as('xid'))
        .where('order_no', 'in', orderNos)
        .execute()
    ).map((r) => r.xid);
  /** Settles `calls` started in one tick: each one's AppError code (0: placed) and its order. */
  const together = (calls: (() => Promise<{ order_no: string }>)[]) =>
    Promise.all(
      calls.map(async (call) => {
        try {
          return { code: 0, orderNo: (await call()).order_no };
        } catch (e) {
          return { code: await codeOf(() => Promise.reject(e)), orderNo: null };
        }
      }),
    );

  it('one transaction for the tick, and each order the outcome it has alone', async () => {
    const [rich, poor, frozen] = await Promise.all([
      newMerchant(s, '100.00'),
      newMerchant(s, '2.50'),
      newMerchant(s, '100.00'),
    ]);
    const [plenty, scarce] = await Promise.all([
      newProduct(s, { price: '1.00', stock: 103 }),
      newProduct(s, { price: '1.00', stock: 1 }),
    ]);
    // A merchant's first order also loads its webhook listeners, in a unit of its own.
    for (const m of [rich, poor, frozen]) await s.orders.create(m.merchantId, orderRequest(plenty));
    await s.credit.setStatus(frozen.merchantId, 'frozen');
    const results = await together([
      () => s.orders.create(rich.merchantId, orderRequest(plenty, { merchant_order_no: 'G-1' })),
      () => s.orders.create(poor.merchantId, orderRequest(plenty)),
      () => s.orders.create(poor.merchantId, orderRequest(plenty)), // 0.50 left: 2001
      () => s.orders.create(rich.merchantId, orderRequest(scarce)),
      () => s.orders.create(rich.merchantId, orderRequest(scarce)), // none left: 3002
      () => s.orders.create(frozen.merchantId, orderRequest(plenty)), // 2001
      () => s.orders.create(rich.merchantId, orderRequest({ goodsId: 'G-none', skuId: 'S-none' })), // 3001
      () => s.orders.create(rich.merchantId, orderRequest(plenty, { merchant_order_no: 'G-1' })), // 2002
      () => s.orders.create(rich.merchantId, orderRequest(plenty, { quantity: 3 })),
    ]);
    // The last unit of `scarce` goes to one of its two orders, whichever reached the group first.
    expect(results.map((r) => r.code)).toEqual([
      0,
      0,
      2001,
      ...(results[3]!.code === 0 ? [0, 3002] : [3002, 0]),
      2001,
      3001,
      2002,
      0,
    ]);
    const placed = results.flatMap((r) => (r.orderNo ? [r.orderNo] : []));
    expect(new Set(await xidsOf(placed)).size).toBe(1);

    expect((await s.credit.get(rich.merchantId)).used).toBe('6.00');
    expect((await s.credit.get(poor.merchantId)).used).toBe('2.00');
    expect((await s.credit.get(frozen.merchantId)).used).toBe('1.00');
    expect((await s.catalog.getProduct(plenty.goodsId)).skus[0]!.stock).toBe(95);
    expect((await s.catalog.getProduct(scarce.goodsId)).skus[0]!.stock).toBe(0);
    for (const m of [rich, poor, frozen])
      await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  it('orders sharing a row go in one call; orders sharing none, eight to a call side by side', async () => {
    const merchants = await Promise.all(Array.from({ length: 16 }, () => newMerchant(s, '100.00')));
    const products = await Promise.all(
      Array.from({ length: 16 }, () => newProduct(s, { price: '1.00', stock: 100 })),
    );
    for (const m of merchants) await s.orders.create(m.merchantId, orderRequest(products[0]!)); // warm
    const transactions = async (calls: (() => Promise<{ order_no: string }>)[]) => {
      const results = await together(calls);
      expect(results.map((r) => r.code)).toEqual(calls.map(() => 0));
      return new Set(await xidsOf(results.map((r) => r.orderNo!))).size;
    };
    // Sixteen merchants on sixteen SKUs: nothing shared, two calls of eight.
    expect(
      await transactions(
        merchants.map((m, i) => () => s.orders.create(m.merchantId, orderRequest(products[i]!))),
      ),
    ).toBe(2);
    // One merchant on sixteen SKUs, sixteen merchants on one SKU: one row links them all.
    const [one] = merchants as [NewMerchant];
    expect(
      await transactions(products.map((p) => () => s.orders.create(one.merchantId, orderRequest(p)))),
    ).toBe(1);
    expect(
      await transactions(
        merchants.map((m) => () => s.orders.create(m.merchantId, orderRequest(products[0]!))),
      ),
    ).toBe(1);
    // Linked through a chain: A–SKU1–B–SKU2–C is one set, D alone another; under eight, one call.
    const [a, b, c, d] = merchants as [NewMerchant, NewMerchant, NewMerchant, NewMerchant];
    expect(
      await transactions([
        () => s.orders.create(a.merchantId, orderRequest(products[1]!)),
        () => s.orders.create(b.merchantId, orderRequest(products[1]!)),
        () => s.orders.create(b.merchantId, orderRequest(products[2]!)),
        () => s.orders.create(c.merchantId, orderRequest(products[2]!)),
        () => s.orders.create(d.merchantId, orderRequest(products[3]!)),
      ]),
    ).toBe(1);
  });

  it('an order refused by a raised error (a racing transaction took its merchant_order_no): the others placed alone', async () => {
    const m = await newMerchant(s, '100.00');
    const p = await newProduct(s, { price: '1.00', stock: 100 });
    const first = await s.orders.create(m.merchantId, orderRequest(p));
    // Another transaction inserts RACE-1 and stays open: the group's insert of RACE-1 waits on the
    // unique index, then fails with 23505 when that transaction commits.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inserted = new Promise<void>((r) => (started = r));
    const racing = opened.writer.run(async (trx) => {
      await sql`insert into orders (order_no, merchant_id, merchant_order_no, batch_no, goods_id, sku_id,
          quantity, unit_price, amount, currency, status, shipping_address_json, tracking_no,
          credit_reference_no, created_at, updated_at)
        select 'ORD-RACE-1', merchant_id, 'RACE-1', null, goods_id, sku_id, quantity, unit_price, amount,
          currency, status, shipping_address_json, null, credit_reference_no, created_at, updated_at
        from orders where order_no = ${first.order_no}`.execute(trx);
      started();
      await released;
    });
    await inserted;
    const results = together([
      () => s.orders.create(m.merchantId, orderRequest(p)),
      () => s.orders.create(m.merchantId, orderRequest(p, { merchant_order_no: 'RACE-1' })),
      () => s.orders.create(m.merchantId, orderRequest(p, { quantity: 2 })),
    ]);
    await new Promise((r) => setTimeout(r, 200)); // the group is waiting on RACE-1's index entry
    release();
    await racing;
    const [a, raced, b] = await results;
    expect([a!.code, raced!.code, b!.code]).toEqual([0, 2002, 0]);
    // Placed alone after the group rolled back: two transactions, one debit each.
    expect(new Set(await xidsOf([a!.orderNo!, b!.orderNo!])).size).toBe(2);
    expect((await s.credit.get(m.merchantId)).used).toBe('4.00');
    expect((await s.catalog.getProduct(p.goodsId)).skus[0]!.stock).toBe(96);
  });

  it('two processes grouping the same merchants and SKUs in opposite orders: no deadlock, no overdraft', async () => {
    const other = await database!.open();
    // Statements not retried: a deadlock (40P01), which the writer would retry, fails the test.
    const unretried = (o: OpenedDatabase): Services =>
      createServices({
        db: o.db,
        writer: { ...o.writer, single: (statement) => statement(o.db) },
        masterKey: MASTER_KEY,
        dialect: o.dialect,
      });
    const [p1, p2] = [unretried(opened), unretried(other)];
    try {
      const merchants = await Promise.all(Array.from({ length: 4 }, () => newMerchant(s, '72.00')));
      const products = await Promise.all(
        Array.from({ length: 4 }, () => newProduct(s, { price: '1.00', stock: 1000 })),
      );
      const pairs = merchants.flatMap((m) => products.map((p) => [m, p] as const));
      const calls = (services: Services, list: typeof pairs) =>
        list.flatMap(([m, p]) =>
          Array.from({ length: 3 }, () => () => services.orders.create(m.merchantId, orderRequest(p))),
        );
      for (let round = 0; round < 3; round++) {
        const [one, two] = await Promise.all([
          together(calls(p1, pairs)),
          together(calls(p2, [...pairs].reverse())),
        ]);
        expect([...one, ...two].filter((r) => r.code !== 0)).toEqual([]);
      }
      // Each merchant: 3 rounds × 4 SKUs × 3 orders × 2 processes of 1.00, its whole limit.
      for (const m of merchants) {
        expect((await s.credit.get(m.merchantId)).available).toBe('0.00');
        await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
      }
    } finally {
      p1.close();
      p2.close();
      await other.close();
    }
  });
});
