/**
 * An order on PostgreSQL is ONE statement (migration 2026-11-29-orders-pg-place, orders.place.ts
 * placeOrderPg): committed by itself when the unit has nothing else to write (no webhook
 * listener, no caller's inUnit), else one statement of the unit's transaction. Both ways, and
 * SQLite's statement-by-statement path, must write the very same rows and refuse the same way;
 * racing orders on one merchant and one SKU must neither overdraw nor oversell.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import type { Writer } from '../../src/db/writer.ts';
import { createServices, type Services } from '../../src/services.ts';
import { formatMoney } from '../../src/shared/money.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { newMerchant, newProduct, orderRequest } from '../helpers/factories.ts';
import { expectLedgerConsistent } from '../helpers/ledger.ts';
import { codeOf, MASTER_KEY, useServices } from '../services/fixtures.ts';

describeEachDatabase('an order as one statement', (database) => {
  let opened: OpenedDatabase;
  let s: Services;
  /** Units through the real writer, counted by kind. */
  const calls = { run: 0, single: 0 };
  useServices(database, (o) => {
    opened = o;
    const real = o.writer;
    const counting: Writer = {
      run: (fn) => {
        calls.run++;
        return real.run(fn);
      },
      ...(real.single
        ? {
            single: (statement) => {
              calls.single++;
              return real.single!(statement);
            },
          }
        : {}),
      readsDurable: () => real.readsDurable(),
      allDurable: () => real.allDurable(),
      close: () => real.close(),
      stats: () => real.stats(),
    };
    s = createServices({ db: o.db, writer: counting, masterKey: MASTER_KEY, dialect: o.dialect });
  });
  afterAll(() => s?.close());
  const postgres = database.name === 'postgres';

  it('commits by itself when nothing else is written in the unit; in a transaction when something is', async () => {
    const m = await newMerchant(s, '100.00');
    const p = await newProduct(s, { price: '1.00', stock: 10 });
    // The first order loads the merchant's webhook subscriptions inside its unit.
    await s.orders.create(m.merchantId, orderRequest(p));
    calls.run = calls.single = 0;
    await s.orders.create(m.merchantId, orderRequest(p));
    expect(calls).toEqual(postgres ? { run: 0, single: 1 } : { run: 1, single: 0 });

    calls.run = calls.single = 0;
    const seen: string[] = [];
    const o = await s.orders.create(m.merchantId, orderRequest(p), {
      inUnit: async (_trx, order) => {
        seen.push(order.order_no);
      },
    });
    expect(seen).toEqual([o.order_no]);
    expect(calls).toEqual({ run: 1, single: 0 });
    expect((await s.catalog.getProduct(p.goodsId)).skus[0]!.stock).toBe(7);
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  it('writes the ledger description as formatMoney does, for every price shape', async () => {
    const m = await newMerchant(s, '100000.00');
    for (const price of ['0.01', '0.05', '0.50', '1.00', '12.34', '9999.99']) {
      const p = await newProduct(s, { price, stock: 5 });
      const o = await s.orders.create(m.merchantId, orderRequest(p, { quantity: 2 }));
      const entry = (await s.credit.listTransactions(m.merchantId, { page_size: 1 })).items[0]!;
      const minor = Math.round(Number(price) * 100);
      expect(entry.description).toBe(`Order ${o.order_no}: 2 × ${p.skuId} @ ${formatMoney(minor)} USD`);
      expect(o).toMatchObject({ unit_price: formatMoney(minor), amount: formatMoney(minor * 2) });
    }
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  it('credit for 20, stock 25, one order then 30 racing on one merchant and SKU → 20 placed, 11 × 2001', async () => {
    const m = await newMerchant(s, '20.00');
    const p = await newProduct(s, { price: '1.00', stock: 25 });
    await s.orders.create(m.merchantId, orderRequest(p)); // warm the subscription cache: the fast path
    const codes = await Promise.all(
      Array.from({ length: 30 }, () => codeOf(() => s.orders.create(m.merchantId, orderRequest(p)))),
    );
    expect(codes.filter((c) => c === 0)).toHaveLength(19);
    expect(codes.filter((c) => c === 2001)).toHaveLength(11);
    expect((await s.catalog.getProduct(p.goodsId)).skus[0]!.stock).toBe(5);
    expect((await s.credit.get(m.merchantId)).available).toBe('0.00');
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  it('racing merchants on one SKU: stock never oversold, every refusal 3002', async () => {
    const p = await newProduct(s, { price: '1.00', stock: 12 });
    const merchants = await Promise.all(Array.from({ length: 4 }, () => newMerchant(s, '100.00')));
    const codes = await Promise.all(
      merchants.flatMap((m) =>
        Array.from({ length: 5 }, () => codeOf(() => s.orders.create(m.merchantId, orderRequest(p)))),
      ),
    );
    expect(codes.filter((c) => c === 0)).toHaveLength(12);
    expect(codes.filter((c) => c === 3002)).toHaveLength(8);
    expect((await s.catalog.getProduct(p.goodsId)).skus[0]!.stock).toBe(0);
    for (const m of merchants) await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  it('10 racing twins with one merchant_order_no: one order, nine 2002 naming it, one debit', async () => {
    const m = await newMerchant(s, '100.00');
    const p = await newProduct(s, { price: '1.00', stock: 10 });
    await s.orders.create(m.merchantId, orderRequest(p));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        s.orders.create(m.merchantId, orderRequest(p, { merchant_order_no: 'TWIN-1' })),
      ),
    );
    const placed = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(placed).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected')
        expect(r.reason).toMatchObject({ code: 2002, data: { order_no: placed[0]!.order_no } });
    }
    expect((await s.credit.get(m.merchantId)).used).toBe('2.00');
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  describe.runIf(postgres)('PostgreSQL', () => {
    it('a refusal on the fast path writes nothing and holds nothing', async () => {
      const m = await newMerchant(s, '3.00');
      const p = await newProduct(s, { price: '2.00', stock: 3 });
      await s.orders.create(m.merchantId, orderRequest(p)); // warms the subscription cache
      calls.run = calls.single = 0;
      expect(await codeOf(() => s.orders.create(m.merchantId, orderRequest(p)))).toBe(2001);
      expect(calls.single).toBe(1);
      expect((await s.catalog.getProduct(p.goodsId)).skus[0]!.stock).toBe(2);
      expect((await s.credit.get(m.merchantId)).used).toBe('2.00');
      // No transaction was left open holding the SKU row: another unit takes it at once.
      await opened.writer.run(async (trx) => {
        await sql`set local lock_timeout = '1s'`.execute(trx);
        await sql`select 1 from skus where sku_id = ${p.skuId} for update`.execute(trx);
      });
    });
  });
});
