/**
 * The order state machine through the orders service, on each database: every edge allowed and
 * refused, the refund (one ledger entry, stock back, refund_reference_no) in the same unit as the
 * status, idempotent cancel, 2003, the operators' bulk operations (all or nothing, every bad row
 * reported; on PostgreSQL, bulk cancels crossing the same merchants and SKUs never deadlock),
 * `inUnit` rolling back with the change, and the list filters.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import { ORDER_STATUSES, ORDER_TRANSITIONS, canTransition } from '../../src/modules/orders/order-status.ts';
import type { Order, Services } from '../../src/services.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { newMerchant, newProduct, orderRequest, type ProductRef } from '../helpers/factories.ts';
import { expectLedgerConsistent } from '../helpers/ledger.ts';
import { codeOf, errorOf, servicesFor, useServices } from '../services/fixtures.ts';

describe('the state machine table', () => {
  it('has exactly the edges of bend-v1.md v1.1', () => {
    const edges = ORDER_STATUSES.flatMap((from) => ORDER_TRANSITIONS[from].map((to) => `${from}>${to}`));
    expect(edges.sort()).toEqual(
      [
        'pending>processing',
        'processing>shipped',
        'shipped>delivered',
        'pending>cancelled',
        'processing>cancelled',
        'pending>failed',
        'processing>failed',
      ].sort(),
    );
    expect(canTransition('pending', 'shipped')).toBe(false);
    expect(canTransition('cancelled', 'pending')).toBe(false);
  });
});

describeEachDatabase('order lifecycle', (database) => {
  let opened: OpenedDatabase;
  let s: Services;
  useServices(database, (o, services) => {
    opened = o;
    s = services;
  });

  async function stockOf(p: ProductRef): Promise<number> {
    return (await s.catalog.getProductBySku(p.skuId)).skus[0]!.stock;
  }

  async function setup(opts: { limit?: string; price?: string; stock?: number } = {}) {
    const m = await newMerchant(s, opts.limit ?? '1000.00');
    const p = await newProduct(s, { price: opts.price ?? '12.50', stock: opts.stock ?? 50 });
    const place = (extra: Record<string, unknown> = {}) =>
      s.orders.create(m.merchantId, orderRequest(p, { quantity: 2, ...extra }));
    return { m, p, place };
  }

  it('pending → processing → shipped → delivered, with carrier, tracking and times', async () => {
    const { m, place } = await setup();
    const o = await place();
    expect(o).toMatchObject({
      carrier: null,
      shipped_at: null,
      refund_reference_no: null,
      cancel_reason: null,
    });
    const processing = await s.orders.transition(o.order_no, 'processing');
    expect(processing).toMatchObject({ status: 'processing', merchant_id: m.merchantId });
    expect(await codeOf(() => s.orders.transition(o.order_no, 'shipped', { carrier: 'DHL' }))).toBe(4001);
    expect(await codeOf(() => s.orders.transition(o.order_no, 'shipped', { tracking_no: 'T1' }))).toBe(4001);
    const shipped = await s.orders.transition(o.order_no, 'shipped', {
      carrier: 'DHL',
      tracking_no: '1Z999AA1',
    });
    expect(shipped).toMatchObject({ status: 'shipped', carrier: 'DHL', tracking_no: '1Z999AA1' });
    expect(shipped.shipped_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const delivered = await s.orders.transition(o.order_no, 'delivered');
    expect(delivered.delivered_at).toMatch(/Z$/);
    // The merchant sees the same order.
    const seen = await s.orders.get(m.merchantId, o.order_no);
    expect(seen).toMatchObject({ status: 'delivered', carrier: 'DHL', tracking_no: '1Z999AA1' });
    expect(seen).not.toHaveProperty('merchant_id');
    // No money moved after the order itself.
    expect((await s.credit.listTransactions(m.merchantId, {})).total).toBe(2);
  });

  it('refuses every edge not in the table with 2003, naming the status, changing nothing', async () => {
    const { place } = await setup();
    const o = await place();
    const e = await errorOf(() =>
      s.orders.transition(o.order_no, 'shipped', { carrier: 'DHL', tracking_no: 'X' }),
    );
    expect([e.code, e.httpStatus, e.message]).toEqual([
      2003,
      409,
      'Order cannot move from pending to shipped',
    ]);
    expect(await codeOf(() => s.orders.transition(o.order_no, 'delivered'))).toBe(2003);
    expect(await codeOf(() => s.orders.transition(o.order_no, 'pending'))).toBe(2003);
    expect(await codeOf(() => s.orders.transition(o.order_no, 'bogus' as 'pending'))).toBe(4001);
    expect(await codeOf(() => s.orders.transition('ORDNOPE', 'processing'))).toBe(3003);
    expect(await codeOf(() => s.orders.transition(o.order_no, 'processing', { carrier: 'DHL' }))).toBe(4001);
    expect((await s.orders.getAny(o.order_no)).status).toBe('pending');
  });

  it('cancel refunds once in the same unit: ledger entry, stock back, refund_reference_no', async () => {
    const { m, p, place } = await setup({ stock: 10 });
    const o = await place({ merchant_order_no: 'PO-C1' });
    expect(await stockOf(p)).toBe(8);
    const cancelled = await s.orders.cancel(m.merchantId, o.order_no, { reason: '  customer changed mind ' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancel_reason: 'customer changed mind' });
    expect(cancelled.cancelled_at).toMatch(/Z$/);
    expect(cancelled).not.toHaveProperty('merchant_id');
    expect(await stockOf(p)).toBe(10);
    const refunds = await s.credit.listTransactions(m.merchantId, { type: 'refund' });
    expect(refunds.items).toEqual([
      expect.objectContaining({
        reference_no: cancelled.refund_reference_no,
        type: 'refund',
        amount: '25.00',
        balance_before: '975.00',
        balance_after: '1000.00',
        order_no: o.order_no,
      }),
    ]);
    expect((await s.credit.get(m.merchantId)).used).toBe('0.00');
    // A retry answers the same order, and refunds nothing again.
    const again = await s.orders.cancel(m.merchantId, o.order_no, {});
    expect(again).toEqual(cancelled);
    expect((await s.credit.listTransactions(m.merchantId, { type: 'refund' })).total).toBe(1);
    expect(await stockOf(p)).toBe(10);
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  it("cancel: 2003 for shipped, delivered and failed; 3003 for another merchant's order; reason ≤ 200", async () => {
    const { m, place } = await setup();
    const [a, b, c, d] = [await place(), await place(), await place(), await place()];
    await s.orders.transition(a.order_no, 'processing');
    await s.orders.transition(a.order_no, 'shipped', { carrier: 'UPS', tracking_no: 'T-A' });
    await s.orders.transition(b.order_no, 'processing');
    await s.orders.transition(b.order_no, 'shipped', { carrier: 'UPS', tracking_no: 'T-B' });
    await s.orders.transition(b.order_no, 'delivered');
    const failed = await s.orders.transition(c.order_no, 'failed', { reason: 'supplier out' });
    expect(failed).toMatchObject({ status: 'failed', cancel_reason: 'supplier out' });
    expect(failed.refund_reference_no).toMatch(/^CTX/);
    for (const [order, status] of [
      [a, 'shipped'],
      [b, 'delivered'],
      [c, 'failed'],
    ] as const) {
      const e = await errorOf(() => s.orders.cancel(m.merchantId, order.order_no));
      expect([e.code, e.message]).toEqual([
        2003,
        `Order cannot be cancelled in its current status: ${status}`,
      ]);
    }
    const other = await newMerchant(s);
    expect(await codeOf(() => s.orders.cancel(other.merchantId, d.order_no))).toBe(3003);
    expect(await codeOf(() => s.orders.cancel(m.merchantId, d.order_no, { reason: 'x'.repeat(201) }))).toBe(
      4001,
    );
    expect(await codeOf(() => s.orders.cancel(m.merchantId, d.order_no, { reason: 'a\u0000b' }))).toBe(4001);
    expect((await s.orders.get(m.merchantId, d.order_no)).status).toBe('pending');
    // Processing orders cancel too.
    await s.orders.transition(d.order_no, 'processing');
    expect((await s.orders.cancel(m.merchantId, d.order_no)).status).toBe('cancelled');
    expect((await s.credit.listTransactions(m.merchantId, { type: 'refund' })).total).toBe(2);
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  it('refunds a frozen account, and one that already repaid the order (a credit balance)', async () => {
    const { m, place } = await setup({ limit: '100.00' });
    const o = await place();
    await s.credit.adjust(m.merchantId, { amount: '25.00', type: 'repayment' });
    await s.credit.setStatus(m.merchantId, 'frozen');
    await s.orders.cancel(m.merchantId, o.order_no);
    expect(await s.credit.get(m.merchantId)).toMatchObject({
      credit_limit: '100.00',
      used: '-25.00',
      available: '125.00',
      utilization_percent: '0.00',
      status: 'frozen',
    });
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  it('the database refuses a second refund entry for one order (partial unique index)', async () => {
    const { m, place } = await setup();
    const o = await place();
    const cancelled = await s.orders.cancel(m.merchantId, o.order_no);
    const e = await opened.writer
      .run((trx) =>
        sql`insert into credit_transactions (reference_no, merchant_id, seq, type, amount, balance_before,
          balance_after, currency, order_no, description, created_at)
          values ('CTXDUP', ${m.merchantId}, 999, 'refund', 1, 0, 1, 'USD', ${o.order_no}, 'x', 'now')`.execute(
          trx,
        ),
      )
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(e).not.toBeNull();
    expect(cancelled.refund_reference_no).toBeTruthy();
  });

  it('inUnit runs in the same unit: its failure rolls the transition and the refund back', async () => {
    const { m, p, place } = await setup({ stock: 5 });
    const o = await place();
    let seen: unknown = null;
    await expect(
      s.orders.cancel(
        m.merchantId,
        o.order_no,
        {},
        {
          actor: { kind: 'merchant', id: m.merchantId },
          inUnit: async (trx, outcome) => {
            seen = { from: outcome.from, changed: outcome.changed, refund: outcome.refund?.amount };
            // It sees the change inside the unit.
            const row = await trx
              .selectFrom('orders')
              .select('status')
              .where('order_no', '=', o.order_no)
              .executeTakeFirstOrThrow();
            expect(row.status).toBe('cancelled');
            throw new Error('audit write failed');
          },
        },
      ),
    ).rejects.toThrow('audit write failed');
    expect(seen).toEqual({ from: 'pending', changed: true, refund: '25.00' });
    expect((await s.orders.get(m.merchantId, o.order_no)).status).toBe('pending');
    expect(await stockOf(p)).toBe(3);
    expect((await s.credit.listTransactions(m.merchantId, { type: 'refund' })).total).toBe(0);
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  it('transitionMany: all or nothing, every refused order reported by index', async () => {
    const { m, place } = await setup();
    const orders: Order[] = [];
    for (let i = 0; i < 6; i++) orders.push(await place());
    await s.orders.transition(orders[2]!.order_no, 'failed');
    const e = await errorOf(() =>
      s.orders.transitionMany(
        [...orders.map((o) => o.order_no), 'ORDNOPE', orders[0]!.order_no],
        'processing',
      ),
    );
    expect(e.code).toBe(4001);
    expect((e.data as { errors: unknown[] }).errors).toEqual([
      expect.objectContaining({ index: 2, line: 3, order_no: orders[2]!.order_no, code: 2003 }),
      expect.objectContaining({ index: 6, order_no: 'ORDNOPE', code: 3003 }),
      expect.objectContaining({ index: 7, order_no: orders[0]!.order_no, code: 2003 }),
    ]);
    for (const o of orders)
      expect((await s.orders.get(m.merchantId, o.order_no)).status).not.toBe('processing');
    const ok = orders.filter((_, i) => i !== 2).map((o) => o.order_no);
    let outcomes = 0;
    const moved = await s.orders.transitionMany(
      ok,
      'processing',
      {},
      { inUnit: async (_trx, r) => void (outcomes = r.length) },
    );
    expect(moved.map((o) => o.status)).toEqual(Array(5).fill('processing'));
    expect(outcomes).toBe(5);
    expect(await codeOf(() => s.orders.transitionMany(ok, 'shipped'))).toBe(4001);
    expect(await codeOf(() => s.orders.transitionMany([], 'processing'))).toBe(4001);
    // Bulk fail refunds each.
    await s.orders.transitionMany(ok.slice(0, 2), 'failed', { reason: 'supplier gone' });
    expect((await s.credit.listTransactions(m.merchantId, { type: 'refund' })).total).toBe(3);
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  it.runIf(database.name === 'postgres')(
    'bulk cancels crossing two merchants and SKUs lock in one order: no deadlock, one refund per order',
    async () => {
      const [a, b] = [await setup({ stock: 10 }), await setup({ stock: 10 })];
      // order_no sorts by its millisecond: placed apart, a1 < b1 < b2 < a2.
      const placed: Order[] = [];
      for (const place of [a.place, b.place, b.place, a.place]) {
        await new Promise((r) => setTimeout(r, 2));
        placed.push(await place());
      }
      const [a1, b1, b2, a2] = placed.map((o) => o.order_no) as [string, string, string, string];
      expect([a1, b1, b2, a2]).toEqual([a1, b1, b2, a2].sort());
      // The bulks run on a pool and a writer of their own, which counts their retries.
      const other = await database.open();
      const bulk = servicesFor(other);
      // Each bulk's second order is held by another transaction, so both bulks wait there having
      // done what they do first: cancelling a1 (merchant a's rows) and b1 (merchant b's). Crossed:
      // `one` then needs b's rows, `two` a's. Their retried writer would hide a deadlock (40P01)
      // after deadlock_timeout; its retry count does not.
      const blocker = await opened.db.startTransaction().execute();
      let waiting: number[] = [];
      try {
        await sql`select 1 from orders where order_no in (${b2}, ${a2}) for update`.execute(blocker);
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(blocker);
        const blockerPid = rows[0]!.pid;
        const settled = Promise.allSettled([
          bulk.orders.transitionMany([a1, b2], 'cancelled', { reason: 'bulk one' }),
          bulk.orders.transitionMany([b1, a2], 'cancelled', { reason: 'bulk two' }),
        ]);
        for (const deadline = Date.now() + 10_000; waiting.length < 2;) {
          expect(Date.now()).toBeLessThan(deadline);
          await new Promise((r) => setTimeout(r, 10));
          waiting = (
            await sql<{ pid: number }>`select pid from pg_stat_activity
              where ${blockerPid}::int = any(pg_blocking_pids(pid))`.execute(opened.db)
          ).rows.map((r) => r.pid);
        }
        await blocker.commit().execute();
        expect((await settled).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
        expect(other.writer.stats().retries).toBe(0);
      } finally {
        await blocker
          .rollback()
          .execute()
          .catch(() => undefined);
        bulk.close();
        await other.close();
      }

      // Each order refunded once: its refund entry, the stock back, nothing owed.
      for (const [{ m, p }, orderNos] of [
        [a, [a1, a2]],
        [b, [b1, b2]],
      ] as const) {
        const refunds = await s.credit.listTransactions(m.merchantId, { type: 'refund' });
        expect(refunds.items.map((e) => e.order_no).sort()).toEqual([...orderNos].sort());
        expect((await s.credit.get(m.merchantId)).used).toBe('0.00');
        expect(await stockOf(p)).toBe(10);
        await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
      }
    },
  );

  it('shipMany: every bad row by its line, nothing half applied; then all shipped', async () => {
    const { m, place } = await setup();
    const orders: Order[] = [];
    for (let i = 0; i < 4; i++) orders.push(await place());
    await s.orders.transitionMany(
      orders.slice(0, 3).map((o) => o.order_no),
      'processing',
    );
    const rows = [
      { order_no: orders[0]!.order_no, carrier: 'DHL', tracking_no: 'T0', line: 2 },
      { order_no: orders[1]!.order_no, carrier: '', tracking_no: 'T1', line: 3 },
      { order_no: orders[3]!.order_no, carrier: 'DHL', tracking_no: 'T3', line: 4 }, // still pending
      { order_no: 'ORDNOPE', carrier: 'DHL', tracking_no: 'T9', line: 5 },
      { order_no: orders[2]!.order_no, carrier: 'DHL', tracking_no: 'T2', line: 6 },
    ];
    const e = await errorOf(() => s.orders.shipMany(rows));
    expect(e.message).toBe('3 of 5 rows cannot be applied; nothing was changed');
    expect(
      (e.data as { errors: { line: number; code: number; message: string }[] }).errors.map((r) => [
        r.line,
        r.code,
      ]),
    ).toEqual([
      [3, 4001],
      [4, 2003],
      [5, 3003],
    ]);
    expect((e.data as { errors: { message: string }[] }).errors[0]!.message).toBe(
      'carrier: must not be empty',
    );
    expect((await s.orders.get(m.merchantId, orders[0]!.order_no)).status).toBe('processing');
    const shipped = await s.orders.shipMany([rows[0]!, rows[4]!, { ...rows[1]!, carrier: 'UPS' }]);
    expect(shipped.map((o) => [o.status, o.carrier, o.tracking_no])).toEqual([
      ['shipped', 'DHL', 'T0'],
      ['shipped', 'DHL', 'T2'],
      ['shipped', 'UPS', 'T1'],
    ]);
  });

  it('list: filters by status, batch and date range (inclusive), newest first; listAll across merchants', async () => {
    const { m, p, place } = await setup();
    const a = await place();
    const b = await place();
    const batch = await s.orders.createBatch(m.merchantId, { orders: [orderRequest(p), orderRequest(p)] });
    await s.orders.cancel(m.merchantId, a.order_no);
    const all = await s.orders.list(m.merchantId, {});
    expect(all.total).toBe(4);
    const created = all.items.map((o) => o.created_at);
    expect([...created].sort().reverse()).toEqual(created);
    expect((await s.orders.list(m.merchantId, { status: 'cancelled' })).items.map((o) => o.order_no)).toEqual(
      [a.order_no],
    );
    const inBatch = await s.orders.list(m.merchantId, { batch_no: batch.batch_no });
    expect(inBatch.items.map((o) => o.order_no).sort()).toEqual(
      batch.items.map((i) => i.order!.order_no).sort(),
    );
    // An order's own created_at (wire form, no milliseconds) finds it at either end.
    expect(
      (await s.orders.list(m.merchantId, { created_from: b.created_at, created_to: b.created_at })).items.map(
        (o) => o.order_no,
      ),
    ).toContain(b.order_no);
    const day = b.created_at.slice(0, 10);
    expect((await s.orders.list(m.merchantId, { created_from: day, created_to: day })).total).toBe(4);
    expect((await s.orders.list(m.merchantId, { created_to: '2000-01-01' })).total).toBe(0);
    // Bounds past year 9999 (toISOString's "+010000-…") still sort after every stored time.
    expect((await s.orders.list(m.merchantId, { created_to: '9999-12-31' })).total).toBe(4);
    expect((await s.orders.list(m.merchantId, { created_to: '9999-12-31T23:59:59Z' })).total).toBe(4);
    expect((await s.orders.list(m.merchantId, { created_from: '9999-12-31T23:00:00-05:00' })).total).toBe(0);
    for (const bad of [
      { status: 'lost' },
      { created_from: 'yesterday' },
      { created_to: '2026-11-28T10:00:00' },
      // Not real days (Date.parse would read them as 2 March).
      { created_from: '2026-02-30' },
      { created_to: '2026-02-30T00:00:00Z' },
      { page_size: '101' },
    ]) {
      expect(await codeOf(() => s.orders.list(m.merchantId, bad))).toBe(4001);
    }
    const other = await newMerchant(s);
    await s.orders.create(other.merchantId, orderRequest(p, { merchant_order_no: 'FIND-ME-42' }));
    expect((await s.orders.listAll({ search: 'find-me' })).items.map((o) => o.merchant_id)).toEqual([
      other.merchantId,
    ]);
    expect((await s.orders.listAll({ merchant_id: m.merchantId })).total).toBe(4);
    expect((await s.orders.listAll({ merchant_id: m.merchantId, status: 'pending' })).total).toBe(3);
  });
});
