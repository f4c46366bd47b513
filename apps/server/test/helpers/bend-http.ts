/**
 * Raw B-End HTTP for tests: builds requests with the protocol package and sends them with fetch,
 * so tests can also send what no SDK would (tampered fields, replays, odd bodies).
 */
import { buildBendRequest, verifyBendResponse, type BendKeys } from '@tradepost/protocol';
import type { TestMerchant } from './test-server.ts';

export interface RawResponse {
  status: number;
  /** The parsed JSON body as received (an envelope, or a plain standard response). */
  body: Record<string, unknown>;
}

export interface BendResult extends RawResponse {
  /** The decrypted standard response when the body was a verified envelope, else the plain body. */
  payload: { code: number; message: string; data: unknown };
  encrypted: boolean;
}

export const keysOf = (m: TestMerchant): BendKeys => ({
  secretKey: m.app.secret_key,
  signKey: m.app.sign_key,
});

/** Builds the signed request (default header transport) without sending it. */
export function buildRequest(
  baseUrl: string,
  m: TestMerchant,
  method: 'GET' | 'POST',
  path: string,
  params?: Record<string, unknown>,
  opts: { transport?: 'headers' | 'envelope'; now?: Date; nonce?: string } = {},
): { url: string; init: RequestInit } {
  const req = buildBendRequest({
    appId: m.app.app_id,
    keys: keysOf(m),
    method,
    ...(params ? { params } : {}),
    ...(opts.transport ? { transport: opts.transport } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.nonce ? { nonce: opts.nonce } : {}),
  });
  const qs = new URLSearchParams(req.query).toString();
  const headers: Record<string, string> = { ...req.headers };
  const hasContentType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
  if (req.body !== undefined && !hasContentType) headers['content-type'] = 'application/json';
  return {
    url: `${baseUrl}/api/v1${path}${qs ? `?${qs}` : ''}`,
    init: { method, headers, ...(req.body !== undefined ? { body: req.body } : {}) },
  };
}

export async function send(url: string, init: RequestInit): Promise<RawResponse> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

/** Decodes a response: verifies and decrypts an envelope, or passes a plain response through. */
export function decode(m: TestMerchant, raw: RawResponse): BendResult {
  if (typeof raw.body.sign === 'string') {
    const verified = verifyBendResponse(raw.body, { appId: m.app.app_id, keys: keysOf(m) });
    if (!verified.ok) throw new Error(`response failed verification: ${verified.code} ${verified.message}`);
    return { ...raw, payload: verified.value, encrypted: true };
  }
  return { ...raw, payload: raw.body as BendResult['payload'], encrypted: false };
}

export async function bend(
  baseUrl: string,
  m: TestMerchant,
  method: 'GET' | 'POST',
  path: string,
  params?: Record<string, unknown>,
  opts: { transport?: 'headers' | 'envelope'; now?: Date; nonce?: string } = {},
): Promise<BendResult> {
  const { url, init } = buildRequest(baseUrl, m, method, path, params, opts);
  return decode(m, await send(url, init));
}
