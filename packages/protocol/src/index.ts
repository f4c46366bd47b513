// The package's whole public surface. Anything not listed here (notably src/internal/) is private.
// `@tradepost/protocol/webhook-events` (package.json exports) is the event list and types alone: no
// node imports, so a browser bundle can use it.

export { ProtocolError, type ProtocolErrorCode, type VerifyResult } from './errors.ts';

// B-End v1 (bend-v1.md)
export { BEND_CODES, type BendCode } from './bend/codes.ts';
export { isBendAppId, type BendAuthFields } from './bend/fields.ts';
export { isBendKey, type BendKeys } from './bend/keys.ts';
export { MemoryNonceStore, type NonceStore } from './bend/nonce-store.ts';
export { decryptBendData, encryptBendData } from './bend/crypto.ts';
export { bendSignString, signBend } from './bend/sign.ts';
export { buildBendRequest } from './bend/request.ts';
export { extractBendAuth } from './bend/extract.ts';
export { verifyBendRequest, type BendRequestResult } from './bend/verify.ts';
export { buildBendResponse, verifyBendResponse, type BendResponsePayload } from './bend/response.ts';
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
} from './bend/data.ts';

// Action API (action-api.md)
export { ACTION_ERRORS, actionError, type ActionError, type ActionErrorName } from './action/errors.ts';
export { formatActionTimestamp, parseActionTimestamp } from './action/timestamp.ts';
export { actionStringToSign, buildActionQuery, signAction, type ActionParams } from './action/sign.ts';
export { verifyActionRequest, type ActionVerifyResult } from './action/verify.ts';

// WallTech (walltech.md)
export { parseWalltechDate, walltechDate } from './walltech/date.ts';
export {
  buildWalltechHeaders,
  isWalltechToken,
  parseWalltechAuthorization,
  signWalltech,
  walltechStringToSign,
} from './walltech/sign.ts';
export { verifyWalltechRequest } from './walltech/verify.ts';

// Webhooks (webhooks.md)
export {
  WEBHOOK_EVENT_TYPES,
  isWebhookEventType,
  type WebhookEvent,
  type WebhookEventType,
} from './webhooks/events.ts';
export {
  buildWebhookSignatureHeader,
  isWebhookSecret,
  parseWebhookSignatureHeader,
  signWebhookPayload,
} from './webhooks/sign.ts';
export {
  verifyWebhookSignature,
  type WebhookFailureCode,
  type WebhookVerifyResult,
} from './webhooks/verify.ts';
