import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { inSavepoint } from '../../db/writer.ts';
import { AppError, isAppError } from '../../shared/app-error.ts';
import { newId } from '../../shared/ids.ts';
import { nowIso } from '../../shared/time.ts';
import {
  type BatchOrder,
  type BatchOrderItem,
  type CreateOrderInput,
  toBatchOrder,
  toOrder,
} from './orders.dto.ts';
import type { StockChanged } from '../catalog/catalog.service.ts';
import { placeOrder, placeOrderPg } from './orders.place.ts';
import * as repo from './orders.repository.ts';
import type { BatchOrderItemRow, BatchOrderRow } from './orders.table.ts';

/** One item of a batch as the door sent it: parsed into an order request, or already refused. */
export type PlannedItem =
  | { index: number; merchantOrderNo: string | null; req: CreateOrderInput }
  | { index: number; merchantOrderNo: string | null; error: AppError };

export const duplicateBatch = (batchNo: string) =>
  new AppError(2002, `Duplicate order: merchant_batch_no is already used by batch ${batchNo}`, {
    batch_no: batchNo,
  });

/**
 * An item's refusal as its batch records it, naming what the code alone does not: the order a
 * duplicate repeats, the SKU not found or short of stock (among up to 500 items, which one).
 */
function itemRefusal(e: AppError, req: CreateOrderInput): AppError {
  const existing = (e.data as { order_no?: string } | null)?.order_no;
  if (e.code === 2002 && existing)
    return new AppError(2002, `Duplicate order: existing order_no ${existing}`);
  if (e.code === 3001)
    return new AppError(3001, `${e.message}: goods_id ${req.goods_id}, sku_id ${req.sku_id}`);
  if (e.code === 3002)
    return new AppError(3002, `${e.message}: sku_id ${req.sku_id}, quantity ${req.quantity}`);
  return e;
}

/**
 * A whole batch in ONE writer unit (bend-v1.md "Extensions v1.1: batch idempotency"): the batch
 * row first, then each item's order in its own savepoint (one item's failure rolls back only
 * that item), then the counts and the item rows. Whatever crash comes, the batch and its orders
 * are committed together or not at all; on PostgreSQL it is one transaction. A second batch with
 * the same merchant_batch_no finds the first (or, racing it, waits on the unique index and then
 * fails) before anything is charged.
 */
export async function recordBatch(
  trx: Transaction<Database>,
  b: { merchantId: string; merchantBatchNo: string | null; items: readonly PlannedItem[] },
  lockRows: boolean,
  stockChanged: StockChanged,
): Promise<BatchOrder> {
  if (b.merchantBatchNo) {
    const existing = await repo.findBatchByMerchantBatchNo(trx, b.merchantId, b.merchantBatchNo);
    if (existing) throw duplicateBatch(existing.batch_no);
  }
  const total = b.items.length;
  const row: BatchOrderRow = {
    batch_no: newId('BAT'),
    merchant_id: b.merchantId,
    merchant_batch_no: b.merchantBatchNo,
    merchant_batch_key: b.merchantBatchNo,
    status: 'failed',
    total,
    succeeded: 0,
    failed: total,
    created_at: nowIso(),
  };
  await repo.insertBatchRow(trx, row);
  if (lockRows)
    await repo.lockSkus(
      trx,
      b.items.flatMap((i) => ('req' in i ? [i.req.sku_id] : [])),
    );

  const results: { item: BatchOrderItem; orderNo: string | null }[] = [];
  for (const planned of b.items) {
    const refused = (err: AppError) =>
      results.push({
        item: {
          index: planned.index,
          merchant_order_no: planned.merchantOrderNo,
          code: err.code,
          message: err.message,
          order: null,
        },
        orderNo: null,
      });
    if ('error' in planned) {
      refused(planned.error);
      continue;
    }
    try {
      const order = await inSavepoint(trx, 'batch_item', () =>
        (lockRows ? placeOrderPg : placeOrder)(trx, b.merchantId, planned.req, row.batch_no, stockChanged),
      );
      results.push({
        item: {
          index: planned.index,
          merchant_order_no: planned.merchantOrderNo,
          code: 0,
          message: 'success',
          order: toOrder(order),
        },
        orderNo: order.order_no,
      });
    } catch (e) {
      const mon = planned.req.merchant_order_no;
      // A single order with the same merchant_order_no committed while this item waited on the index.
      const twin =
        mon && isUniqueViolation(e) ? await repo.findByMerchantOrderNo(trx, b.merchantId, mon) : undefined;
      if (twin) refused(new AppError(2002, `Duplicate order: existing order_no ${twin.order_no}`));
      else if (isAppError(e)) refused(itemRefusal(e, planned.req));
      else throw e; // the database failed: the whole batch fails (and is retried on PostgreSQL)
    }
  }

  const succeeded = results.filter((r) => r.item.code === 0).length;
  const finished = {
    ...row,
    status: succeeded === total ? 'completed' : succeeded === 0 ? 'failed' : 'partially_failed',
    succeeded,
    failed: total - succeeded,
  } satisfies BatchOrderRow;
  const itemRows: BatchOrderItemRow[] = results.map((r) => ({
    batch_no: row.batch_no,
    item_index: r.item.index,
    merchant_order_no: r.item.merchant_order_no,
    code: r.item.code,
    message: r.item.message,
    order_no: r.orderNo,
  }));
  await repo.finishBatch(trx, finished, itemRows);
  return toBatchOrder(
    finished,
    results.map((r) => r.item),
  );
}
