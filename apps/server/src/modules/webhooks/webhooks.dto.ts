import { WEBHOOK_EVENT_TYPES, type WebhookEvent, type WebhookEventType } from '@tradepost/protocol';
import { z } from 'zod';
import { formatMoney } from '../../shared/money.ts';
import { wireTime } from '../../shared/time.ts';
import { pageSchema } from '../../shared/validation.ts';
import type {
  DeliveryStatus,
  DisabledReason,
  EndpointStatus,
  WebhookAttemptRow,
  WebhookDeliveryRow,
  WebhookEndpointRow,
} from './webhooks.table.ts';

/** An endpoint as the portal, console and CLI show it: never a secret. `events: ['*']` = every type. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  events: Array<WebhookEventType | '*'>;
  description: string | null;
  status: EndpointStatus;
  disabled_reason: DisabledReason | null;
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
  status: DeliveryStatus;
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
  deliveries: WebhookDelivery[];
}

/** One event with its body and every attempt. */
export interface WebhookEventDetail extends WebhookEventSummary {
  body: WebhookEvent;
  attempts: WebhookAttempt[];
}

/** An endpoint in trouble, for the operator console. */
export interface FailingWebhookEndpoint extends WebhookEndpoint {
  merchant_id: string;
  merchant_name: string;
}

export const MAX_ENDPOINTS_PER_MERCHANT = 16;
export const MAX_GRACE_HOURS = 72;
/** The delivery log reaches this far back (webhooks.md: resend any event for 30 days). */
export const LOG_DAYS = 30;

const eventsSchema = z
  .array(
    z.enum(['*', ...WEBHOOK_EVENT_TYPES], {
      error: `must be event types: ${WEBHOOK_EVENT_TYPES.join(', ')} (or *)`,
    }),
    {
      error: 'must be a list of event types',
    },
  )
  .min(1, { error: 'must name at least one event type (or * for all)' })
  .max(WEBHOOK_EVENT_TYPES.length + 1);

const urlSchema = z.string({ error: 'must be a string' }).trim().min(1, { error: 'is required' }).max(2048);
const descriptionSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .max(200, { error: 'must be at most 200 characters' })
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  .regex(/^[^\u0000-\u001F\u007F]*$/, { error: 'must not contain control characters' });

export const createEndpointSchema = z.object({
  url: urlSchema,
  events: eventsSchema.optional(),
  description: descriptionSchema.nullish(),
});

export const updateEndpointSchema = z.object({
  url: urlSchema.optional(),
  events: eventsSchema.optional(),
  description: descriptionSchema.nullish(),
  enabled: z.boolean({ error: 'must be true or false' }).optional(),
});

export const rollSecretSchema = z.object({
  grace_hours: z
    .number({ error: `must be a whole number of hours from 0 to ${MAX_GRACE_HOURS}` })
    .int({ error: `must be a whole number of hours from 0 to ${MAX_GRACE_HOURS}` })
    .min(0, { error: `must be a whole number of hours from 0 to ${MAX_GRACE_HOURS}` })
    .max(MAX_GRACE_HOURS, { error: `must be a whole number of hours from 0 to ${MAX_GRACE_HOURS}` })
    .default(24),
});

export const settingsSchema = z.object({
  credit_low_threshold: z.string({ error: 'must be a decimal string like "100.00", or null' }).nullable(),
});

export const listEventsSchema = pageSchema.extend({
  type: z.enum(WEBHOOK_EVENT_TYPES).optional(),
});

/** `*` alone when every type is wanted; else the distinct types in the spec's order. */
export function normalizeEvents(events: ReadonlyArray<string> | undefined): string {
  if (!events || events.includes('*')) return '*';
  return WEBHOOK_EVENT_TYPES.filter((t) => events.includes(t)).join(',');
}

export function toEndpoint(r: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: r.endpoint_id,
    url: r.url,
    events: r.events.split(',') as WebhookEndpoint['events'],
    description: r.description,
    status: r.status,
    disabled_reason: r.disabled_reason,
    failing_since: r.failing_since && wireTime(r.failing_since),
    previous_secret_expires_at:
      r.previous_secret_expires_at && Date.parse(r.previous_secret_expires_at) > Date.now()
        ? wireTime(r.previous_secret_expires_at)
        : null,
    created_at: wireTime(r.created_at),
    updated_at: wireTime(r.updated_at),
  };
}

export function toDelivery(d: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: d.delivery_id,
    endpoint_id: d.endpoint_id,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.status === 'pending' ? wireTime(d.next_attempt_at) : null,
    last_status_code: d.last_status_code,
    last_error: d.last_error,
  };
}

export function toAttempt(a: WebhookAttemptRow): WebhookAttempt {
  return {
    id: a.attempt_id,
    delivery_id: a.delivery_id,
    endpoint_id: a.endpoint_id,
    attempted_at: wireTime(a.attempted_at),
    status_code: a.status_code,
    latency_ms: a.latency_ms,
    succeeded: a.succeeded === 1,
    error: a.error,
    response_excerpt: a.response_excerpt,
  };
}

export const formatThreshold = (minor: number | null): string | null =>
  minor === null ? null : formatMoney(minor);
