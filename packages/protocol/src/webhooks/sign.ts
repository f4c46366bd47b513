import { createHmac } from 'node:crypto';
import { ProtocolError } from '../errors.ts';

const SECRET = /^whsec_[A-Za-z0-9]{32}$/;

/**
 * True when `value` has the form of a webhook signing secret: `whsec_` + 32 chars `[A-Za-z0-9]`.
 *
 * @example
 * ```ts
 * import { isWebhookSecret } from '@tradepost/protocol';
 *
 * isWebhookSecret('whsec_Tq3nV8xLr2Kp7Wd9Yb4Hc6Mf1Zs5Ja0E'); // true
 * isWebhookSecret('Tq3nV8xLr2Kp7Wd9Yb4Hc6Mf1Zs5Ja0E');       // false: no prefix
 * ```
 */
export function isWebhookSecret(value: unknown): value is string {
  return typeof value === 'string' && SECRET.test(value);
}

/** The raw body as bytes; anything else (a parsed object, a number) is the caller's mistake. */
export function rawBytes(rawBody: unknown): Buffer {
  if (typeof rawBody === 'string') return Buffer.from(rawBody, 'utf8');
  if (rawBody instanceof Uint8Array)
    return Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
  throw new ProtocolError(
    'ERR_INVALID_ARGUMENT',
    'webhook body must be the raw request body (string or bytes), exactly as received, not parsed JSON',
  );
}

function checkTimestamp(timestamp: unknown): asserts timestamp is number {
  if (!Number.isSafeInteger(timestamp) || (timestamp as number) < 0) {
    throw new ProtocolError('ERR_INVALID_ARGUMENT', 'webhook timestamp must be whole unix seconds');
  }
}

/**
 * One `v1` signature: lowercase hex HMAC-SHA256 keyed with the whole secret (`whsec_…`, ASCII),
 * over `<timestamp>.<raw body bytes>`. Throws {@link ProtocolError} on a malformed secret.
 *
 * @example
 * ```ts
 * import { signWebhookPayload } from '@tradepost/protocol';
 *
 * signWebhookPayload(rawBody, 'whsec_Tq3nV8xLr2Kp7Wd9Yb4Hc6Mf1Zs5Ja0E', 1796000000);
 * // 'c21b5a9c…7bf9' for the spec's vector body
 * ```
 */
export function signWebhookPayload(rawBody: string | Uint8Array, secret: string, timestamp: number): string {
  if (!isWebhookSecret(secret)) {
    throw new ProtocolError(
      'ERR_INVALID_KEY',
      'webhook secret must be whsec_ followed by 32 chars [A-Za-z0-9]',
    );
  }
  checkTimestamp(timestamp);
  return createHmac('sha256', Buffer.from(secret, 'ascii'))
    .update(`${timestamp}.`, 'ascii')
    .update(rawBytes(rawBody))
    .digest('hex');
}

/**
 * Sender side: the `Tradepost-Signature` header `t=<unix seconds>,v1=<hex>[,v1=<hex>]`, one `v1`
 * per secret (the current one, and the previous one during a roll's grace period).
 *
 * @example
 * ```ts
 * import { buildWebhookSignatureHeader } from '@tradepost/protocol';
 *
 * const body = JSON.stringify(event);
 * const header = buildWebhookSignatureHeader(body, [secret, previousSecret], { timestamp: 1796000000 });
 * // 't=1796000000,v1=…,v1=…'
 * ```
 */
export function buildWebhookSignatureHeader(
  rawBody: string | Uint8Array,
  secrets: readonly string[],
  opts: { timestamp?: number } = {},
): string {
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw new ProtocolError('ERR_INVALID_ARGUMENT', 'webhook signing needs at least one secret');
  }
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  checkTimestamp(timestamp);
  const bytes = rawBytes(rawBody);
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${signWebhookPayload(bytes, s, timestamp)}`)].join(',');
}

/**
 * Parses a `Tradepost-Signature` header: exactly one `t` (unix seconds) and one or more `v1` (64 hex
 * chars). Elements of other schemes are ignored, so a future `v2` does not break receivers; anything
 * else malformed is null.
 *
 * @example
 * ```ts
 * import { parseWebhookSignatureHeader } from '@tradepost/protocol';
 *
 * parseWebhookSignatureHeader('t=1796000000,v1=c21b…7bf9'); // { timestamp: 1796000000, signatures: ['c21b…7bf9'] }
 * parseWebhookSignatureHeader('v1=c21b…7bf9');              // null: no t
 * ```
 */
export function parseWebhookSignatureHeader(
  header: unknown,
): { timestamp: number; signatures: string[] } | null {
  if (typeof header !== 'string' || header.length === 0 || header.length > 4096) return null;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestamp !== null || !/^\d{1,12}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-fA-F]{64}$/.test(value)) return null;
      signatures.push(value.toLowerCase());
    }
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}
