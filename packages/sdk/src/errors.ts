import { BEND_CODES, type BendCode } from '@tradepost/protocol';

/**
 * Named B-End response codes (bend-v1.md "Standard response codes"), so callers can write
 * `err.code === ErrorCode.DuplicateOrder` instead of a bare 2002.
 *
 * @example
 * ```ts
 * import { ErrorCode, TradepostError } from '@tradepost/sdk';
 *
 * try { await client.orders.create(req); }
 * catch (err) { if (err instanceof TradepostError && err.code === ErrorCode.InsufficientCredit) alertFinance(); }
 * ```
 */
export const ErrorCode = Object.freeze(
  Object.fromEntries(
    Object.entries(BEND_CODES)
      .filter(([code]) => code !== '0')
      .map(([code, { name }]) => [name, Number(code)]),
  ),
) as ErrorCodeTable;

/** `{ InvalidSignature: 1001, ... }`: every non-zero code of `BEND_CODES` under its name. */
type ErrorCodeTable = {
  readonly [C in Exclude<BendCode, 0> as (typeof BEND_CODES)[C]['name']]: C;
};

/**
 * One of the values of {@link ErrorCode}: a B-End error code (1001 … 5001), never 0.
 *
 * @example
 * ```ts
 * import { ErrorCode, type ErrorCodeValue } from '@tradepost/sdk';
 *
 * const retryable = new Set<ErrorCodeValue>([ErrorCode.RateLimited, ErrorCode.InternalServerError]);
 * ```
 */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The HTTP status the spec pairs with each code; the signed code decides, not the unsigned status. */
const statusByCode: Readonly<Record<number, { httpStatus: number }>> = BEND_CODES;

interface ErrorInit {
  code: number | null;
  message: string;
  status?: number | undefined;
  data?: unknown;
  requestId?: string | undefined;
  cause?: unknown;
}

/**
 * Every failure the SDK reports. For an answer of the server, `code` is the B-End response code,
 * `status` the HTTP status and `data` the response's `data` (e.g. `{ order_no }` on 2002).
 * Failures without a server answer (network, timeout, abort) have `code: null`.
 *
 * @example
 * ```ts
 * try {
 *   await client.orders.create(req);
 * } catch (err) {
 *   if (err instanceof TradepostError) console.error(err.code, err.status, err.message, err.requestId);
 * }
 * ```
 */
export class TradepostError extends Error {
  /** The B-End response code (e.g. 2001), or null when no server answer was received. */
  readonly code: number | null;
  /** The HTTP status of the answer, when there was one. */
  readonly status: number | undefined;
  /** The `data` of the error response, e.g. `{ order_no: '...' }` for 2002. */
  readonly data: unknown;
  /** The server's `X-Request-Id` header, else the response envelope's nonce; for support tickets. */
  readonly requestId: string | undefined;

  constructor(init: ErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.code = init.code;
    this.status = init.status;
    this.data = init.data ?? null;
    this.requestId = init.requestId;
  }
}

/**
 * 400: invalid parameters (4001; the message names the field) or a request the server could not decrypt (1006).
 *
 * @example
 * ```ts
 * if (err instanceof BadRequestError) console.error(err.message); // "Invalid parameters: quantity ..."
 * ```
 */
export class BadRequestError extends TradepostError {}

/**
 * 401: signature, timestamp, unknown App or replay (1001, 1002, 1004, 1005, 1007).
 *
 * @example
 * ```ts
 * if (err instanceof AuthenticationError && err.code === ErrorCode.InvalidTimestamp) checkClock();
 * ```
 */
export class AuthenticationError extends TradepostError {}

/**
 * 402: the merchant's available credit does not cover the order (2001).
 *
 * @example
 * ```ts
 * if (err instanceof InsufficientCreditError) console.warn('top up the credit line');
 * ```
 */
export class InsufficientCreditError extends TradepostError {}

/**
 * 403: the App is disabled or its merchant suspended (1003).
 *
 * @example
 * ```ts
 * if (err instanceof PermissionDeniedError) console.error('App disabled');
 * ```
 */
export class PermissionDeniedError extends TradepostError {}

/**
 * 404: product, order or batch not found (3001, 3003, 3004).
 *
 * @example
 * ```ts
 * if (err instanceof NotFoundError && err.code === ErrorCode.OrderNotFound) return null;
 * ```
 */
export class NotFoundError extends TradepostError {}

/**
 * 409: duplicate `merchant_order_no` (2002; `data.order_no` names the existing order) or out of stock (3002).
 *
 * @example
 * ```ts
 * if (err instanceof ConflictError && err.code === ErrorCode.DuplicateOrder) {
 *   const existing = (err.data as { order_no: string }).order_no;
 * }
 * ```
 */
export class ConflictError extends TradepostError {}

/**
 * 429: rate limited (4029), after the SDK's retries ran out.
 *
 * @example
 * ```ts
 * if (err instanceof RateLimitError) await sleep(1000);
 * ```
 */
export class RateLimitError extends TradepostError {}

/**
 * 5xx: the server failed (5001), after the SDK's retries (if the call was retryable) ran out.
 *
 * @example
 * ```ts
 * if (err instanceof InternalServerError) console.error('Tradepost is having trouble', err.requestId);
 * ```
 */
export class InternalServerError extends TradepostError {}

/**
 * The response could not be trusted: unsigned where a signature is required, a signature that does
 * not verify (`code` 1001), data that does not decrypt (1006), or a stale/foreign envelope (1005/1002).
 * Its body is never used.
 *
 * @example
 * ```ts
 * if (err instanceof SignatureVerificationError) alertSecurity(err.message, err.status);
 * ```
 */
export class SignatureVerificationError extends TradepostError {}

/**
 * No answer: the connection failed or broke (after retries, if the call was retryable).
 *
 * @example
 * ```ts
 * if (err instanceof ConnectionError) console.error('network problem', err.cause);
 * ```
 */
export class ConnectionError extends TradepostError {}

/**
 * No answer within the `timeout` (after retries, if the call was retryable).
 *
 * @example
 * ```ts
 * if (err instanceof ConnectionTimeoutError) console.error('Tradepost did not answer in time');
 * ```
 */
export class ConnectionTimeoutError extends ConnectionError {}

/**
 * The caller's own `signal` aborted the call; never retried.
 *
 * @example
 * ```ts
 * const ac = new AbortController();
 * const p = client.credit.retrieve({ signal: ac.signal });
 * ac.abort(); // p rejects with UserAbortError
 * ```
 */
export class UserAbortError extends TradepostError {}

/** The error class for each HTTP status the spec pairs with a code; any other 5xx is an InternalServerError. */
const classByStatus: Readonly<Record<number, typeof TradepostError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: InsufficientCreditError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitError,
};

/** Picks the error class from the signed code (falling back to the HTTP status). */
export function errorFromResponse(init: ErrorInit & { code: number }): TradepostError {
  const kind = statusByCode[init.code]?.httpStatus ?? init.status ?? 500;
  const Class = classByStatus[kind] ?? (kind >= 500 ? InternalServerError : TradepostError);
  return new Class(init);
}
