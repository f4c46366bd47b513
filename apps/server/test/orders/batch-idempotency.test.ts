/**
 * Batches as one record (bend-v1.md "Extensions v1.1: batch idempotency"), through the service on
 * each database: merchant_batch_no unique per merchant (a repeat, sequential or racing, creates
 * nothing and charges nothing and answers 2002 with the existing batch_no), and a batch and its
 * orders always agree.
 */
import { expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import type { Services } from '../../src/services.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { newMerchant, newProduct, orderRequest } from '../helpers/factories.ts';
import { expectLedgerConsistent } from '../helpers/ledger.ts';
import { errorOf, useServices } from '../services/fixtures.ts';
import { expectBatchesWhole } from './batch-check.ts';

describeEachDatabase('batch idempotency', (database) => {
  let opened: OpenedDatabase;
  let s: Services;
  useServices(database, (o, services) => {
    opened = o;
    s = services;
  });

  it('a second batch with the same merchant_batch_no: 2002 {batch_no}, nothing created or charged', async () => {
    const m = await newMerchant(s, '500.00');
    const p = await newProduct(s, { price: '10.00', stock: 100 });
    const body = { merchant_batch_no: 'B-1', orders: [orderRequest(p), orderRequest(p)] };
    const first = await s.orders.createBatch(m.merchantId, body);
    expect(first.status).toBe('completed');
    const e = await errorOf(() => s.orders.createBatch(m.merchantId, body));
    expect([e.code, e.httpStatus, e.data]).toEqual([2002, 409, { batch_no: first.batch_no }]);
    expect((await s.orders.list(m.merchantId, {})).total).toBe(2);
    expect((await s.credit.get(m.merchantId)).used).toBe('20.00');
    // Another merchant may use the same merchant_batch_no.
    const other = await newMerchant(s, '500.00');
    expect((await s.orders.createBatch(other.merchantId, body)).succeeded).toBe(2);
    // Batches without one never clash.
    await s.orders.createBatch(m.merchantId, { orders: [orderRequest(p)] });
    await s.orders.createBatch(m.merchantId, { orders: [orderRequest(p)] });
    await expectBatchesWhole(opened.db, m.merchantId);
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  it('20 racing copies of one batch: exactly one batch, one charge per item', async () => {
    const m = await newMerchant(s, '5000.00');
    const p = await newProduct(s, { price: '1.00', stock: 1000 });
    const body = { merchant_batch_no: 'RACE-1', orders: Array.from({ length: 5 }, () => orderRequest(p)) };
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => s.orders.createBatch(m.merchantId, body)),
    );
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected')
        expect(r.reason).toMatchObject({ code: 2002, data: { batch_no: won[0]!.batch_no } });
    }
    expect((await s.orders.list(m.merchantId, {})).total).toBe(5);
    expect((await s.credit.get(m.merchantId)).used).toBe('5.00');
    await expectBatchesWhole(opened.db, m.merchantId);
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  it('an item racing a single order with its merchant_order_no: one order, the item reports 2002', async () => {
    const m = await newMerchant(s, '5000.00');
    const p = await newProduct(s, { price: '1.00', stock: 1000 });
    const runs = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0
          ? s.orders
              .createBatch(m.merchantId, {
                orders: [orderRequest(p, { merchant_order_no: 'MON-1' }), orderRequest(p)],
              })
              .then((b) => b.items[0]!.code)
          : s.orders.create(m.merchantId, orderRequest(p, { merchant_order_no: 'MON-1' })).then(
              () => 0,
              (e: { code: number }) => e.code,
            ),
      ),
    );
    expect(runs.filter((c) => c === 0)).toHaveLength(1);
    expect(runs.filter((c) => c === 2002)).toHaveLength(9);
    await expectBatchesWhole(opened.db, m.merchantId);
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });
});
