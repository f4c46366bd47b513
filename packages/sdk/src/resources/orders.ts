import type { TradepostError } from '../errors.ts';
import type { Transport } from '../internal/transport.ts';
import type { RequestOptions } from '../options.ts';
import { queryParams, segment } from '../internal/params.ts';
import { PagePromise } from '../pagination.ts';
import type { CancelOrderRequest, CreateOrderRequest, Order, OrderListParams, Page } from '../types.ts';

/**
 * Orders: `client.orders`.
 *
 * @example
 * ```ts
 * const order = await client.orders.create({ goods_id, sku_id, quantity: 1, merchant_order_no: 'PO-1', shipping_address });
 * const same = await client.orders.retrieveByMerchantOrderNo('PO-1');
 * for await (const o of client.orders.list({ status: 'pending' })) console.log(o.order_no);
 * await client.orders.cancel(order.order_no, { reason: 'customer changed their mind' });
 * ```
 */
export class Orders {
  constructor(private readonly transport: Transport) {}

  /**
   * `POST /orders`: places an order and debits `unit_price × quantity` from the credit line.
   *
   * Retries: an order **with** `merchant_order_no` is retried (network errors, timeouts, 5xx, 429),
   * because the server refuses a second order with the same number (2002) and charges nothing. If a
   * retry answers 2002, an earlier attempt got through: the SDK fetches that order by
   * `merchant_order_no` and resolves with it, provided it is the same goods, SKU and quantity (else
   * the 2002 ConflictError is thrown). A 2002 on the first attempt is always thrown, with
   * `err.data.order_no`. An order **without** `merchant_order_no` is never retried: the SDK cannot
   * tell whether a failed attempt placed it.
   *
   * Errors: 4001 BadRequestError, 2001 InsufficientCreditError, 2002 / 3002 ConflictError, 3001 NotFoundError.
   *
   * @example
   * ```ts
   * const order = await client.orders.create({
   *   goods_id: 'G1001', sku_id: 'S1001-RED', quantity: 2, merchant_order_no: 'PO-2024-0001',
   *   shipping_address: { name: 'Ada Lovelace', phone: '+1 555 0100', address: '1 Main St',
   *                       city: 'Springfield', country: 'US', postal_code: '12345' },
   * });
   * console.log(order.order_no, order.amount);
   * ```
   */
  create(params: CreateOrderRequest, options?: RequestOptions): Promise<Order> {
    const merchantOrderNo = params.merchant_order_no;
    const idempotent = typeof merchantOrderNo === 'string' && merchantOrderNo.length > 0;
    return this.transport.call<Order>(
      {
        method: 'POST',
        path: '/orders',
        params: { ...params },
        retryable: idempotent,
        ...(idempotent
          ? {
              recoverDuplicate: async (duplicate: TradepostError) => {
                const existing = await this.retrieveByMerchantOrderNo(merchantOrderNo, options);
                if (!sameOrder(existing, params)) throw duplicate;
                return existing;
              },
            }
          : {}),
      },
      options,
    );
  }

  /**
   * `GET /orders/:order_no`; 3003 (NotFoundError) for an unknown order or another merchant's.
   *
   * @example
   * ```ts
   * const order = await client.orders.retrieve('ORD20261122A1B2C3');
   * console.log(order.status, order.tracking_no);
   * ```
   */
  retrieve(orderNo: string, options?: RequestOptions): Promise<Order> {
    return this.transport.call<Order>(
      { method: 'GET', path: `/orders/${segment(orderNo)}`, retryable: true },
      options,
    );
  }

  /**
   * `GET /orders/merchant/:merchant_order`: the order you placed with that `merchant_order_no`; 3003 if none.
   *
   * @example
   * ```ts
   * const order = await client.orders.retrieveByMerchantOrderNo('PO-2024-0001');
   * ```
   */
  retrieveByMerchantOrderNo(merchantOrderNo: string, options?: RequestOptions): Promise<Order> {
    return this.transport.call<Order>(
      { method: 'GET', path: `/orders/merchant/${segment(merchantOrderNo)}`, retryable: true },
      options,
    );
  }

  /**
   * `GET /orders` (v1.1): your orders, newest first, filtered by `status`, `created_from` /
   * `created_to` (ISO 8601, both inclusive; a date-only `created_to` covers that whole UTC day) and
   * `batch_no`. Await for one page, or `for await` for every order from `params.page` on.
   *
   * Errors: 4001 BadRequestError (an unknown status, a date that is not ISO 8601).
   *
   * @example
   * ```ts
   * for await (const order of client.orders.list({ status: 'shipped', created_from: '2026-11-01' })) {
   *   console.log(order.order_no, order.carrier, order.tracking_no);
   * }
   * const { total } = await client.orders.list({ status: 'pending', page_size: 1 });
   * ```
   */
  list(params: OrderListParams = {}, options?: RequestOptions): PagePromise<Order> {
    return new PagePromise(
      (at) =>
        this.transport.call<Page<Order>>(
          { method: 'GET', path: '/orders', params: queryParams({ ...params, ...at }), retryable: true },
          options,
        ),
      params.page ?? 1,
    );
  }

  /**
   * `POST /orders/:order_no/cancel` (v1.1): cancels a `pending` or `processing` order and refunds
   * it in the same transaction (one `refund` ledger entry, `refund_reference_no` on the order, the
   * stock returned). Cancelling an order that is already `cancelled` answers it again and refunds
   * nothing, so the call is retried like a read.
   *
   * Errors: 2003 ConflictError (`shipped`, `delivered` or `failed`: the message names the status),
   * 3003 NotFoundError (unknown, or another merchant's), 4001 BadRequestError (`reason` over 200
   * characters), 1003 PermissionDeniedError (read-only credentials).
   *
   * @example
   * ```ts
   * const order = await client.orders.cancel('ORD20261122A1B2C3', { reason: 'customer changed their mind' });
   * console.log(order.status, order.refund_reference_no); // 'cancelled', 'CTX…'
   * ```
   */
  cancel(orderNo: string, params: CancelOrderRequest = {}, options?: RequestOptions): Promise<Order> {
    return this.transport.call<Order>(
      { method: 'POST', path: `/orders/${segment(orderNo)}/cancel`, params: { ...params }, retryable: true },
      options,
    );
  }
}

/** Whether an existing order is the one `params` asked for, i.e. the 2002 was our own earlier attempt. */
function sameOrder(order: Order, params: CreateOrderRequest): boolean {
  return (
    order.goods_id === params.goods_id && order.sku_id === params.sku_id && order.quantity === params.quantity
  );
}
