import { WEBHOOK_EVENT_TYPES } from '@tradepost/protocol';
import type {
  WebhookAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEventSummary,
} from '@tradepost/web-contract';
import { formatMoney } from '../../shared/money.ts';
import { wireTime } from '../../shared/time.ts';
import type { LoggedDelivery } from './webhooks.repository.ts';
import type { WebhookAttemptRow, WebhookEndpointRow, WebhookEventRow } from './webhooks.table.ts';

export type {
  FailingWebhookEndpoint,
  ResentFailedDeliveries,
  ResentWebhookEvent,
  SentMissedEvents,
  WebhookAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
  WebhookEventDetail,
  WebhookEventSummary,
  WebhookSettings,
} from '@tradepost/web-contract';

export const MAX_ENDPOINTS_PER_MERCHANT = 16;
export const MAX_GRACE_HOURS = 72;
/** The delivery log reaches this far back (webhooks.md: resend any event for 30 days). */
export const LOG_DAYS = 30;

export {
  createWebhookBody as createEndpointSchema,
  rollWebhookSecretBody as rollSecretSchema,
  updateWebhookBody as updateEndpointSchema,
  webhookEventsQuery as listEventsSchema,
  webhookSettingsBody as settingsSchema,
} from '@tradepost/web-contract';

/** `*` alone when every type is wanted; else the distinct types in the spec's order. */
export function normalizeEvents(events: ReadonlyArray<string> | undefined): string {
  if (!events || events.includes('*')) return '*';
  return WEBHOOK_EVENT_TYPES.filter((t) => events.includes(t)).join(',');
}

/** An endpoint as shown: never a deleted one (nothing that shows endpoints reads those). */
export function toEndpoint(r: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: r.endpoint_id,
    url: r.url,
    events: r.events.split(',') as WebhookEndpoint['events'],
    description: r.description,
    status: r.status === 'enabled' ? 'enabled' : 'disabled',
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

/** A delivery-log row: the event and where it went (`deliveries`: the event's own). */
export function toSummary(e: WebhookEventRow, deliveries: readonly LoggedDelivery[]): WebhookEventSummary {
  return {
    id: e.event_id,
    type: e.type as WebhookEventSummary['type'],
    created_at: (JSON.parse(e.payload) as { created_at: string }).created_at,
    about: e.about,
    queued: e.fanned_out === 0,
    test_endpoint_id: e.endpoint_id,
    deliveries: deliveries.map(toDelivery),
  };
}

export function toDelivery(d: LoggedDelivery): WebhookDelivery {
  // Unsettled but its endpoint deleted (a unit that wrote it raced the delete): never sent, so canceled.
  const status =
    d.endpoint_status === 'deleted' && (d.status === 'pending' || d.status === 'delivering')
      ? 'canceled'
      : d.status;
  return {
    id: d.delivery_id,
    endpoint_id: d.endpoint_id,
    endpoint_url: d.url,
    endpoint_status: d.endpoint_status,
    status,
    attempts: d.attempts,
    next_attempt_at: status === 'pending' ? wireTime(d.next_attempt_at) : null,
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
