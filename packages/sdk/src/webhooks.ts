import {
  isWebhookEventType,
  ProtocolError,
  verifyWebhookSignature,
  type WebhookEvent,
  type WebhookFailureCode,
} from '@tradepost/protocol';

/**
 * Why {@link webhooks}.verify refused a delivery. The protocol's three signature codes, plus
 * `ERR_WEBHOOK_PAYLOAD` (signed, but not a JSON event of a type this SDK knows) and
 * `ERR_WEBHOOK_USAGE` (the caller's own mistake: a malformed secret, a parsed body, a bad option).
 *
 * @example
 * ```ts
 * import type { WebhookErrorCode } from '@tradepost/sdk';
 *
 * const retryLater = (code: WebhookErrorCode) => code === 'ERR_WEBHOOK_TIMESTAMP';
 * ```
 */
export type WebhookErrorCode = WebhookFailureCode | 'ERR_WEBHOOK_PAYLOAD' | 'ERR_WEBHOOK_USAGE';

/**
 * Thrown by {@link webhooks}.verify; `code` is stable, the message is for people.
 * Answer 400 to the sender: Tradepost retries, and a real event verifies the next time.
 *
 * @example
 * ```ts
 * import { webhooks, WebhookVerificationError } from '@tradepost/sdk';
 *
 * try {
 *   const event = webhooks.verify(rawBody, req.headers['tradepost-signature'], secret);
 * } catch (err) {
 *   if (err instanceof WebhookVerificationError) res.writeHead(400).end(err.code);
 * }
 * ```
 */
export class WebhookVerificationError extends Error {
  readonly code: WebhookErrorCode;

  constructor(code: WebhookErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WebhookVerificationError';
    this.code = code;
  }
}

function parseEvent(rawBody: string | Uint8Array): WebhookEvent {
  const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new WebhookVerificationError('ERR_WEBHOOK_PAYLOAD', 'Webhook body is not JSON', { cause });
  }
  const e = value as Partial<WebhookEvent> | null;
  const object = (e?.data as { object?: unknown } | undefined)?.object;
  if (
    typeof e !== 'object' ||
    e === null ||
    typeof e.id !== 'string' ||
    !e.id.startsWith('evt_') ||
    !isWebhookEventType(e.type) ||
    typeof e.created_at !== 'string' ||
    typeof object !== 'object' ||
    object === null
  ) {
    throw new WebhookVerificationError(
      'ERR_WEBHOOK_PAYLOAD',
      'Webhook body is not an event this SDK knows (id evt_…, a known type, created_at, data.object)',
    );
  }
  return e as WebhookEvent;
}

/**
 * Verifies a delivery's `Tradepost-Signature` against the RAW body (the bytes exactly as received;
 * re-serialized JSON does not verify) and returns the typed event, a union discriminated on `type`.
 * `toleranceSeconds` defaults to 300; `now` (a Date or unix seconds) to the clock. Throws
 * {@link WebhookVerificationError}. Dedupe on `event.id`: delivery is at least once.
 *
 * @example
 * ```ts
 * import { webhooks } from '@tradepost/sdk';
 *
 * const event = webhooks.verify(rawBody, req.headers['tradepost-signature'], process.env.TRADEPOST_WEBHOOK_SECRET!);
 * if (event.type === 'order.shipped') ship(event.data.object.order_no, event.data.object.tracking_no);
 * ```
 */
export const webhooks = Object.freeze({
  verify(
    rawBody: string | Uint8Array,
    signatureHeader: string | string[] | null | undefined,
    secret: string,
    options: { toleranceSeconds?: number; now?: Date | number } = {},
  ): WebhookEvent {
    let result;
    try {
      result = verifyWebhookSignature(rawBody, signatureHeader, secret, options);
    } catch (cause) {
      if (cause instanceof ProtocolError)
        throw new WebhookVerificationError('ERR_WEBHOOK_USAGE', cause.message, { cause });
      throw cause;
    }
    if (!result.ok) throw new WebhookVerificationError(result.code, result.message);
    return parseEvent(rawBody);
  },
});
