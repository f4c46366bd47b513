/**
 * The money invariants under real races: ≥ 60 concurrent service calls on each database. On
 * SQLite they share group commits (units interleave between savepoints); on PostgreSQL they run
 * as concurrent transactions over a pool of 12 connections, contending on the same rows.
 */
import { expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import type { Services } from '../../src/services.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { newMerchant, newProduct, orderRequest } from '../helpers/factories.ts';
import { expectLedgerConsistent } from '../helpers/ledger.ts';
import { useServices } from './fixtures.ts';

const RACERS = 60;

/** Settles every call and tallies the AppError codes (0 = success). */
async function race(calls: Array<() => Promise<unknown>>): Promise<Map<number, number>> {
  const results = await Promise.allSettled(calls.map((c) => c()));
  const tally = new Map<number, number>();
  for (const r of results) {
    const code = r.status === 'fulfilled' ? 0 : (r.reason as { code?: unknown }).code;
    if (typeof code !== 'number') throw r.status === 'rejected' ? r.reason : new Error('unexpected');
    tally.set(code, (tally.get(code) ?? 0) + 1);
  }
  return tally;
}

describeEachDatabase('money invariants under concurrency', (database) => {
  let opened: OpenedDatabase;
  let s: Services;
  useServices(database, (o, services) => {
    opened = o;
    s = services;
  });

  it(`available never below zero: credit for 10 orders, ${RACERS} racing`, async () => {
    const m = await newMerchant(s, '100.00');
    const p = await newProduct(s, { price: '10.00', stock: 1000 });
    const tally = await race(
      Array.from({ length: RACERS }, () => () => s.orders.create(m.merchantId, orderRequest(p))),
    );
    expect(tally.get(0)).toBe(10);
    expect(tally.get(2001)).toBe(RACERS - 10);
    expect(await s.credit.get(m.merchantId)).toMatchObject({
      used: '100.00',
      available: '0.00',
      utilization_percent: '100.00',
    });
    expect((await s.orders.list(m.merchantId, {})).total).toBe(10);
    expect((await s.catalog.getProduct(p.goodsId)).skus[0]!.stock).toBe(990);
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  it(`stock never below zero: stock 5, ${RACERS} racing (across merchants)`, async () => {
    const p = await newProduct(s, { price: '1.00', stock: 5 });
    const merchants = await Promise.all(Array.from({ length: 6 }, () => newMerchant(s, '1000.00')));
    const tally = await race(
      Array.from(
        { length: RACERS },
        (_, i) => () => s.orders.create(merchants[i % 6]!.merchantId, orderRequest(p)),
      ),
    );
    expect(tally.get(0)).toBe(5);
    expect(tally.get(3002)).toBe(RACERS - 5);
    expect((await s.catalog.getProduct(p.goodsId)).skus[0]!.stock).toBe(0);
    let used = 0;
    for (const m of merchants) {
      used += Number((await s.credit.get(m.merchantId)).used);
      await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
    }
    expect(used).toBe(5);
  });

  it(`one merchant_order_no → one order and one debit: ${RACERS} concurrent duplicates`, async () => {
    const m = await newMerchant(s, '1000.00');
    const p = await newProduct(s, { price: '7.25', stock: 1000 });
    const results = await Promise.allSettled(
      Array.from({ length: RACERS }, () =>
        s.orders.create(m.merchantId, orderRequest(p, { merchant_order_no: 'RACE-1' })),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.flatMap((r) =>
      r.status === 'rejected' ? [r.reason as { code: number; data: unknown }] : [],
    );
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(RACERS - 1);
    const orderNo = (won[0] as PromiseFulfilledResult<{ order_no: string }>).value.order_no;
    for (const e of lost) {
      expect(e.code).toBe(2002);
      expect(e.data).toEqual({ order_no: orderNo });
    }
    expect((await s.credit.get(m.merchantId)).used).toBe('7.25');
    expect((await s.credit.listTransactions(m.merchantId, { type: 'order' })).total).toBe(1);
    expect((await s.catalog.getProduct(p.goodsId)).skus[0]!.stock).toBe(999);
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  it(`the ledger chains through ${RACERS} mixed racing orders, repayments, adjustments and limit changes`, async () => {
    const m = await newMerchant(s, '200.00');
    const p = await newProduct(s, { price: '3.00', stock: 10_000 });
    const calls = Array.from({ length: RACERS * 2 }, (_, i) => () => {
      switch (i % 6) {
        case 0:
        case 1:
        case 2:
          return s.orders.create(m.merchantId, orderRequest(p, { quantity: 1 + (i % 4) }));
        case 3:
          return s.credit.adjust(m.merchantId, { type: 'repayment', amount: '5.00' });
        case 4:
          return s.credit.adjust(m.merchantId, {
            type: 'adjustment',
            amount: i % 12 === 4 ? '-2.50' : '1.10',
          });
        default:
          return s.credit.adjust(m.merchantId, {
            type: 'limit_change',
            amount: i % 12 === 5 ? '-20.00' : '15.00',
          });
      }
    });
    const tally = await race(calls);
    // Some calls may be refused (2001, or 4001 for a repayment larger than used); none may corrupt.
    expect([...tally.keys()].every((c) => [0, 2001, 4001].includes(c))).toBe(true);
    expect(tally.get(0)).toBeGreaterThan(RACERS);
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
    const credit = await s.credit.get(m.merchantId);
    const ledger = await s.credit.listTransactions(m.merchantId, { page_size: '1' });
    expect(ledger.items[0]!.balance_after).toBe(credit.available);
    expect(ledger.total).toBe(1 + (tally.get(0) ?? 0));
  });

  it(`${RACERS} concurrent batches of 10 draw on one credit line without overdrawing`, async () => {
    const m = await newMerchant(s, '250.00');
    const p = await newProduct(s, { price: '1.00', stock: 10_000 });
    const batches = await Promise.all(
      Array.from({ length: RACERS }, (_, b) =>
        s.orders.createBatch(m.merchantId, {
          orders: Array.from({ length: 10 }, (_, i) =>
            orderRequest(p, { merchant_order_no: `CB-${b}-${i}` }),
          ),
        }),
      ),
    );
    const succeeded = batches.reduce((n, b) => n + b.succeeded, 0);
    expect(succeeded).toBe(250);
    expect(batches.every((b) => b.items.every((i) => i.code === 0 || i.code === 2001))).toBe(true);
    expect(await s.credit.get(m.merchantId)).toMatchObject({ used: '250.00', available: '0.00' });
    expect((await s.catalog.getProduct(p.goodsId)).skus[0]!.stock).toBe(10_000 - 250);
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  it(`nonce claims: ${RACERS} racing claims of one nonce → exactly one wins`, async () => {
    const exp = Math.floor(Date.now() / 1000) + 300;
    const results = await Promise.all(
      Array.from({ length: RACERS }, () => s.nonces.claim('app_race', 'nonce-race-000001', exp)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
