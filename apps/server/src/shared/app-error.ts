/**
 * The one error type the server's services throw. It carries the protocol's numeric code
 * (bend-v1.md "Standard response codes"); the HTTP status follows from the code, and one
 * place per door (B-End, Action API, portal) maps it to the wire.
 */
export const httpStatusByCode: Readonly<Record<number, number>> = Object.freeze({
  0: 200,
  1001: 401,
  1002: 401,
  1003: 403,
  1004: 401,
  1005: 401,
  1006: 400,
  1007: 401,
  2001: 402,
  2002: 409,
  3001: 404,
  3002: 409,
  3003: 404,
  3004: 404,
  4001: 400,
  4029: 429,
  5001: 500,
});

export const defaultMessageByCode: Readonly<Record<number, string>> = Object.freeze({
  0: 'success',
  1001: 'Invalid signature',
  1002: 'App not found',
  1003: 'App disabled',
  1004: 'Missing auth header',
  1005: 'Invalid timestamp',
  1006: 'Decryption failed',
  1007: 'Replayed request (nonce already used)',
  2001: 'Insufficient credit',
  2002: 'Duplicate order',
  3001: 'Product not found',
  3002: 'Product out of stock',
  3003: 'Order not found',
  3004: 'Batch not found',
  4001: 'Invalid parameters',
  4029: 'Rate limited',
  5001: 'Internal server error',
});

export class AppError extends Error {
  readonly code: number;
  readonly httpStatus: number;
  /** Extra wire data for the error response (e.g. the existing `order_no` on 2002). */
  readonly data: unknown;

  constructor(code: number, message?: string, data: unknown = null) {
    super(message ?? defaultMessageByCode[code] ?? 'Error');
    this.name = 'AppError';
    this.code = code;
    this.httpStatus = httpStatusByCode[code] ?? 500;
    this.data = data;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
