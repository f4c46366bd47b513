/**
 * "A batch is recorded whole" as a check on the stored rows: every batch row has exactly `total`
 * item rows, its counts match them, every succeeded item names an order of that batch and every
 * order of a batch is named by one of its items — and no order points at a batch that does not
 * exist. Used by the service suite and by the kill -9 suite.
 */
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../src/db/database.ts';

export async function expectBatchesWhole(
  db: Kysely<Database>,
  merchantId?: string,
): Promise<{ batches: number; orders: number }> {
  let batchQuery = db.selectFrom('batch_orders').selectAll();
  let orderQuery = db.selectFrom('orders').select(['order_no', 'batch_no']).where('batch_no', 'is not', null);
  if (merchantId) {
    batchQuery = batchQuery.where('merchant_id', '=', merchantId);
    orderQuery = orderQuery.where('merchant_id', '=', merchantId);
  }
  const [batches, items, orders] = await Promise.all([
    batchQuery.execute(),
    db.selectFrom('batch_order_items').selectAll().execute(),
    orderQuery.execute(),
  ]);
  const itemsOf = new Map<string, typeof items>();
  for (const i of items) itemsOf.set(i.batch_no, [...(itemsOf.get(i.batch_no) ?? []), i]);
  const ordersOf = new Map<string, string[]>();
  for (const o of orders) ordersOf.set(o.batch_no!, [...(ordersOf.get(o.batch_no!) ?? []), o.order_no]);

  for (const b of batches) {
    const its = itemsOf.get(b.batch_no) ?? [];
    expect(its.length, `batch ${b.batch_no} items`).toBe(b.total);
    const ok = its.filter((i) => i.code === 0);
    expect([ok.length, b.total - ok.length], `batch ${b.batch_no} counts`).toEqual([b.succeeded, b.failed]);
    expect(b.status).toBe(
      b.succeeded === b.total ? 'completed' : b.succeeded === 0 ? 'failed' : 'partially_failed',
    );
    expect(ok.map((i) => i.order_no).sort(), `batch ${b.batch_no} orders`).toEqual(
      (ordersOf.get(b.batch_no) ?? []).sort(),
    );
  }
  const known = new Set(batches.map((b) => b.batch_no));
  const orphans = [...ordersOf.keys()].filter((no) => !known.has(no));
  expect(orphans, 'orders of a batch that has no record').toEqual([]);
  return { batches: batches.length, orders: orders.length };
}
