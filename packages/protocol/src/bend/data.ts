/**
 * The B-End API's data structures exactly as on the wire (bend-v1.md "Data structures"):
 * snake_case, money as decimal strings with two fraction digits (never numbers, so no float ever
 * touches an amount), times as ISO 8601 UTC strings (`2026-11-22T18:41:00Z`). Types only: the
 * server produces these shapes and every client reads them, from this one definition.
 */

/**
 * A money amount on the wire: a decimal string with exactly 2 fraction digits.
 *
 * @example
 * ```ts
 * const price: Money = '12.30';
 * ```
 */
export type Money = string;

/**
 * Whether a product or SKU can be ordered.
 *
 * @example
 * ```ts
 * const orderable = (s: { status: SaleStatus }) => s.status === 'on_sale';
 * ```
 */
export type SaleStatus = 'on_sale' | 'off_sale';

/**
 * One page of a list endpoint (`GET /products`, `GET /credit/transactions`).
 *
 * @example
 * ```ts
 * const page: Page<Product> = { items: [], page: 1, page_size: 20, total: 0 };
 * const lastPage = Math.max(1, Math.ceil(page.total / page.page_size));
 * ```
 */
export interface Page<T> {
  items: T[];
  page: number;
  page_size: number;
  total: number;
  /**
   * `GET /products` and `GET /credit/transactions` (an addition to bend-v1): pass it back as
   * `cursor` for the next page, read with a seek instead of an offset, so entries added meanwhile
   * neither repeat nor hide one; null on the last page. Keyset pages answer `page: 0`.
   */
  next_cursor?: string | null;
}

/**
 * A sellable variant of a {@link Product}.
 *
 * @example
 * ```ts
 * const sku: Sku = product.skus[0]!;
 * console.log(sku.spec, sku.price, sku.currency); // "Color: Red / Size: XL" "12.30" "USD"
 * ```
 */
export interface Sku {
  sku_id: string;
  goods_id: string;
  spec: string;
  price: Money;
  currency: string;
  stock: number;
  status: SaleStatus;
}

/**
 * A catalog product with its SKUs.
 *
 * @example
 * ```ts
 * const cheapest = (p: Product) => p.skus.map((s) => s.price).sort((a, b) => Number(a) - Number(b))[0];
 * ```
 */
export interface Product {
  goods_id: string;
  title: string;
  description: string;
  category: string;
  images: string[];
  currency: string;
  status: SaleStatus;
  skus: Sku[];
  created_at: string;
  updated_at: string;
}

/**
 * Where an order ships. Every field is required; `postal_code` may be `""` where a country has none.
 *
 * @example
 * ```ts
 * const to: ShippingAddress = { name: 'Ada', phone: '+44 20 7946 0000', address: '1 High St',
 *   city: 'London', country: 'GB', postal_code: 'N1 9GU' };
 * ```
 */
export interface ShippingAddress {
  name: string;
  phone: string;
  address: string;
  city: string;
  /** ISO 3166-1 alpha-2, e.g. `"US"`. */
  country: string;
  postal_code: string;
}

/**
 * The body of `POST /orders`.
 *
 * @example
 * ```ts
 * const req: CreateOrderRequest = { goods_id: 'G1', sku_id: 'S1', quantity: 2,
 *   merchant_order_no: 'PO-1001', shipping_address: to };
 * ```
 */
export interface CreateOrderRequest {
  goods_id: string;
  sku_id: string;
  /** 1..999 */
  quantity: number;
  /** Your own order number (≤ 64 chars), unique per merchant: a repeat answers 2002 and charges nothing. */
  merchant_order_no?: string;
  shipping_address: ShippingAddress;
}

/**
 * Where an order is in its life.
 *
 * @example
 * ```ts
 * const open = (s: OrderStatus) => s === 'pending' || s === 'processing';
 * ```
 */
export type OrderStatus = 'pending' | 'processing' | 'shipped' | 'delivered' | 'cancelled' | 'failed';

/**
 * An order; its `amount` (= `unit_price` × `quantity`) was debited from the merchant's credit once.
 *
 * @example
 * ```ts
 * const describe = (o: Order) => `${o.order_no}: ${o.quantity} × ${o.unit_price} = ${o.amount} ${o.currency}`;
 * ```
 */
