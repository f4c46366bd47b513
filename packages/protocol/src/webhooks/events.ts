import type { BatchOrder, Credit, Order } from '../bend/data.ts';

/**
 * Every event type of webhooks.md "Events", in one list: the server's subscriptions, the portal's
 * checkboxes and the SDK's union are all derived from it.
 *
 * @example
 * ```ts
 * import { WEBHOOK_EVENT_TYPES } from '@tradepost/protocol';
 *
 * WEBHOOK_EVENT_TYPES.includes('order.shipped'); // true
 * ```
 */
export const WEBHOOK_EVENT_TYPES = [
  'order.created',
  'order.processing',
  'order.shipped',
  'order.delivered',
  'order.cancelled',
  'order.failed',
  'batch_order.completed',
  'credit.updated',
  'credit.low',
] as const;

/**
 * One of {@link WEBHOOK_EVENT_TYPES}.
 *
 * @example
 * ```ts
 * import type { WebhookEventType } from '@tradepost/protocol';
 *
 * const wanted: WebhookEventType[] = ['order.shipped', 'credit.updated'];
 * ```
 */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * True when `value` names an event type of the spec.
 *
 * @example
 * ```ts
 * import { isWebhookEventType } from '@tradepost/protocol';
 *
 * isWebhookEventType('order.shipped'); // true
 * isWebhookEventType('order.lost');    // false
 * ```
 */
export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** The object each event type carries in `data.object`. */
interface WebhookObjects {
  'order.created': Order;
  'order.processing': Order;
  'order.shipped': Order;
  'order.delivered': Order;
  'order.cancelled': Order;
  'order.failed': Order;
  'batch_order.completed': BatchOrder;
  'credit.updated': Credit;
  'credit.low': Credit;
}

/**
 * A delivered event (webhooks.md "A delivery"): a union discriminated on `type`, so narrowing on
 * `type` gives `data.object` its type (Order, BatchOrder or Credit, exactly as the B-End API
 * returns them).
 *
 * @example
 * ```ts
 * import type { WebhookEvent } from '@tradepost/protocol';
 *
 * function handle(event: WebhookEvent) {
 *   if (event.type === 'order.shipped') console.log(event.data.object.tracking_no);
 *   if (event.type === 'credit.low') console.log(event.data.object.available);
 * }
 * ```
 */
export type WebhookEvent = {
  [K in WebhookEventType]: {
    /** `evt_…`, the same for every attempt: receivers dedupe on it. */
    id: string;
    type: K;
    /** ISO 8601 UTC, when the change was committed. */
    created_at: string;
    data: { object: WebhookObjects[K] };
  };
}[WebhookEventType];
