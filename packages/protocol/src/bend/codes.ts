/**
 * The B-End standard response codes (bend-v1.md), with the message used on the wire and the HTTP
 * status that goes with it. One table so the server maps codes to statuses in one place.
 *
 * @example
 * ```ts
 * import { BEND_CODES } from '@tradepost/protocol';
 *
 * const { httpStatus, message } = BEND_CODES[1001]; // 401, 'Invalid signature'
 * reply.status(httpStatus).send({ code: 1001, message, data: null });
 * ```
 */
export const BEND_CODES = {
  0: { message: 'success', httpStatus: 200 },
  1001: { message: 'Invalid signature', httpStatus: 401 },
  1002: { message: 'App not found', httpStatus: 401 },
  1003: { message: 'App disabled', httpStatus: 403 },
  1004: { message: 'Missing auth header', httpStatus: 401 },
  1005: { message: 'Invalid timestamp', httpStatus: 401 },
  1006: { message: 'Decryption failed', httpStatus: 400 },
  1007: { message: 'Replayed request', httpStatus: 401 },
  2001: { message: 'Insufficient credit', httpStatus: 402 },
  2002: { message: 'Duplicate order', httpStatus: 409 },
  3001: { message: 'Product not found', httpStatus: 404 },
  3002: { message: 'Product out of stock', httpStatus: 409 },
  3003: { message: 'Order not found', httpStatus: 404 },
  3004: { message: 'Batch not found', httpStatus: 404 },
  4001: { message: 'Invalid parameters', httpStatus: 400 },
  4029: { message: 'Rate limited', httpStatus: 429 },
  5001: { message: 'Internal server error', httpStatus: 500 },
} as const satisfies Record<number, { message: string; httpStatus: number }>;

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
