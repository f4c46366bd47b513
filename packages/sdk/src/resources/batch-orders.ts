import type { TradepostError } from '../errors.ts';
import type { Transport } from '../internal/transport.ts';
import type { RequestOptions } from '../options.ts';
import { segment } from '../internal/params.ts';
import type { BatchOrder, CreateBatchOrderRequest } from '../types.ts';

/**
 * Batch orders: `client.batchOrders`.
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
   * Retries: only a batch **with** `merchant_batch_no` is retried (network errors, timeouts, 5xx,
   * 429). Give every item a `merchant_order_no` as well: then even a server that does not deduplicate
   * whole batches cannot place an item twice (a repeated item answers 2002 in its own result). If a
   * retry answers 2002 naming the existing `batch_no` in `err.data`, the SDK resolves with that batch.
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
    const idempotent = typeof params.merchant_batch_no === 'string' && params.merchant_batch_no.length > 0;
    return this.transport.call<BatchOrder>(
      {
        method: 'POST',
        path: '/batch-orders',
        params: { ...params },
        retryable: idempotent,
        recoverDuplicate: async (duplicate: TradepostError) => {
          const batchNo = (duplicate.data as { batch_no?: unknown } | null)?.batch_no;
          if (typeof batchNo !== 'string') throw duplicate;
          return this.retrieve(batchNo, options);
        },
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
