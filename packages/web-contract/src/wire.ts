import type { CreditTransactionType, OrderStatus, SaleStatus } from '@tradepost/protocol';

/**
 * Runtime lists of the protocol's string unions, for filters and select boxes. The protocol
 * package holds the types (the one definition); `Exhaustive` makes the typecheck fail here the
 * moment a value is added there and not here, or listed here and not there.
 */
type Exhaustive<Union, List extends readonly Union[]> = [Union] extends [List[number]] ? List : never;

const orderStatuses = ['pending', 'processing', 'shipped', 'delivered', 'cancelled', 'failed'] as const;
export const ORDER_STATUSES: Exhaustive<OrderStatus, typeof orderStatuses> = orderStatuses;

const saleStatuses = ['on_sale', 'off_sale'] as const;
export const SALE_STATUSES: Exhaustive<SaleStatus, typeof saleStatuses> = saleStatuses;

/** An order's cancel or failure reason, on every door: at most this many characters (bend-v1.md). */
export const ORDER_REASON_MAX_CHARS = 200;

/** A shipment's carrier and tracking number, however an order ships (console form or CSV, CLI): at most this many characters. */
export const CARRIER_MAX_CHARS = 64;
export const TRACKING_NO_MAX_CHARS = 128;

/**
 * The order state machine (bend-v1.md "Extensions v1.1: order lifecycle"): where an order in each
 * status may go next. The one table: the server's transitions consult it, the console offers only
 * these moves.
 *
 * ```
 * pending ──► processing ──► shipped ──► delivered
 *    │             │
 *    ├─────────────┴──► cancelled
 *    └─────────────┴──► failed
 * ```
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = Object.freeze({
  pending: ['processing', 'cancelled', 'failed'],
  processing: ['shipped', 'cancelled', 'failed'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
  failed: [],
});

const transactionTypes = ['order', 'refund', 'repayment', 'adjustment', 'limit_change'] as const;
export const TRANSACTION_TYPES: Exhaustive<CreditTransactionType, typeof transactionTypes> = transactionTypes;

export type {
  BatchOrder,
  BatchOrderItem,
  BatchOrderStatus,
  CreateOrderRequest,
  Credit,
  CreditTransaction,
  CreditTransactionType,
  Order,
  OrderStatus,
  Product,
  SaleStatus,
  ShippingAddress,
  Sku,
} from '@tradepost/protocol';
