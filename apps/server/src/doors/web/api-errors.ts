import { API_ERRORS, fieldMessage, type ApiErrorBody, type ApiErrorCode } from '@tradepost/web-contract';
import { CREDIT_FROZEN } from '../../modules/orders/orders.place.ts';
import { AppError } from '../../shared/app-error.ts';

/**
 * The portal and console doors' one mapping from anything thrown to the contract's error body.
 * Services speak AppError (the protocol's numeric codes); these doors speak the contract's string
 * codes, with each bad field named in `fields`.
 */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    /** Extra headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = API_ERRORS[code];
  }
}

export const notFound = (what = 'Not found') => new ApiError('not_found', what);

// "shipping_address.country: must be …" → the field and its message.
const FIELD_MESSAGE = /^([A-Za-z_][\w.[\]]*): (.+)$/s;

const BY_APP_CODE: Record<number, ApiErrorCode> = {
  1003: 'account_inactive',
  2001: 'insufficient_credit',
  2002: 'conflict',
  3001: 'not_found',
  3002: 'out_of_stock',
  3003: 'not_found',
  3004: 'not_found',
  4029: 'rate_limited',
};

const BY_STATUS: Record<number, ApiErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  402: 'insufficient_credit',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

export interface MappedError {
  status: number;
  body: ApiErrorBody;
  headers?: Record<string, string> | undefined;
  /** A 5xx: log it (the caller only sees "internal"). */
  unexpected: boolean;
}

export function toApiError(err: unknown): MappedError {
  if (err instanceof ApiError) {
    const body: ApiErrorBody = { error: { code: err.code, message: err.message } };
    if (err.fields) body.error.fields = err.fields;
    return { status: err.status, body, headers: err.headers, unexpected: false };
  }
  if (err instanceof AppError) {
    if (err.code === 4001) {
      const m = FIELD_MESSAGE.exec(err.message);
      if (m && !m[1]!.startsWith('Invalid')) {
        return mapped('validation_failed', err.message, { [m[1]!]: m[2]! });
      }
      return mapped('bad_request', err.message);
    }
    if (err.code === 2002) {
      // The reference the caller chose is taken: said on that field, with what holds it.
      const taken = err.data as { order_no?: string; batch_no?: string } | null;
      if (taken?.order_no)
        return mapped('conflict', err.message, {
          merchant_order_no: fieldMessage('usedByOrder', { orderNo: taken.order_no }),
        });
      if (taken?.batch_no)
        return mapped('conflict', err.message, {
          merchant_batch_no: fieldMessage('usedByBatch', { batchNo: taken.batch_no }),
        });
    }
    // Frozen is not short of credit: the merchant is told the line is frozen, not to spend less.
    if (err.code === 2001 && err.message === CREDIT_FROZEN) return mapped('account_inactive', err.message);
    const code = BY_APP_CODE[err.code] ?? BY_STATUS[err.httpStatus];
    // A refusal of one field ("amount: exceeds the available credit (…)") names it, whatever its code.
    const field = err.code === 2001 || err.code === 2002 ? FIELD_MESSAGE.exec(err.message) : null;
    if (code) return mapped(code, err.message, field ? { [field[1]!]: field[2]! } : undefined);
  }
  const status = (err as { statusCode?: number } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = BY_STATUS[status] ?? 'bad_request';
    const message = status === 413 ? 'Request body too large' : (err as Error).message;
    return mapped(code, message);
  }
  return { ...mapped('internal', 'Internal server error'), unexpected: true };
}

function mapped(code: ApiErrorCode, message: string, fields?: Record<string, string>): MappedError {
  const body: ApiErrorBody = { error: { code, message } };
  if (fields) body.error.fields = fields;
  return { status: API_ERRORS[code], body, unexpected: false };
}
