// The subpath, not the package index: the index also brings the signing code (node:crypto), which
// the web app must not bundle.
import {
  WEBHOOK_EVENT_TYPES,
  type WebhookEvent,
  type WebhookEventType,
} from '@tradepost/protocol/webhook-events';
import { z } from 'zod';
import { oneOf, pageQuery, requiredNote, requiredString } from './common.ts';
import { fieldIssue } from './field-messages.ts';

/** The webhooks API of the portal (endpoints, settings, the delivery log) and the console's failing list. */

// The event types, for the web app's pickers and filters (it imports the contract, not the protocol).
export { WEBHOOK_EVENT_TYPES, type WebhookEventType };

export const MAX_GRACE_HOURS = 72;

/** An endpoint as the portal, console and CLI show it: never a secret. `events: ['*']` = every type. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  events: Array<WebhookEventType | '*'>;
  description: string | null;
  status: 'enabled' | 'disabled';
  /** Who disabled it: its merchant, an operator (the console), or the worker after 3 days of failures. */
  disabled_reason: 'merchant' | 'operator' | 'failing' | null;
  /** Since when every attempt has failed (null while healthy). */
  failing_since: string | null;
  /** While a rolled secret's predecessor still signs: until when. */
  previous_secret_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Created or rolled: the signing secret, shown this once. */
export interface WebhookEndpointWithSecret {
  endpoint: WebhookEndpoint;
  secret: string;
}

export interface WebhookSettings {
  /** `credit.low` fires when available credit falls below this (2-decimal string); null = off. */
  credit_low_threshold: string | null;
  /**
   * The server's address rule, not a setting of the merchant's: true when it also delivers to
   * http:// and to loopback, private and link-local addresses (TRADEPOST_WEBHOOK_ALLOW_PRIVATE, for
   * tests and development); false, as in production, when it takes only public https:// ones.
   */
  private_addresses_allowed: boolean;
}

export interface WebhookAttempt {
  id: string;
  delivery_id: string;
  endpoint_id: string;
  attempted_at: string;
  status_code: number | null;
  latency_ms: number;
  succeeded: boolean;
  error: string | null;
  response_excerpt: string | null;
}

export interface WebhookDelivery {
  id: string;
  endpoint_id: string;
  /** Where it goes (went): the endpoint's URL, a deleted endpoint's too. */
  endpoint_url: string;
  /**
   * The endpoint as it is now: a `pending` delivery of a disabled one waits for it to be enabled
   * again (then it is retried); a deleted one's deliveries are history.
   */
  endpoint_status: 'enabled' | 'disabled' | 'deleted';
  /** `canceled`: its endpoint was deleted before it was delivered; never attempted again. */
  status: 'pending' | 'delivering' | 'succeeded' | 'failed' | 'canceled';
  attempts: number;
  /** When the next attempt is due (pending), else null. */
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
}

/** One row of the delivery log. */
export interface WebhookEventSummary {
  id: string;
  type: WebhookEventType;
  created_at: string;
  /** What it is about: an order event's order_no, batch_order.completed's batch_no; null for credit. */
  about: string | null;
  /**
   * True until the delivery worker has written the event's deliveries (an event written while
   * this process did not know the merchant's endpoints): no deliveries yet does not mean none.
   */
  queued: boolean;
  /** A test event ("Send test event"): the one endpoint it is for, and may go to; null for news. */
  test_endpoint_id: string | null;
  deliveries: WebhookDelivery[];
}

/** One event with its body and every attempt. */
export interface WebhookEventDetail extends WebhookEventSummary {
  body: WebhookEvent;
  attempts: WebhookAttempt[];
}

/**
 * What Resend did: the event as it is now, and (`in_flight`) the endpoints it was not queued again
 * for, because an attempt to them was under way (resend to every endpoint skips those; named, that
 * is refused). Resend it to them once the attempt has ended.
 */
export interface ResentWebhookEvent extends WebhookEventDetail {
  in_flight: string[];
}

