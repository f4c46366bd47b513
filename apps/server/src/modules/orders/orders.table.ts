import type { Selectable } from 'kysely';

export type OrderStatus = 'pending' | 'processing' | 'shipped' | 'delivered' | 'cancelled' | 'failed';
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
}

export interface BatchOrdersTable {
  batch_no: string;
  merchant_id: string;
  merchant_batch_no: string | null;
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
export type BatchOrderRow = Selectable<BatchOrdersTable>;
export type BatchOrderItemRow = Selectable<BatchOrderItemsTable>;
