import type { Selectable } from 'kysely';
import type { OrderStatus } from './order-status.ts';

export type { OrderStatus } from './order-status.ts';
export type BatchStatus = 'completed' | 'partially_failed' | 'failed';

export interface OrdersTable {
  order_no: string;
  merchant_id: string;
  /** Unique per merchant when present (the idempotency key). */
  merchant_order_no: string | null;
  batch_no: string | null;
  goods_id: string;
  sku_id: string;
  quantity: number;
  unit_price: number;
  amount: number;
  currency: string;
  status: OrderStatus;
  /** JSON of the validated shipping address. */
  shipping_address_json: string;
  tracking_no: string | null;
  credit_reference_no: string;
  created_at: string;
  updated_at: string;
  /** Set together with tracking_no when the order ships. */
  carrier: string | null;
  shipped_at: string | null;
  delivered_at: string | null;
  /** When and why the order was cancelled or failed (the moment it was refunded). */
  cancelled_at: string | null;
  cancel_reason: string | null;
  /** The `refund` ledger entry's reference_no: set in the same UPDATE that ends the order. */
  refund_reference_no: string | null;
}

export interface BatchOrdersTable {
  batch_no: string;
  merchant_id: string;
  merchant_batch_no: string | null;
  /**
   * merchant_batch_no again, under a unique (merchant_id, merchant_batch_key) index: a separate
   * column so batches recorded twice before the index existed keep their merchant_batch_no (only
   * the oldest of them holds the key).
   */
  merchant_batch_key: string | null;
  status: BatchStatus;
  total: number;
  succeeded: number;
  failed: number;
  created_at: string;
}

export interface BatchOrderItemsTable {
  batch_no: string;
  item_index: number;
  merchant_order_no: string | null;
  code: number;
  message: string;
  order_no: string | null;
}

export type OrderRow = Selectable<OrdersTable>;
/**
 * A new order's columns fixed before its SKU is read (the price and currency come from the locked
 * SKU row): what `tradepost_place_order` is given on PostgreSQL.
 */
export type NewOrderFields = Pick<
  OrderRow,
  | 'order_no'
  | 'merchant_id'
  | 'merchant_order_no'
  | 'batch_no'
  | 'goods_id'
  | 'sku_id'
  | 'quantity'
  | 'shipping_address_json'
  | 'credit_reference_no'
  | 'created_at'
>;
export type BatchOrderRow = Selectable<BatchOrdersTable>;
export type BatchOrderItemRow = Selectable<BatchOrderItemsTable>;
