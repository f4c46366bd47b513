import type { CreditTransactionType, OrderStatus } from '@tradepost/protocol';

/**
 * Runtime lists of the protocol's string unions, for filters and select boxes. The protocol
 * package holds the types (the one definition); `Exhaustive` makes the typecheck fail here the
 * moment a value is added there and not here, or listed here and not there.
 */
type Exhaustive<Union, List extends readonly Union[]> = [Union] extends [List[number]] ? List : never;

const orderStatuses = ['pending', 'processing', 'shipped', 'delivered', 'cancelled', 'failed'] as const;
export const ORDER_STATUSES: Exhaustive<OrderStatus, typeof orderStatuses> = orderStatuses;

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
