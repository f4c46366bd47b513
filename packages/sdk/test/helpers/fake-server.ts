/**
 * A fake B-End answerer for unit tests of what needs no real server (retry timing, timeouts,
 * verification edge cases): it signs answers with the protocol package's own server-side builder,
 * so the SDK's verification path is exercised exactly as against the real server.
 */
import { buildBendResponse } from '@tradepost/protocol';
import type { ClientOptions } from '../../src/index.ts';

export const creds = {
  appId: 'app_0123456789abcdef01234567',
  secretKey: 'S'.repeat(16) + 'k'.repeat(16),
  signKey: 'G'.repeat(16) + 'n'.repeat(16),
};
export const keys = { secretKey: creds.secretKey, signKey: creds.signKey };

export interface Seen {
  url: URL;
  init: RequestInit;
  headers: Record<string, string>;
}

export type Answer = (seen: Seen, attempt: number) => Response | Promise<Response>;

export function envelope(
  code: number,
  data: unknown,
  opts: { status?: number; message?: string; now?: Date; headers?: Record<string, string> } = {},
): Response {
  const body = buildBendResponse({
    appId: creds.appId,
    keys,
    payload: { code, message: opts.message ?? (code === 0 ? 'success' : `code ${code}`), data },
    ...(opts.now ? { now: opts.now } : {}),
  });
  return new Response(JSON.stringify(body), {
    status: opts.status ?? 200,
    headers: { 'content-type': 'application/json', ...opts.headers },
  });
}

export function plain(code: number, status: number, message = `code ${code}`): Response {
  return new Response(JSON.stringify({ code, message, data: null }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** A `fetch` that records every request and answers with `answer(seen, attemptIndex)`. */
export function fakeFetch(answer: Answer): { fetch: NonNullable<ClientOptions['fetch']>; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetch = async (input: string, init: RequestInit) => {
    const s: Seen = { url: new URL(input), init, headers: { ...(init.headers as Record<string, string>) } };
    seen.push(s);
    return answer(s, seen.length - 1);
  };
  return { fetch, seen };
}

export const baseOptions = (
  fetch: NonNullable<ClientOptions['fetch']>,
  extra: Partial<ClientOptions> = {},
): ClientOptions => ({
  baseUrl: 'http://tradepost.test/api/v1',
  ...creds,
  fetch,
  ...extra,
});
