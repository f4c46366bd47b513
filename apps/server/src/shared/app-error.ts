import { BEND_CODES } from '@tradepost/protocol';

/**
 * The row of the protocol's `BEND_CODES` (bend-v1.md "Standard response codes") for `code`, or
 * undefined for a code outside the table. The one place the server looks codes up.
 */
export function bendCodeInfo(code: number): { message: string; httpStatus: number } | undefined {
  return Object.hasOwn(BEND_CODES, code) ? BEND_CODES[code as keyof typeof BEND_CODES] : undefined;
}

/**
 * The one error type the server's services throw. It carries the protocol's numeric code
 * (bend-v1.md "Standard response codes"); the HTTP status and the default message follow from
 * the code through `BEND_CODES`, and one place per door (B-End, Action API, portal) maps it to
 * the wire.
 */
export class AppError extends Error {
  readonly code: number;
  readonly httpStatus: number;
  /** Extra wire data for the error response (e.g. the existing `order_no` on 2002). */
  readonly data: unknown;

  constructor(code: number, message?: string, data: unknown = null) {
    const info = bendCodeInfo(code);
    super(message ?? info?.message ?? 'Error');
    this.name = 'AppError';
    this.code = code;
    this.httpStatus = info?.httpStatus ?? 500;
    this.data = data;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
