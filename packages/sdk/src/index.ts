export { Tradepost } from './client.ts';
export type { ClientOptions, RequestOptions } from './options.ts';
export { PagePromise } from './pagination.ts';
export {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  ConnectionTimeoutError,
  ErrorCode,
  InsufficientCreditError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  SignatureVerificationError,
  TradepostError,
  UserAbortError,
  type ErrorCodeValue,
} from './errors.ts';
export { webhooks, WebhookVerificationError, type WebhookErrorCode } from './webhooks.ts';
export type { Products } from './resources/products.ts';
export type { Orders } from './resources/orders.ts';
export type { BatchOrders } from './resources/batch-orders.ts';
export type { CreditResource } from './resources/credit.ts';
export type {
  BatchOrder,
  BatchOrderItem,
  BatchOrderStatus,
  CancelOrderRequest,
  CreateBatchOrderRequest,
  CreateOrderRequest,
  Credit,
  CreditTransaction,
  CreditTransactionListParams,
  CreditTransactionType,
  Money,
  Order,
  OrderListParams,
  OrderStatus,
  Page,
  PageParams,
  Product,
  ProductListParams,
  SaleStatus,
  ShippingAddress,
  Sku,
  StandardResponse,
  WebhookEvent,
  WebhookEventType,
} from './types.ts';
export { Tradepost as default } from './client.ts';
