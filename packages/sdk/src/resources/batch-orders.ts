import type { Transport } from '../internal/transport.ts';
import type { RequestOptions } from '../options.ts';
import { segment } from '../internal/params.ts';
import type { BatchOrder, CreateBatchOrderRequest } from '../types.ts';

/**
 * `BatchOrders`, the batch orders: `client.batchOrders`.
 *
 * @example
 * ```ts
 * const batch = await client.batchOrders.create({ merchant_batch_no: 'B-42', orders });
 * const again = await client.batchOrders.retrieve(batch.batch_no);
 * ```
 */
export class BatchOrders {
  constructor(private readonly transport: Transport) {}

  /**
   * `POST /batch-orders`: 1..500 orders, each processed independently (one failing item does not
   * undo the others); see each item's `code` and `order`.
   *
   * Retries: a batch is retried (network errors, timeouts, 5xx, 429) only when it carries
   * `merchant_batch_no` **and every item carries `merchant_order_no`**. The spec gives batches no
   * batch-level idempotency (each item is "its own idempotency"), so only per-item order numbers
   * guarantee that a repeated batch places nothing twice. A retried batch is a new batch: items that
   * an earlier, unanswered attempt already placed come back with code 2002 (`order: null`); fetch
   * them with `client.orders.retrieveByMerchantOrderNo(item.merchant_order_no)`.
   *
   * @example
   * ```ts
   * const batch = await client.batchOrders.create({
   *   merchant_batch_no: 'B-2024-07',
   *   orders: skus.map((s, i) => ({ goods_id: s.goods_id, sku_id: s.sku_id, quantity: 1,
   *     merchant_order_no: `B-2024-07-${i}`, shipping_address })),
   * });
   * console.log(batch.status, `${batch.succeeded}/${batch.total}`);
   * ```
   */
  create(params: CreateBatchOrderRequest, options?: RequestOptions): Promise<BatchOrder> {
    const keyed = (no: unknown) => typeof no === 'string' && no.length > 0;
    const idempotent =
      keyed(params.merchant_batch_no) &&
      Array.isArray(params.orders) &&
      params.orders.every((o) => keyed(o?.merchant_order_no));
    return this.transport.call<BatchOrder>(
      {
        method: 'POST',
        path: '/batch-orders',
        params: { ...params },
        retryable: idempotent,
      },
      options,
    );
  }

  /**
   * `GET /batch-orders/:batch_no`; 3004 (NotFoundError) for an unknown batch or another merchant's.
   *
   * @example
   * ```ts
   * const batch = await client.batchOrders.retrieve('BAT20261122X9Y8');
   * ```
   */
  retrieve(batchNo: string, options?: RequestOptions): Promise<BatchOrder> {
    return this.transport.call<BatchOrder>(
      { method: 'GET', path: `/batch-orders/${segment(batchNo)}`, retryable: true },
      options,
    );
  }
}