export interface Order {
  order_no: string;
  merchant_order_no: string | null;
  goods_id: string;
  sku_id: string;
  quantity: number;
  unit_price: Money;
  amount: Money;
  currency: string;
  status: OrderStatus;
  shipping_address: ShippingAddress;
  /** Set when the order ships, with `carrier`. */
  tracking_no: string | null;
  credit_reference_no: string;
  created_at: string;
  updated_at: string;
  /** The carrier that took a `shipped` order (v1.1); null before. */
  carrier: string | null;
  shipped_at: string | null;
  delivered_at: string | null;
  /** When the order was cancelled or failed, i.e. refunded (v1.1). */
  cancelled_at: string | null;
  /** Why it was cancelled or failed, as given (≤ 200 chars), or null. */
  cancel_reason: string | null;
  /** The `reference_no` of the order's `refund` ledger entry, once refunded (v1.1). */
  refund_reference_no: string | null;
}

/**
 * The query of `GET /orders` (v1.1): a page of the merchant's orders, newest first. Dates are
 * ISO 8601 (`2026-11-28` or `2026-11-28T10:00:00Z`); both ends are inclusive, a date-only
 * `created_to` covering that whole day (UTC).
 *
 * @example
 * ```ts
 * const query: OrderListParams = { status: 'shipped', created_from: '2026-11-01', page_size: 100 };
 * ```
 */
export interface OrderListParams {
  page?: number;
  page_size?: number;
  status?: OrderStatus;
  created_from?: string;
  created_to?: string;
  batch_no?: string;
}

/**
 * The body of `POST /orders/:order_no/cancel` (v1.1).
 *
 * @example
 * ```ts
 * const req: CancelOrderRequest = { reason: 'Customer changed their mind' };
 * ```
 */
export interface CancelOrderRequest {
  /** ≤ 200 characters. */
  reason?: string;
}

/**
 * The body of `POST /batch-orders`: 1..500 orders, each processed as an independent order.
 *
 * @example
 * ```ts
 * const req: CreateBatchOrderRequest = { merchant_batch_no: 'B-7', orders: [order1, order2] };
 * ```
 */
export interface CreateBatchOrderRequest {
  merchant_batch_no?: string;
  orders: CreateOrderRequest[];
}

/**
 * The outcome of one item of a batch: `code` 0 with its `order`, or an error code with `order: null`.
 *
 * @example
 * ```ts
 * const failed = (items: BatchOrderItem[]) => items.filter((i) => i.code !== 0);
 * ```
 */
export interface BatchOrderItem {
  index: number;
  merchant_order_no: string | null;
  code: number;
  message: string;
  order: Order | null;
}

/**
 * `completed` (every item placed), `partially_failed`, or `failed` (none placed).
 *
 * @example
 * ```ts
 * const needsAttention = (s: BatchOrderStatus) => s !== 'completed';
 * ```
 */
export type BatchOrderStatus = 'completed' | 'partially_failed' | 'failed';

/**
 * A batch of orders and the per-item results.
 *
 * @example
 * ```ts
 * const summary = (b: BatchOrder) => `${b.batch_no}: ${b.succeeded}/${b.total} placed`;
 * ```
 */
export interface BatchOrder {
  batch_no: string;
  merchant_batch_no: string | null;
  status: BatchOrderStatus;
  total: number;
  succeeded: number;
  failed: number;
  items: BatchOrderItem[];
  created_at: string;
}

/**
 * The merchant's credit line: `available = credit_limit − used`.
 *
 * @example
 * ```ts
 * const line = (c: Credit) => `${c.available} of ${c.credit_limit} ${c.currency} (${c.utilization_percent}% used)`;
 * ```
 */
export interface Credit {
  currency: string;
  credit_limit: Money;
  used: Money;
  available: Money;
  /** Two fraction digits, e.g. `"23.50"`. */
  utilization_percent: string;
  status: 'active' | 'frozen';
}

/**
 * What moved the credit: an order (debit), a refund or repayment (credit), an adjustment, a limit change.
 *
 * @example
 * ```ts
 * const isDebit = (t: CreditTransactionType) => t === 'order';
 * ```
 */
export type CreditTransactionType = 'order' | 'refund' | 'repayment' | 'adjustment' | 'limit_change';

/**
 * One ledger entry. `balance_before`/`balance_after` are the **available** credit around it, and
 * `balance_after = balance_before + amount` (an order's `amount` is negative, e.g. `"-12.30"`).
 *
 * @example
 * ```ts
 * const chained = (prev: CreditTransaction, next: CreditTransaction) => prev.balance_after === next.balance_before;
 * ```
 */
export interface CreditTransaction {
  reference_no: string;
  type: CreditTransactionType;
  amount: Money;
  balance_before: Money;
  balance_after: Money;
  currency: string;
  order_no: string | null;
  description: string;
  created_at: string;
}
