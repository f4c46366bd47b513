/**
 * The B-End standard response codes (bend-v1.md "Standard response codes and HTTP status"): for
 * each code its PascalCase `name` (the SDK's `ErrorCode` keys), the `message` used on the wire and
 * the HTTP status that goes with it. The one table: the server maps codes to statuses and default
 * messages from it, and the SDK derives its named codes from it.
 *
 * @example
 * ```ts
 * import { BEND_CODES } from '@tradepost/protocol';
 *
 * const { httpStatus, message } = BEND_CODES[1001]; // 401, 'Invalid signature'
 * reply.status(httpStatus).send({ code: 1001, message, data: null });
 * BEND_CODES[2002].name; // 'DuplicateOrder'
 * ```
 */
export const BEND_CODES = {
  0: { name: 'Success', message: 'success', httpStatus: 200 },
  1001: { name: 'InvalidSignature', message: 'Invalid signature', httpStatus: 401 },
  1002: { name: 'AppNotFound', message: 'App not found', httpStatus: 401 },
  1003: { name: 'AppDisabled', message: 'App disabled', httpStatus: 403 },
  1004: { name: 'MissingAuthHeader', message: 'Missing auth header', httpStatus: 401 },
  1005: { name: 'InvalidTimestamp', message: 'Invalid timestamp', httpStatus: 401 },
  1006: { name: 'DecryptionFailed', message: 'Decryption failed', httpStatus: 400 },
  1007: { name: 'ReplayedRequest', message: 'Replayed request', httpStatus: 401 },
  2001: { name: 'InsufficientCredit', message: 'Insufficient credit', httpStatus: 402 },
  2002: { name: 'DuplicateOrder', message: 'Duplicate order', httpStatus: 409 },
  // v1.1 (bend-v1.md "Extensions v1.1: order lifecycle"); the server's message names the status.
  2003: {
    name: 'OrderNotCancellable',
    message: 'Order cannot be cancelled in its current status',
    httpStatus: 409,
  },
  3001: { name: 'ProductNotFound', message: 'Product not found', httpStatus: 404 },
  3002: { name: 'ProductOutOfStock', message: 'Product out of stock', httpStatus: 409 },
  3003: { name: 'OrderNotFound', message: 'Order not found', httpStatus: 404 },
  3004: { name: 'BatchNotFound', message: 'Batch not found', httpStatus: 404 },
  4001: { name: 'InvalidParameters', message: 'Invalid parameters', httpStatus: 400 },
  4029: { name: 'RateLimited', message: 'Rate limited', httpStatus: 429 },
  5001: { name: 'InternalServerError', message: 'Internal server error', httpStatus: 500 },
} as const satisfies Record<number, { name: string; message: string; httpStatus: number }>;

/**
 * A code of {@link BEND_CODES}.
 *
 * @example
 * ```ts
 * import type { BendCode } from '@tradepost/protocol';
 *
 * const code: BendCode = 3003;
 * ```
 */
export type BendCode = keyof typeof BEND_CODES;
