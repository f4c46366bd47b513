/**
 * Mixed order load over the three merchant doors, with a ledger of what the server acknowledged,
 * for the kill -9 suite: what was answered must survive the crash exactly once; what was in
 * flight may be there or not, but whole. Used against server processes that are killed under
 * it, so a request that dies with its connection counts as unanswered, never as a failure.
 */
import { checkLedger } from '../../src/ops/ledger-check.ts';
import type { Context } from '../../src/context.ts';
import { expect } from 'vitest';
import { batchVia, cancelVia, MERCHANT_DOORS, placeVia, type MerchantDoors } from '../helpers/doors.ts';
import { orderRequest, uid, type TestProduct } from '../helpers/factories.ts';
import { expectBatchesWhole } from '../orders/batch-check.ts';

/** What the server answered (kept across restarts: one per test). */
export interface Acknowledged {
  /** merchant_order_no → order_no of every order answered 0 (single or batch item). */
  orders: Map<string, string>;
  /** merchant_batch_no → batch_no and succeeded count of every batch answered 0. */
  batches: Map<string, { batchNo: string; succeeded: number }>;
  /** order_no of every order whose cancel was answered 0. */
  cancelled: Set<string>;
  /** Requests sent, and those that never got an answer (their connection died with the server). */
  sent: number;
  unanswered: number;
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
}

export const newAcknowledged = (): Acknowledged => ({
  orders: new Map(),
  batches: new Map(),
  cancelled: new Set(),
  sent: 0,
  unanswered: 0,
  statuses: {},
});

export interface LoadMix {
  /** Concurrent clients. */
  workers: number;
  /** Items per batch (batches carry a merchant_batch_no, every item a merchant_order_no). */
  batchSize: number;
  /** Share of requests that are batches, and cancels of an acknowledged order; the rest are single orders. */
  batchShare: number;
  cancelShare: number;
}

export interface RunningLoad {
  /** merchant_batch_no of the batches sent and not answered yet. */
  readonly batchesInFlight: Set<string>;
  /** Stop sending; resolves when every worker's last request has settled. */
  stop(): Promise<void>;
}

/** Starts `mix.workers` clients sending orders, batches and cancels until stopped (or the server dies). */
export function startLoad(
  d: MerchantDoors,
  product: TestProduct,
  mix: LoadMix,
  ack: Acknowledged,
): RunningLoad {
  let stopped = false;
  const batchesInFlight = new Set<string>();

  async function one(n: number): Promise<void> {
    const door = MERCHANT_DOORS[n % MERCHANT_DOORS.length]!;
    const roll = Math.random();
    ack.sent++;
    try {
      if (roll < mix.batchShare) {
        const mbn = `KB-${uid()}`;
        const mons = Array.from({ length: mix.batchSize }, () => `KI-${uid()}`);
        batchesInFlight.add(mbn);
        const r = await batchVia(door, d, {
          merchant_batch_no: mbn,
          orders: mons.map((mon) => orderRequest(product, { merchant_order_no: mon })),
        }).finally(() => batchesInFlight.delete(mbn));
        count(r.status);
        if (r.code === 0) {
          const b = r.data as {
            batch_no: string;
            succeeded: number;
            items: { code: number; order: { order_no: string } | null }[];
          };
          ack.batches.set(mbn, { batchNo: b.batch_no, succeeded: b.succeeded });
          b.items.forEach((item, i) => item.order && ack.orders.set(mons[i]!, item.order.order_no));
        }
      } else if (roll < mix.batchShare + mix.cancelShare && ack.orders.size > 0) {
        const orderNos = [...ack.orders.values()];
        const orderNo = orderNos[Math.floor(Math.random() * orderNos.length)]!;
        const r = await cancelVia(door, d, orderNo, 'kill -9 load');
        count(r.status);
        if (r.code === 0) ack.cancelled.add(orderNo);
      } else {
        const mon = `KO-${uid()}`;
        const r = await placeVia(door, d, orderRequest(product, { merchant_order_no: mon }));
        count(r.status);
        if (r.code === 0 && r.orderNo) ack.orders.set(mon, r.orderNo);
      }
    } catch {
      // The connection died with the server (ECONNRESET, ECONNREFUSED, a cut body).
      ack.unanswered++;
    }
  }

  function count(status: number): void {
    ack.statuses[status] = (ack.statuses[status] ?? 0) + 1;
  }

  const workers = Array.from({ length: mix.workers }, async (_, w) => {
    for (let n = w; !stopped; n += mix.workers) await one(n);
  });
  return {
    batchesInFlight,
    async stop() {
      stopped = true;
      await Promise.all(workers);
    },
  };
}

/**
 * After a crash, on the database as a restarted server opens it: every acknowledged order exists
 * once with its one debit, every acknowledged batch is there with what it answered, every
 * acknowledged cancel holds (with its one refund), no batch is half-recorded, the stock adds up
 * and the ledger check passes. Returns counts for the report.
 */
export async function expectAcknowledgedWhole(
  ctx: Context,
  merchantId: string,
  product: TestProduct,
  initialStock: number,
  ack: Acknowledged,
): Promise<{ orders: number; batches: number; entries: number }> {
  const { db } = ctx;
  const rows = await db
    .selectFrom('orders')
    .select(['order_no', 'merchant_order_no', 'status', 'quantity', 'batch_no'])
    .where('merchant_id', '=', merchantId)
    .execute();
  const byMon = new Map(rows.map((r) => [r.merchant_order_no, r]));
  const missing = [...ack.orders].filter(([mon, orderNo]) => byMon.get(mon)?.order_no !== orderNo);
  expect(missing, 'acknowledged orders lost or changed').toEqual([]);
  const byNo = new Map(rows.map((r) => [r.order_no, r]));
  const uncancelled = [...ack.cancelled].filter((no) => byNo.get(no)?.status !== 'cancelled');
  expect(uncancelled, 'acknowledged cancels lost').toEqual([]);
  for (const [mbn, b] of ack.batches) {
    const row = await db
      .selectFrom('batch_orders')
      .select(['batch_no', 'succeeded'])
      .where('merchant_id', '=', merchantId)
      .where('merchant_batch_no', '=', mbn)
      .executeTakeFirst();
    expect(row, `acknowledged batch ${mbn}`).toEqual({ batch_no: b.batchNo, succeeded: b.succeeded });
  }
  const whole = await expectBatchesWhole(db, merchantId);
  const report = await checkLedger(db, { merchantId });
  expect(report.problem).toBeNull();
  const kept = rows.filter((r) => r.status !== 'cancelled').reduce((s, r) => s + r.quantity, 0);
  const sku = await db
    .selectFrom('skus')
    .select('stock')
    .where('sku_id', '=', product.skus[0].sku_id)
    .executeTakeFirstOrThrow();
  expect(sku.stock, 'stock = initial − units of orders not cancelled').toBe(initialStock - kept);
  return { orders: rows.length, batches: whole.batches, entries: report.entries };
}
