import { BEND_CODES } from '@tradepost/protocol';
import { AppError, bendCodeInfo } from '../shared/app-error.ts';

/** The standard response of bend-v1.md: `{"code","message","data"}`. */
export interface StandardResponse {
  code: number;
  message: string;
  data: unknown;
}

export const success = (data: unknown): StandardResponse => ({ code: 0, message: BEND_CODES[0].message, data });

/**
 * Maps anything a handler threw to the wire: an AppError keeps its code and message; Fastify's
 * own client errors (body too large, bad content) become 4001 with its status; anything else is
 * a 5001 whose details go to the log, never to the caller.
 */
export function toWireError(err: unknown): { status: number; body: StandardResponse; unexpected: boolean } {
  if (err instanceof AppError) {
    return { status: err.httpStatus, body: { code: err.code, message: err.message, data: err.data }, unexpected: false };
  }
  const fastifyStatus = (err as { statusCode?: number } | null)?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    // 4001 answers 400 (bend-v1.md), except a body over the limit, which keeps its telling 413.
    const { httpStatus, message } = BEND_CODES[4001];
    if (fastifyStatus === 413) {
      return { status: 413, body: { code: 4001, message: `${message}: request body too large`, data: null }, unexpected: false };
    }
    return { status: httpStatus, body: { code: 4001, message: `${message}: ${(err as Error).message}`, data: null }, unexpected: false };
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
