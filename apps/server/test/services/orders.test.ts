/**
 * orders.create / createBatch / reads on each database: every domain code, and that a failed
 * order leaves nothing behind (no stock taken, no credit used, no ledger entry, no order row).
 */
import { describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import { COUNT_CAP } from '../../src/db/paginate.ts';
import { AppError } from '../../src/shared/app-error.ts';
import type { Services } from '../../src/services.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { address, newMerchant, newProduct, orderRequest } from '../helpers/factories.ts';
import { expectLedgerConsistent } from '../helpers/ledger.ts';
import { codeOf, errorOf, useServices } from './fixtures.ts';

describeEachDatabase('orders', (database) => {
  let opened: OpenedDatabase;
  let s: Services;
  useServices(database, (o, services) => {
    opened = o;
    s = services;
  });

  async function snapshot(merchantId: string, skuId: string) {
    const [credit, product, orders, ledger] = await Promise.all([
      s.credit.get(merchantId),
      s.catalog.getProductBySku(skuId),
      s.orders.list(merchantId, {}),
      s.credit.listTransactions(merchantId, {}),
    ]);
    return {
      credit,
      stock: product.skus.find((k) => k.sku_id === skuId)!.stock,
      orders: orders.total,
      ledger: ledger.total,
    };
  }

  describe('create', () => {
    it('debits unit_price × quantity once, takes stock, writes the wire DTO', async () => {
      const m = await newMerchant(s, '100.00');
      const p = await newProduct(s, { price: '12.30', stock: 10 });
      const o = await s.orders.create(
        m.merchantId,
        orderRequest(p, { quantity: 3, merchant_order_no: 'PO-1' }),
      );
      expect(o).toMatchObject({
        merchant_order_no: 'PO-1',
        goods_id: p.goodsId,
        sku_id: p.skuId,
        quantity: 3,
        unit_price: '12.30',
        amount: '36.90',
        currency: 'USD',
        status: 'pending',
        shipping_address: address,
        tracking_no: null,
      });
      expect(o.order_no).toMatch(/^ORD[0-9A-Z]{22}$/);
      expect(o.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(await s.credit.get(m.merchantId)).toEqual({
        currency: 'USD',
        credit_limit: '100.00',
        used: '36.90',
        available: '63.10',
        utilization_percent: '36.90',
        status: 'active',
      });
      const ledger = await s.credit.listTransactions(m.merchantId, { type: 'order' });
      expect(ledger.items).toHaveLength(1);
      expect(ledger.items[0]).toMatchObject({
        reference_no: o.credit_reference_no,
        type: 'order',
        amount: '-36.90',
        balance_before: '100.00',
        balance_after: '63.10',
        order_no: o.order_no,
      });
      expect((await s.catalog.getProduct(p.goodsId)).skus[0]!.stock).toBe(7);
      expect(await s.orders.get(m.merchantId, o.order_no)).toEqual(o);
      expect(await s.orders.getByMerchantOrderNo(m.merchantId, 'PO-1')).toEqual(o);
      await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
    });

    it('accepts an empty postal_code and no merchant_order_no', async () => {
      const m = await newMerchant(s);
      const p = await newProduct(s);
      const o = await s.orders.create(
        m.merchantId,
        orderRequest(p, { shipping_address: { ...address, country: 'HK', postal_code: '' } }),
      );
      expect(o.merchant_order_no).toBeNull();
      expect(o.shipping_address.postal_code).toBe('');
    });

    it.each([
      [{ quantity: 0 }, 'quantity'],
      [{ quantity: 1000 }, 'quantity'],
      [{ quantity: 1.5 }, 'quantity'],
      [{ quantity: '2' }, 'quantity'],
      [{ merchant_order_no: 'x'.repeat(65) }, 'merchant_order_no'],
      [{ goods_id: '' }, 'goods_id'],
      [{ sku_id: undefined }, 'sku_id'],
      [{ shipping_address: { ...address, name: '' } }, 'shipping_address.name'],
      [{ shipping_address: { ...address, phone: '  ' } }, 'shipping_address.phone'],
      [{ shipping_address: { ...address, address: undefined } }, 'shipping_address.address'],
      [{ shipping_address: { ...address, city: 5 } }, 'shipping_address.city'],
      [{ shipping_address: { ...address, country: 'gb' } }, 'shipping_address.country'],
      [{ shipping_address: { ...address, country: 'GBR' } }, 'shipping_address.country'],
      [{ shipping_address: { ...address, country: 'XX' } }, 'shipping_address.country'],
      [{ shipping_address: { ...address, country: 'AB' } }, 'shipping_address.country'],
      [{ shipping_address: { ...address, postal_code: undefined } }, 'shipping_address.postal_code'],
      [{ shipping_address: null }, 'shipping_address'],
    ])('4001 naming the field for %j', async (extra, field) => {
      const m = await newMerchant(s);
      const p = await newProduct(s);
      const err = await errorOf(() => s.orders.create(m.merchantId, orderRequest(p, extra)));
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe(4001);
      expect((err as AppError).message.startsWith(`${field}:`)).toBe(true);
    });

    it.each([
      [{ sku_id: undefined }, 'sku_id: is required'],
      [{ shipping_address: { ...address, city: 5 } }, 'shipping_address.city: must be a string'],
      [
        { shipping_address: { ...address, country: 'XX' } },
        'shipping_address.country: must be an ISO 3166-1 alpha-2 code like "US"',
      ],
    ])('says what is wrong with %j', async (extra, message) => {
      const m = await newMerchant(s);
      const p = await newProduct(s);
      const err = await errorOf(() => s.orders.create(m.merchantId, orderRequest(p, extra)));
      expect((err as AppError).message).toBe(message);
    });

    it('takes every assigned country code, and XK (Kosovo, as carriers write it)', async () => {
      const m = await newMerchant(s);
      const p = await newProduct(s, { stock: 10 });
      for (const country of ['US', 'CN', 'DE', 'SS', 'XK']) {
        const order = await s.orders.create(
          m.merchantId,
          orderRequest(p, { shipping_address: { ...address, country } }),
        );
        expect(order.shipping_address.country).toBe(country);
      }
    });

    it('4001 for a body that is not an object', async () => {
      const m = await newMerchant(s);
      expect(await codeOf(() => s.orders.create(m.merchantId, 'nope'))).toBe(4001);
      expect(await codeOf(() => s.orders.create(m.merchantId, null))).toBe(4001);
    });

    it('3001: unknown product, off-sale product or SKU, SKU of another product', async () => {
      const m = await newMerchant(s);
      const p = await newProduct(s);
      const other = await newProduct(s);
      const offProduct = await newProduct(s, { status: 'off_sale' });
      const offSku = await newProduct(s, { skuStatus: 'off_sale' });
      expect(await codeOf(() => s.orders.create(m.merchantId, orderRequest({ ...p, goodsId: 'nope' })))).toBe(
        3001,
      );
      expect(await codeOf(() => s.orders.create(m.merchantId, orderRequest({ ...p, skuId: 'nope' })))).toBe(
        3001,
      );
      expect(
        await codeOf(() =>
          s.orders.create(m.merchantId, orderRequest({ goodsId: p.goodsId, skuId: other.skuId })),
        ),
      ).toBe(3001);
      expect(await codeOf(() => s.orders.create(m.merchantId, orderRequest(offProduct)))).toBe(3001);
      expect(await codeOf(() => s.orders.create(m.merchantId, orderRequest(offSku)))).toBe(3001);
      expect((await s.credit.get(m.merchantId)).used).toBe('0.00');
    });

    it('3002 when stock < quantity, leaving stock and credit untouched', async () => {
      const m = await newMerchant(s);
      const p = await newProduct(s, { stock: 2 });
      const before = await snapshot(m.merchantId, p.skuId);
      expect(await codeOf(() => s.orders.create(m.merchantId, orderRequest(p, { quantity: 3 })))).toBe(3002);
      expect(await snapshot(m.merchantId, p.skuId)).toEqual(before);
      await s.orders.create(m.merchantId, orderRequest(p, { quantity: 2 }));
      expect((await snapshot(m.merchantId, p.skuId)).stock).toBe(0);
      expect(await codeOf(() => s.orders.create(m.merchantId, orderRequest(p)))).toBe(3002);
    });

    it('2001 when available < amount; nothing is left behind (stock restored)', async () => {
      const m = await newMerchant(s, '20.00');
      const p = await newProduct(s, { price: '10.00', stock: 10 });
      await s.orders.create(m.merchantId, orderRequest(p, { quantity: 2 }));
      const before = await snapshot(m.merchantId, p.skuId);
      expect(before.credit.available).toBe('0.00');
      const err = await errorOf(() =>
        s.orders.create(m.merchantId, orderRequest(p, { merchant_order_no: 'X' })),
      );
      expect(err.code).toBe(2001);
      expect(await snapshot(m.merchantId, p.skuId)).toEqual(before);
      // The merchant_order_no was not consumed by the failed attempt.
      expect(await codeOf(() => s.orders.getByMerchantOrderNo(m.merchantId, 'X'))).toBe(3003);
      await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
    });

    it('2001 saying the account is frozen; orders resume when it is active again', async () => {
      const m = await newMerchant(s, '100.00');
      const p = await newProduct(s);
      await s.credit.setStatus(m.merchantId, 'frozen');
      const err = await errorOf(() => s.orders.create(m.merchantId, orderRequest(p)));
      expect(err.code).toBe(2001);
      expect(err.message).toMatch(/frozen/);
      expect((await s.catalog.getProduct(p.goodsId)).skus[0]!.stock).toBe(100);
      await s.credit.setStatus(m.merchantId, 'active');
      expect((await s.orders.create(m.merchantId, orderRequest(p))).amount).toBe('10.00');
    });

    it('2002 with the existing order_no, charging nothing, even when credit or stock ran out since', async () => {
      const m = await newMerchant(s, '10.00');
      const p = await newProduct(s, { price: '10.00', stock: 1 });
      const first = await s.orders.create(m.merchantId, orderRequest(p, { merchant_order_no: 'DUP' }));
      const before = await snapshot(m.merchantId, p.skuId);
      const err = await errorOf(() =>
        s.orders.create(m.merchantId, orderRequest(p, { merchant_order_no: 'DUP' })),
      );
      expect(err.code).toBe(2002);
      expect(err.data).toEqual({ order_no: first.order_no });
      expect(await snapshot(m.merchantId, p.skuId)).toEqual(before);
    });

    it('merchant_order_no is unique per merchant, not globally', async () => {
      const a = await newMerchant(s);
      const b = await newMerchant(s);
      const p = await newProduct(s);
      const oa = await s.orders.create(a.merchantId, orderRequest(p, { merchant_order_no: 'SAME' }));
      const ob = await s.orders.create(b.merchantId, orderRequest(p, { merchant_order_no: 'SAME' }));
      expect(oa.order_no).not.toBe(ob.order_no);
    });

    it('4001 when the product currency differs from the credit account currency', async () => {
      const m = await newMerchant(s, '100.00', 'EUR');
      const p = await newProduct(s, { currency: 'USD' });
      expect(await codeOf(() => s.orders.create(m.merchantId, orderRequest(p)))).toBe(4001);
      expect((await s.catalog.getProduct(p.goodsId)).skus[0]!.stock).toBe(100);
    });

    it('when several checks fail, the first in 3001 → 3002 → frozen → currency → credit order answers', async () => {
      const usd = await newMerchant(s, '5.00');
      const eur = await newMerchant(s, '5.00', 'EUR');
      const frozenEur = await newMerchant(s, '5.00', 'EUR');
      await s.credit.setStatus(frozenEur.merchantId, 'frozen');
      const offAndEmpty = await newProduct(s, { status: 'off_sale', stock: 0 });
      const empty = await newProduct(s, { stock: 0 });
      const pricey = await newProduct(s, { price: '10.00' });
      const huge = await newProduct(s, { price: '9999999999999.99', stock: 999 });

      // Off sale and out of stock: the product is not there to sell (3001), not 3002.
      expect(await codeOf(() => s.orders.create(usd.merchantId, orderRequest(offAndEmpty)))).toBe(3001);
      // Out of stock beats a frozen account in the wrong currency.
      expect(await codeOf(() => s.orders.create(frozenEur.merchantId, orderRequest(empty)))).toBe(3002);
      // Frozen beats the currency mismatch and the missing credit.
      const frozen = await errorOf(() => s.orders.create(frozenEur.merchantId, orderRequest(pricey)));
      expect([frozen.code, frozen.message]).toEqual([
        2001,
        'Insufficient credit: the credit account is frozen',
      ]);
      // The currency mismatch beats the missing credit.
      const currency = await errorOf(() => s.orders.create(eur.merchantId, orderRequest(pricey)));
      expect([currency.code, currency.message]).toEqual([
        4001,
        'goods_id: priced in USD, the credit account is in EUR',
      ]);
      const poor = await errorOf(() => s.orders.create(usd.merchantId, orderRequest(pricey)));
      expect([poor.code, poor.message]).toEqual([2001, 'Insufficient credit']);
      // An amount past the most a money string carries (past 2^53 here) is refused on the
      // quantity, after the account checks and before the credit.
      const tooMuch = await errorOf(() =>
        s.orders.create(usd.merchantId, orderRequest(huge, { quantity: 999 })),
      );
      expect([tooMuch.code, tooMuch.message]).toEqual([
        4001,
        "quantity: the order's amount (price × quantity) must be at most 9999999999999.99",
      ]);
      const frozenHuge = await errorOf(() =>
        s.orders.create(frozenEur.merchantId, orderRequest(huge, { quantity: 999 })),
      );
      expect(frozenHuge.message).toBe('Insufficient credit: the credit account is frozen');

      // Nothing was taken or charged by any of them.
      expect((await s.catalog.getProduct(pricey.goodsId)).skus[0]!.stock).toBe(100);
      expect((await s.catalog.getProduct(huge.goodsId)).skus[0]!.stock).toBe(999);
      for (const m of [usd, eur, frozenEur]) expect((await s.credit.get(m.merchantId)).used).toBe('0.00');
    });
    it('4001 on the quantity for an amount past 9999999999999.99, even with the credit for it; nothing written', async () => {
      const max = '9999999999999.99';
      const message = `quantity: the order's amount (price × quantity) must be at most ${max}`;
      const m = await newMerchant(s, max);
      const p = await newProduct(s, { price: max, stock: 10 });
      // A credit balance at the largest limit: the order repaid, then cancelled (refunded).
      const paid = await s.orders.create(m.merchantId, orderRequest(p));
      await s.credit.adjust(m.merchantId, { amount: max, type: 'repayment' });
      await s.orders.cancel(m.merchantId, paid.order_no);
      const before = await snapshot(m.merchantId, p.skuId);
      expect(before.credit).toMatchObject({ used: `-${max}`, available: '19999999999999.98' });

      const err = await errorOf(() =>
        s.orders.create(m.merchantId, orderRequest(p, { quantity: 2, merchant_order_no: 'BIG' })),
      );
      expect([err.code, err.message]).toEqual([4001, message]);
      expect(await snapshot(m.merchantId, p.skuId)).toEqual(before);
      expect(await codeOf(() => s.orders.getByMerchantOrderNo(m.merchantId, 'BIG'))).toBe(3003);

      // In a batch, that item alone is refused; orders arriving together (one call on PostgreSQL) too.
      const batch = await s.orders.createBatch(m.merchantId, {
        orders: [orderRequest(p, { quantity: 2 }), orderRequest(p)],
      });
      expect(batch.items.map((i) => [i.code, i.message])).toEqual([
        [4001, message],
        [0, 'success'],
      ]);
      const together = await Promise.allSettled([
        s.orders.create(m.merchantId, orderRequest(p, { quantity: 3 })),
        s.orders.create(m.merchantId, orderRequest(p)),
      ]);
      expect(together.map((r) => (r.status === 'fulfilled' ? 0 : (r.reason as AppError).code))).toEqual([
        4001, 0,
      ]);
      expect(await snapshot(m.merchantId, p.skuId)).toMatchObject({
        credit: { used: max, available: '0.00' },
        stock: 8,
        orders: before.orders + 2,
        ledger: before.ledger + 2,
      });
    });
  });

  describe('reads', () => {
    it("3003 for unknown and for another merchant's orders; lists only one's own", async () => {
      const a = await newMerchant(s);
      const b = await newMerchant(s);
      const p = await newProduct(s);
      const o = await s.orders.create(a.merchantId, orderRequest(p, { merchant_order_no: 'A-1' }));
      await s.orders.create(a.merchantId, orderRequest(p));
      expect(await codeOf(() => s.orders.get(b.merchantId, o.order_no))).toBe(3003);
      expect(await codeOf(() => s.orders.get(a.merchantId, 'ORDNOPE'))).toBe(3003);
      expect(await codeOf(() => s.orders.getByMerchantOrderNo(b.merchantId, 'A-1'))).toBe(3003);
      expect((await s.orders.list(b.merchantId, {})).total).toBe(0);
      const page = await s.orders.list(a.merchantId, { page: '1', page_size: '1' });
      expect(page).toMatchObject({ page: 1, page_size: 1, total: 2 });
      expect(page.items).toHaveLength(1);
      expect(await codeOf(() => s.orders.list(a.merchantId, { page_size: '101' }))).toBe(4001);
    });

    it("a merchant's list total, counted from its ledger's order debits, is its number of orders", async () => {
      const m = await newMerchant(s, '1000.00');
      const p = await newProduct(s, { stock: 3 });
      const alone = await s.orders.create(m.merchantId, orderRequest(p));
      await s.orders.create(m.merchantId, orderRequest(p));
      await s.orders.createBatch(m.merchantId, { orders: [orderRequest(p), orderRequest(p)] }); // one out of stock
      await s.orders.cancel(m.merchantId, alone.order_no, { reason: 'changed mind' });
      await s.credit.adjust(m.merchantId, { amount: '5.00', type: 'adjustment', note: 'goodwill' });
      const counted = async (status?: string) => {
        let q = opened.db.selectFrom('orders').where('merchant_id', '=', m.merchantId);
        if (status) q = q.where('status', '=', status as 'pending');
        return Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      };
      expect(await counted()).toBe(3);
      expect((await s.orders.list(m.merchantId, {})).total).toBe(3);
      expect((await s.orders.list(m.merchantId, { status: 'cancelled' })).total).toBe(
        await counted('cancelled'),
      );
      expect((await s.orders.listAll({ merchant_id: m.merchantId })).total).toBe(3);
    });

    it(`the web lists count up to ${COUNT_CAP} matches and say there are more; the B-End's stay exact`, async () => {
      const m = await newMerchant(s, '100000.00');
      const p = await newProduct(s, { price: '1.00', stock: COUNT_CAP + 5 });
      for (let placed = 0; placed <= COUNT_CAP; placed += 500) {
        const n = Math.min(500, COUNT_CAP + 1 - placed);
        await s.orders.createBatch(m.merchantId, {
          orders: Array.from({ length: n }, () => orderRequest(p)),
        });
      }
      const pending = { merchant_id: m.merchantId, status: 'pending', page_size: '100' };
      const over = await s.orders.listAll(pending);
      expect(over).toMatchObject({ total: COUNT_CAP, total_capped: true });
      expect(over.items).toHaveLength(100);
      // The last page past the count still reads, as the console's "next" asks for it.
      expect((await s.orders.listAll({ ...pending, page: '11' })).items).toHaveLength(1);
      // Exact where it costs nothing (a merchant's whole list) and on the B-End, filtered or not.
      expect(await s.orders.listAll({ merchant_id: m.merchantId })).not.toHaveProperty('total_capped');
      expect((await s.orders.listAll({ merchant_id: m.merchantId })).total).toBe(COUNT_CAP + 1);
      expect((await s.orders.list(m.merchantId, { status: 'pending' })).total).toBe(COUNT_CAP + 1);

      await s.orders.cancel(m.merchantId, over.items[0]!.order_no, { reason: 'one fewer' });
      const at = await s.orders.listAll(pending);
      expect(at.total).toBe(COUNT_CAP);
      expect(at).not.toHaveProperty('total_capped');
    }, 60_000);
  });

  describe('batches', () => {
    it('500 items: each an order, one debit each, stored and readable by batch_no', async () => {
      const m = await newMerchant(s, '1000.00');
      const p = await newProduct(s, { price: '1.00', stock: 1000 });
      const orders = Array.from({ length: 500 }, (_, i) =>
        orderRequest(p, { merchant_order_no: `B500-${i}` }),
      );
      const batch = await s.orders.createBatch(m.merchantId, { merchant_batch_no: 'MB-1', orders });
      expect(batch).toMatchObject({
        merchant_batch_no: 'MB-1',
        status: 'completed',
        total: 500,
        succeeded: 500,
        failed: 0,
      });
      expect(batch.items.map((i) => i.index)).toEqual([...Array(500).keys()]);
      expect(batch.items.every((i) => i.code === 0 && i.order?.amount === '1.00')).toBe(true);
      expect(batch.items[7]!.merchant_order_no).toBe('B500-7');
      expect(await s.credit.get(m.merchantId)).toMatchObject({
        used: '500.00',
        available: '500.00',
        utilization_percent: '50.00',
      });
      expect((await s.catalog.getProduct(p.goodsId)).skus[0]!.stock).toBe(500);
      expect(await s.orders.getBatch(m.merchantId, batch.batch_no)).toEqual(batch);
      await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
    });

    it('mixed failures: each item has its own code; failures undo nothing else', async () => {
      const m = await newMerchant(s, '50.00');
      const p = await newProduct(s, { price: '10.00', stock: 3 });
      const pricey = await newProduct(s, { price: '45.00', stock: 10 });
      const existing = await s.orders.create(m.merchantId, orderRequest(p, { merchant_order_no: 'OLD' }));
      const batch = await s.orders.createBatch(m.merchantId, {
        orders: [
          orderRequest(p, { merchant_order_no: 'N-0' }), // ok: 10 (used 20)
          orderRequest(p, { merchant_order_no: 'OLD' }), // 2002
          orderRequest(p, { quantity: 0 }), // 4001
          orderRequest({ goodsId: 'nope', skuId: 'nope' }), // 3001
          orderRequest(p, { quantity: 5 }), // 3002 (1 left)
          orderRequest(pricey), // 2001 (30 available)
          orderRequest(p, { merchant_order_no: 'N-6' }), // ok: 10 (used 30)
        ],
      });
      expect(batch).toMatchObject({ status: 'partially_failed', total: 7, succeeded: 2, failed: 5 });
      expect(batch.items.map((i) => i.code)).toEqual([0, 2002, 4001, 3001, 3002, 2001, 0]);
      expect(batch.items[1]!.message).toContain(existing.order_no);
      expect(batch.items[2]!.message).toMatch(/^orders\[2\]\.quantity:/);
      // Among many items, which SKU: the code's words, then the item's own.
      expect(batch.items[3]!.message).toBe('Product not found: goods_id nope, sku_id nope');
      expect(batch.items[4]!.message).toBe(`Product out of stock: sku_id ${p.skuId}, quantity 5`);
      expect(batch.items.filter((i) => i.order === null)).toHaveLength(5);
      expect(await s.credit.get(m.merchantId)).toMatchObject({ used: '30.00', available: '20.00' });
      expect((await s.catalog.getProduct(p.goodsId)).skus[0]!.stock).toBe(0);
      expect((await s.catalog.getProduct(pricey.goodsId)).skus[0]!.stock).toBe(10);
      expect(await s.orders.getBatch(m.merchantId, batch.batch_no)).toEqual(batch);
      await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
    });

    it('all failing → status failed; duplicates inside one batch → one order', async () => {
      const m = await newMerchant(s, '100.00');
      const p = await newProduct(s);
      const failed = await s.orders.createBatch(m.merchantId, {
        orders: [orderRequest({ goodsId: 'x', skuId: 'y' })],
      });
      expect(failed).toMatchObject({ status: 'failed', succeeded: 0, failed: 1 });
      const twins = await s.orders.createBatch(m.merchantId, {
        orders: Array.from({ length: 5 }, () => orderRequest(p, { merchant_order_no: 'TWIN' })),
      });
      expect(twins.succeeded).toBe(1);
      expect(twins.items.filter((i) => i.code === 2002)).toHaveLength(4);
      expect((await s.credit.get(m.merchantId)).used).toBe('10.00');
    });

    it('4001 for 0 or 501 orders; 3004 for unknown or foreign batches', async () => {
      const a = await newMerchant(s);
      const b = await newMerchant(s);
      const p = await newProduct(s);
      expect(await codeOf(() => s.orders.createBatch(a.merchantId, { orders: [] }))).toBe(4001);
      const tooMany = Array.from({ length: 501 }, () => orderRequest(p));
      expect(await codeOf(() => s.orders.createBatch(a.merchantId, { orders: tooMany }))).toBe(4001);
      expect((await s.credit.get(a.merchantId)).used).toBe('0.00');
      const batch = await s.orders.createBatch(a.merchantId, { orders: [orderRequest(p)] });
      expect(await codeOf(() => s.orders.getBatch(b.merchantId, batch.batch_no))).toBe(3004);
      expect(await codeOf(() => s.orders.getBatch(a.merchantId, 'BATNOPE'))).toBe(3004);
    });
  });
});
