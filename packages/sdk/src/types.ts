/**
 * The B-End API's data structures live in @tradepost/protocol (one definition for the server and
 * every client); this module re-exports them and adds the SDK's own parameter types.
 */
import type { CreditTransactionType } from '@tradepost/protocol';

export type {
  BatchOrder,
  BatchOrderItem,
  BatchOrderStatus,
  CancelOrderRequest,
  CreateBatchOrderRequest,
  CreateOrderRequest,
  Credit,
  CreditTransaction,
  CreditTransactionType,
  Money,
  Order,
  OrderListParams,
  OrderStatus,
  Page,
  Product,
  SaleStatus,
  ShippingAddress,
  Sku,
  WebhookEvent,
  WebhookEventType,
} from '@tradepost/protocol';

/**
 * Paging parameters shared by the list endpoints (`page` defaults to 1, `page_size` to 20, max 100).
 *
 * @example
 * ```ts
 * const params: PageParams = { page: 1, page_size: 100 };
 * ```
 */
export interface PageParams {
  page?: number;
  page_size?: number;
}

/**
 * Filters of `GET /products`.
 *
 * @example
 * ```ts
 * const params: ProductListParams = { keyword: 'mug', category: 'Kitchen', page_size: 50 };
 * ```
 */
export interface ProductListParams extends PageParams {
  keyword?: string;
  category?: string;
}

/**
 * Filters of `GET /credit/transactions`.
 *
 * @example
 * ```ts
 * const params: CreditTransactionListParams = { type: 'order' };
 * ```
 */
export interface CreditTransactionListParams extends PageParams {
  type?: CreditTransactionType;
}

/**
 * The standard response every endpoint answers (inside the encrypted envelope).
 *
 * @example
 * ```ts
 * const r: StandardResponse<Credit> = { code: 0, message: 'success', data: credit };
 * ```
 */
export interface StandardResponse<T = unknown> {
  code: number;
  message: string;
  data: T;
}
