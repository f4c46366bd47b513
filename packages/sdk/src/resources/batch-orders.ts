import type { TradepostError } from '../errors.ts';
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
   * undo the others); see each item's `code` and `order`. The batch and its orders are recorded
   * together.
   *
   * Retries: a batch **with** `merchant_batch_no` is retried (network errors, timeouts, 5xx, 429):
   * the server refuses a second batch with the same number (2002, `data.batch_no`) and charges
   * nothing (bend-v1.md v1.1 "batch idempotency"). If a retry answers 2002, an earlier attempt got
   * through: the SDK fetches that batch and resolves with it. A 2002 on the first attempt is
   * thrown (ConflictError, `err.data.batch_no`). A batch **without** `merchant_batch_no` is never
   * retried.
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
        ...(idempotent
          ? {
              recoverDuplicate: async (duplicate: TradepostError) => {
                const batchNo = (duplicate.data as { batch_no?: unknown } | null)?.batch_no;
                if (typeof batchNo !== 'string') throw duplicate;
                const existing = await this.retrieve(batchNo, options);
                if (existing.merchant_batch_no !== params.merchant_batch_no) throw duplicate;
                return existing;
              },
            }
          : {}),
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
