import type { ListPage } from '@tradepost/web-contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Writer } from '../../db/writer.ts';
import type { SecretBox } from '../../shared/secret-box.ts';
import type { AuditActor } from '../audit/audit.service.ts';
import type {
  FailingWebhookEndpoint,
  ResentFailedDeliveries,
  ResentWebhookEvent,
  SentMissedEvents,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
  WebhookEventDetail,
  WebhookEventSummary,
  WebhookSettings,
} from './webhooks.dto.ts';
import { endpointActions } from './webhooks.endpoints.ts';
import { deliveryLog } from './webhooks.log.ts';
import type { WebhookOutbox } from './webhooks.outbox.ts';
import { redeliveryActions } from './webhooks.redelivery.ts';
import { settingsActions } from './webhooks.settings.ts';

export type * from './webhooks.dto.ts';

/**
 * Who makes an endpoint or settings change, for its audit entry (written in the change's unit).
 * Doors pass their session's actor; without one it is the CLI's `SYSTEM_ACTOR`.
 */
export interface WebhookChangeOptions {
  actor?: AuditActor | undefined;
}

/** Every webhook rule for every door (portal, console, CLI). Merchant-scoped unless said otherwise. */
export interface WebhooksService {
  createEndpoint(
    merchantId: string,
    input: unknown,
    opts?: WebhookChangeOptions,
  ): Promise<WebhookEndpointWithSecret>;
  listEndpoints(merchantId: string): Promise<WebhookEndpoint[]>;
  getEndpoint(merchantId: string, endpointId: string): Promise<WebhookEndpoint>;
  /** URL, events, description, and `enabled` (re-enabling clears a "failing" disable). */
  updateEndpoint(
    merchantId: string,
    endpointId: string,
    input: unknown,
    opts?: WebhookChangeOptions,
  ): Promise<WebhookEndpoint>;
  /**
   * Deletes an endpoint (`owner`'s; null: anyone's, the operator's CLI): nothing is sent to it from
   * then on — its queued deliveries are canceled, and claims of them a sender holds are dropped
   * before they start — its secrets are wiped, and it frees its place under the cap. Its deliveries
   * stay in the delivery log, naming its URL. Returns it as it was.
   */
  deleteEndpoint(
    owner: string | null,
    endpointId: string,
    opts?: WebhookChangeOptions,
  ): Promise<WebhookEndpoint>;
  /**
   * Operators (CLI, console): enables or disables any merchant's endpoint by id, `note` saying why
   * in its audit entry. Enabling clears a disable for failing and its failure run, as the portal's
   * enable does: its paused deliveries are retried. An operator's disable (an operator actor, the
   * console) reads `operator` to the merchant; the CLI's reads `merchant`, as it always did. The
   * status it has already changes nothing and records nothing (a double press; an enabled
   * endpoint's failure run is the worker's to end, on a success).
   */
  setEndpointEnabledAny(
    endpointId: string,
    enabled: boolean,
    opts?: WebhookChangeOptions & { note?: string | undefined },
  ): Promise<WebhookEndpoint>;
  /** A new secret, shown once; the old one keeps signing for `grace_hours` (0–72, default 24). */
  rollSecret(
    merchantId: string,
    endpointId: string,
    input: unknown,
    opts?: WebhookChangeOptions,
  ): Promise<WebhookEndpointWithSecret>;
  getSettings(merchantId: string): Promise<WebhookSettings>;
  updateSettings(merchantId: string, input: unknown, opts?: WebhookChangeOptions): Promise<WebhookSettings>;
  /** Sends `credit.updated` with the merchant's current credit to this endpoint only. Returns the event id. */
  sendTest(merchantId: string, endpointId: string): Promise<{ event_id: string }>;
  /**
   * Queues the event again now, for one endpoint or every endpoint it went to (a deleted one's
   * delivery is history, never resent). An enabled endpoint that takes the type but never got the
   * event (it was disabled then, or registered after) gets its first delivery: named, or, when the
   * event went to none, with every other such endpoint. A delivery being attempted right now is
   * left alone: named, that is refused; of every endpoint, it is skipped and said in `in_flight`
   * (refused only when nothing else was resent).
   */
  resend(merchantId: string, eventId: string, endpointId?: string | null): Promise<ResentWebhookEvent>;
  /**
   * Queues, for an enabled endpoint, the events of the last 30 days it takes and never got (it was
   * disabled then), oldest first, up to MISSED_BATCH at a time. `merchantId` null: whoever's the
   * endpoint is (the operator's CLI).
   */
  sendMissed(merchantId: string | null, endpointId: string): Promise<SentMissedEvents>;
  /**
   * Operators (console): queues again, now, an endpoint's deliveries that gave up, of the last 30
   * days: each the same delivery of the same event (its id unchanged, webhooks.md), retried with a
   * fresh 3 days, oldest first, up to MISSED_BATCH at a time. A disabled endpoint's wait, paused,
   * until it is enabled again, as the portal's resend of one event leaves them (so an operator may
   * resend and then enable: enabled, it is no longer listed as failing). Audited when it queued any.
   */
  resendFailed(endpointId: string, opts?: WebhookChangeOptions): Promise<ResentFailedDeliveries>;
  /** The delivery log: events of the last 30 days, newest first, with their deliveries. */
  listEvents(merchantId: string, params: unknown): Promise<ListPage<WebhookEventSummary>>;
  getEvent(merchantId: string, eventId: string): Promise<WebhookEventDetail>;
  /** Operators: endpoints failing now or disabled for failing, across merchants. */
  listFailingEndpoints(): Promise<FailingWebhookEndpoint[]>;
}

/** What the service's parts are made with. */
export interface WebhooksDeps {
  db: Kysely<Database>;
  writer: Writer;
  box: SecretBox;
  outbox: WebhookOutbox;
  allowPrivate: boolean;
}

/** The service, made of its parts: one file each (webhooks.<part>.ts). */
export function createWebhooksService(deps: WebhooksDeps): WebhooksService {
  return {
    ...endpointActions(deps),
    ...settingsActions(deps),
    ...redeliveryActions(deps),
    ...deliveryLog(deps),
  };
}
