import { ProtocolError } from '../errors.ts';
import { macEqual } from '../internal/mac.ts';
import { parseWebhookSignatureHeader, rawBytes, signWebhookPayload } from './sign.ts';

/**
 * Why a webhook did not verify. Stable strings: receivers and tests branch on them.
 * - `ERR_WEBHOOK_HEADER`: `Tradepost-Signature` missing or malformed.
 * - `ERR_WEBHOOK_SIGNATURE`: no `v1` matches the secret over this raw body.
 * - `ERR_WEBHOOK_TIMESTAMP`: `t` is more than the tolerance from now (a replay, or a wrong clock).
 *
 * @example
 * ```ts
 * import type { WebhookFailureCode } from '@tradepost/protocol';
 *
 * const status = (code: WebhookFailureCode) => (code === 'ERR_WEBHOOK_HEADER' ? 400 : 401);
 * ```
 */
export type WebhookFailureCode = 'ERR_WEBHOOK_HEADER' | 'ERR_WEBHOOK_SIGNATURE' | 'ERR_WEBHOOK_TIMESTAMP';

/**
 * The outcome of {@link verifyWebhookSignature}.
 *
 * @example
 * ```ts
 * import type { WebhookVerifyResult } from '@tradepost/protocol';
 *
 * const describe = (r: WebhookVerifyResult) => (r.ok ? `signed at ${r.timestamp}` : r.code);
 * ```
 */
export type WebhookVerifyResult =
  { ok: true; timestamp: number } | { ok: false; code: WebhookFailureCode; message: string };

/** Default `|now − t|` allowed, in seconds (webhooks.md). */
const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * Receiver side: checks a `Tradepost-Signature` header against the RAW body (the bytes as
 * received, before any JSON parsing) and one secret: the header must parse, one of its `v1` must
 * equal the HMAC (compared in constant time), and `|now − t|` must be at most `toleranceSeconds`
 * (default 300). `now` is a Date or unix seconds (default: the clock). Never throws for anything the
 * sender put in the header or body; throws {@link ProtocolError} for the caller's own mistakes (a
 * malformed secret, a parsed body, a bad option).
 *
 * @example
 * ```ts
 * import { verifyWebhookSignature } from '@tradepost/protocol';
 *
 * const r = verifyWebhookSignature(rawBody, req.headers['tradepost-signature'], process.env.WEBHOOK_SECRET!);
 * if (!r.ok) return res.writeHead(400).end(r.code);
 * ```
 */
export function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  header: string | string[] | null | undefined,
  secret: string,
  opts: { toleranceSeconds?: number; now?: Date | number } = {},
): WebhookVerifyResult {
  const bytes = rawBytes(rawBody);
  const tolerance = opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new ProtocolError('ERR_INVALID_ARGUMENT', 'toleranceSeconds must be a finite number ≥ 0');
  }
  const now = opts.now instanceof Date ? opts.now.getTime() / 1000 : (opts.now ?? Date.now() / 1000);
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new ProtocolError('ERR_INVALID_ARGUMENT', 'now must be a Date or unix seconds');
  }
  // Node gives a repeated header as an array; a single copy in an array still counts as one.
  const single = Array.isArray(header) ? (header.length === 1 ? header[0] : null) : header;
  const parsed = parseWebhookSignatureHeader(single);
  if (parsed === null) {
    return {
      ok: false,
      code: 'ERR_WEBHOOK_HEADER',
      message: 'Tradepost-Signature header missing or malformed',
    };
  }
  // signWebhookPayload throws on a malformed secret: the caller's configuration, not the sender's.
  const expected = Buffer.from(signWebhookPayload(bytes, secret, parsed.timestamp), 'hex');
  let matched = false;
  for (const sig of parsed.signatures) {
    // Every candidate is compared (no early exit), so timing says nothing about which one matched.
    if (macEqual(expected, Buffer.from(sig, 'hex'))) matched = true;
  }
  if (!matched) {
    return { ok: false, code: 'ERR_WEBHOOK_SIGNATURE', message: 'No signature matches the secret and body' };
  }
  if (Math.abs(now - parsed.timestamp) > tolerance) {
    return {
      ok: false,
      code: 'ERR_WEBHOOK_TIMESTAMP',
      message: 'Signature timestamp is outside the tolerance',
    };
  }
  return { ok: true, timestamp: parsed.timestamp };
}
