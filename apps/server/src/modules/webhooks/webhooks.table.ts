import type { GeneratedAlways, Selectable } from 'kysely';

/**
 * `deleted`: by its merchant or an operator (migration 2026-12-02-webhook-endpoints-deleted). The
 * row stays for the history that names it; nothing lists it, edits it or sends to it.
 */
export type EndpointStatus = 'enabled' | 'disabled' | 'deleted';
/**
 * Why an endpoint is disabled: by its merchant (or the CLI), by an operator in the console, or by
 * the worker after 3 days of failures.
 */
export type DisabledReason = 'merchant' | 'operator' | 'failing';
/** `canceled`: its endpoint was deleted before it was delivered or gave up; never attempted again. */
export type DeliveryStatus = 'pending' | 'delivering' | 'succeeded' | 'failed' | 'canceled';

/**
 * A merchant's receiver. `events` is a comma list of event types, or `*` for all. Secrets are
 * sealed (shared/secret-box.ts); during a roll's grace period the previous one signs too. A
 * deleted endpoint's `secret_sealed` is '' (the column is NOT NULL) and its previous one null.
 */
export interface WebhookEndpointsTable {
  endpoint_id: string;
  merchant_id: string;
  url: string;
  events: string;
  description: string | null;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: string | null;
  status: EndpointStatus;
  disabled_reason: DisabledReason | null;
  /** Start of the current run of failed attempts; null after any success. */
  failing_since: string | null;
  created_at: string;
  updated_at: string;
  /** When it was deleted (status `deleted`; its sealed secrets are then empty). */
  deleted_at: string | null;
}

/** Per-merchant webhook settings: the `credit.low` threshold in minor units (null = off). */
export interface WebhookSettingsTable {
  merchant_id: string;
  credit_low_threshold: number | null;
  updated_at: string;
}

/**
 * The outbox: one row per event, written in the same unit as the change it reports. `payload` is
 * the exact body every attempt sends. `fanned_out` = 0 until the worker made its deliveries.
 */
export interface WebhookEventsTable {
  event_id: string;
  merchant_id: string;
  type: string;
  payload: string;
  /** Test events go only to the endpoint they were sent to (`endpoint_id`), never fanned out. */
  endpoint_id: string | null;
  fanned_out: number;
  created_at: string;
  /** Its order's order_no, its batch's batch_no, null for credit: generated from `payload` (migration 2026-12-01-webhook-events-about). */
  about: GeneratedAlways<string | null>;
}

/** One event for one endpoint: the unit of retrying, claiming and resending. */
export interface WebhookDeliveriesTable {
  delivery_id: string;
  event_id: string;
  endpoint_id: string;
  merchant_id: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  /** While `delivering`: the claim expires at this time (a killed process's claim runs out). */
  lease_until: string | null;
  /** Retries stop and the delivery fails after this (first attempt + 3 days; reset by a resend). */
  give_up_at: string;
  /**
   * The latest attempt (migration 2026-11-29-webhooks-deliveries-narrow): when it started, its
   * HTTP status (null: no answer), error, latency and the first 1 KB of the answer. Earlier
   * attempts are rows of webhook_attempts; all null until the first attempt.
   */
  last_status_code: number | null;
  last_error: string | null;
  last_attempted_at: string | null;
  last_latency_ms: number | null;
  last_excerpt: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * A delivery's attempts before its latest (which is on the delivery's row), as the portal's
 * delivery log shows them.
 */
export interface WebhookAttemptsTable {
  attempt_id: string;
  delivery_id: string;
  event_id: string;
  endpoint_id: string;
  attempted_at: string;
  /** HTTP status, or null when no answer came (timeout, refused, blocked address). */
  status_code: number | null;
  latency_ms: number;
  succeeded: number;
  error: string | null;
  /** The first 1 KB of the response body. */
  response_excerpt: string | null;
}

export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookEventRow = Selectable<WebhookEventsTable>;
/** An event as written: `about` is the database's to fill. */
export type NewWebhookEventRow = Omit<WebhookEventRow, 'about'>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type WebhookAttemptRow = Selectable<WebhookAttemptsTable>;
