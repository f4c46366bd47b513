import type { TradepostError } from '../errors.ts';
import type { Transport } from '../internal/transport.ts';
import type { RequestOptions } from '../options.ts';
import { segment } from '../internal/params.ts';
import type { CreateOrderRequest, Order } from '../types.ts';

/**
 * Orders: `client.orders`.
 *
 * @example
 * ```ts
 * const order = await client.orders.create({ goods_id, sku_id, quantity: 1, merchant_order_no: 'PO-1', shipping_address });
 * const same = await client.orders.retrieveByMerchantOrderNo('PO-1');
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
}

/** Whether an existing order is the one `params` asked for, i.e. the 2002 was our own earlier attempt. */
function sameOrder(order: Order, params: CreateOrderRequest): boolean {
  return (
    order.goods_id === params.goods_id && order.sku_id === params.sku_id && order.quantity === params.quantity
  );
}