/**
 * What "Send missed events" queued: the events of the last 30 days an endpoint takes and never got
 * (it was disabled then), oldest first, at most a batch at a time (`more`: press again for the rest).
 */
export interface SentMissedEvents {
  queued: number;
  more: boolean;
}

/** An endpoint's latest failed attempt: its HTTP status, or (no answer) the error the log records. */
export interface WebhookFailure {
  attempted_at: string;
  status_code: number | null;
  /** `kind: detail` as the delivery log records it (`connection: ECONNREFUSED`, `timeout`). */
  error: string | null;
}

/** An endpoint in trouble, for the operator console: why (its latest failure) and what waits. */
export interface FailingWebhookEndpoint extends WebhookEndpoint {
  merchant_id: string;
  merchant_name: string;
  /** Null when none of its deliveries waiting or failed has a failed attempt on record. */
  last_failure: WebhookFailure | null;
  /** Deliveries queued for it (retrying, or paused while it is disabled). */
  pending_deliveries: number;
  /** Deliveries that gave up, of events in the 30-day log: what "Resend failed deliveries" queues. */
  failed_deliveries: number;
}

/** The console's disable or re-enable of an endpoint: the operator's note goes to the audit log. */
export const webhookEndpointStatusBody = z.object({
  status: oneOf(['enabled', 'disabled']),
  note: requiredNote,
});
export type WebhookEndpointStatusBody = z.infer<typeof webhookEndpointStatusBody>;

/**
 * What "Resend failed deliveries" queued: the endpoint's failed deliveries of the last 30 days,
 * each queued again as it was (the same event id), oldest first, at most a batch at a time
 * (`more`: press again for the rest).
 */
export interface ResentFailedDeliveries {
  queued: number;
  more: boolean;
}

const eventsSchema = z
  .array(
    z.enum(
      ['*', ...WEBHOOK_EVENT_TYPES],
      fieldIssue('eventTypes', { types: WEBHOOK_EVENT_TYPES.join(', ') }),
    ),
    fieldIssue('eventList'),
  )
  .min(1, fieldIssue('eventMin'))
  .max(WEBHOOK_EVENT_TYPES.length + 1);

const urlSchema = requiredString(2048);
const descriptionSchema = z
  .string(fieldIssue('notString'))
  .trim()
  .max(200, fieldIssue('maxChars', { max: 200 }))
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  .regex(/^[^\u0000-\u001F\u007F]*$/, fieldIssue('controlChars'));

export const createWebhookBody = z.object({
  url: urlSchema,
  events: eventsSchema.optional(),
  description: descriptionSchema.nullish(),
});

export const updateWebhookBody = z.object({
  url: urlSchema.optional(),
  events: eventsSchema.optional(),
  description: descriptionSchema.nullish(),
  enabled: z.boolean(fieldIssue('boolean')).optional(),
});

const GRACE_HOURS = fieldIssue('graceHours', { max: MAX_GRACE_HOURS });
export const rollWebhookSecretBody = z.object({
  grace_hours: z
    .number(GRACE_HOURS)
    .int(GRACE_HOURS)
    .min(0, GRACE_HOURS)
    .max(MAX_GRACE_HOURS, GRACE_HOURS)
    .default(24),
});

export const webhookSettingsBody = z.object({
  credit_low_threshold: z.string(fieldIssue('thresholdText')).nullable(),
});

export const webhookEventsQuery = pageQuery.extend({
  type: oneOf(WEBHOOK_EVENT_TYPES).optional(),
  /** An event id (`evt_…`), or an order_no or batch_no: the events about it. Exact, case as written. */
  q: z
    .string(fieldIssue('notString'))
    .trim()
    .max(64, fieldIssue('maxChars', { max: 64 }))
    .optional()
    .transform((v) => v || undefined),
});

export const resendWebhookBody = z.object({
  /** One endpoint, or (absent) every endpoint the event went to. */
  endpoint_id: z.string().max(64).nullish(),
});
