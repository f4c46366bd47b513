import { BEND_CODES } from '@tradepost/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { isDataException } from '../db/errors.ts';
import { AppError, bendCodeInfo } from '../shared/app-error.ts';

/** The standard response of bend-v1.md: `{"code","message","data"}`. */
export interface StandardResponse {
  code: number;
  message: string;
  data: unknown;
}

export const success = (data: unknown): StandardResponse => ({
  code: 0,
  message: BEND_CODES[0].message,
  data,
});

/**
 * Maps anything a handler threw to the wire: an AppError keeps its code and message; Fastify's
 * own client errors (body too large, bad content) become 4001 with its status; anything else is
 * a value the database refused (see isDataException) is 4001 too; anything else is a 5001 whose
 * details go to the log, never to the caller.
 */
export function toWireError(err: unknown): { status: number; body: StandardResponse; unexpected: boolean } {
  if (err instanceof AppError) {
    return {
      status: err.httpStatus,
      body: { code: err.code, message: err.message, data: err.data },
      unexpected: false,
    };
  }
  if (isDataException(err)) {
    const { httpStatus, message } = BEND_CODES[4001];
    return {
      status: httpStatus,
      body: { code: 4001, message: `${message}: a value was refused`, data: null },
      unexpected: false,
    };
  }
  const fastifyStatus = (err as { statusCode?: number } | null)?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    // 4001 answers 400 (bend-v1.md), except a body over the limit, which keeps its telling 413.
    const { httpStatus, message } = BEND_CODES[4001];
    if (fastifyStatus === 413) {
      return {
        status: 413,
        body: { code: 4001, message: `${message}: request body too large`, data: null },
        unexpected: false,
      };
    }
    return {
      status: httpStatus,
      body: { code: 4001, message: `${message}: ${(err as Error).message}`, data: null },
      unexpected: false,
    };
  }
  return {
    status: BEND_CODES[5001].httpStatus,
    body: { code: 5001, message: BEND_CODES[5001].message, data: null },
    unexpected: true,
  };
}

export const plainFailure = (code: number, message: string): { status: number; body: StandardResponse } => ({
  status: bendCodeInfo(code)?.httpStatus ?? 400,
  body: { code, message, data: null },
});

/**
 * The one place a failed request is logged. Only the unexpected path (a bug or an outage: the
 * 5001/E006 answers) logs at error level; a value the database refused is the caller's doing and
 * logs at warn, so no client input can raise an error-level line. Everything else is the
 * caller's error and is not logged at all.
 */
export function logFailure(log: FastifyBaseLogger, err: unknown, unexpected: boolean, where: string): void {
  if (unexpected) log.error({ err }, 'unexpected error in %s', where);
  else if (isDataException(err))
    log.warn({ code: (err as { code?: unknown }).code }, 'database refused a value in %s', where);
}
