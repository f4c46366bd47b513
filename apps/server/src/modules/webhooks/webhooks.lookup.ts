/**
 * Finding an endpoint or event as a caller may see it, and the refusals when it is not there or
 * not theirs: shared by endpoint management, redelivery and the delivery log.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../shared/app-error.ts';
import { LOG_DAYS, toAttempt, toSummary, type WebhookEventDetail } from './webhooks.dto.ts';
import * as repo from './webhooks.repository.ts';
import type { WebhookEndpointRow } from './webhooks.table.ts';

// An unknown id and another merchant's get one answer, so an id tells nothing of whose it is.
const ENDPOINT_NOT_FOUND = 'endpoint_id: no such webhook endpoint';
const EVENT_NOT_FOUND = 'event_id: no such webhook event in the last 30 days';
export const endpointNotFound = () => new AppError(4001, ENDPOINT_NOT_FOUND);
const eventNotFound = () => new AppError(4001, EVENT_NOT_FOUND);
const ENDPOINT_DISABLED = 'endpoint_id: the endpoint is disabled; enable it first';
export const endpointDisabled = () => new AppError(4001, ENDPOINT_DISABLED);
/** The endpoint is there but disabled: a state to change first, not a wrong request (the CLI's conflict). */
export const isEndpointDisabled = (e: unknown): boolean =>
  e instanceof AppError && e.message === ENDPOINT_DISABLED;

/** The endpoint or event is not there, or not the merchant's: the portal answers it 404. */
export const isWebhookNotFound = (e: unknown): boolean => webhookNotFound(e) !== null;

/** Which thing a not-found refusal is about: a resend names an endpoint as well as an event. */
export const webhookNotFound = (e: unknown): 'endpoint' | 'event' | null =>
  !(e instanceof AppError)
    ? null
    : e.message === ENDPOINT_NOT_FOUND
      ? 'endpoint'
      : e.message === EVENT_NOT_FOUND
        ? 'event'
        : null;

/** The endpoint: `owner`'s (another's is not found, alike), or anyone's (null: the operator's CLI). */
export async function endpointOf(
  db: Kysely<Database>,
  owner: string | null,
  endpointId: unknown,
): Promise<WebhookEndpointRow> {
  const row =
    typeof endpointId === 'string' ? await repo.findEndpoint(db, endpointId, owner ?? undefined) : undefined;
  if (!row) throw endpointNotFound();
  return row;
}

/** An event of the last 30 days with its deliveries and attempts (another merchant's is not found). */
export async function eventDetail(
  db: Kysely<Database>,
  merchantId: string,
  eventId: string,
): Promise<WebhookEventDetail> {
  const e = typeof eventId === 'string' ? await repo.findEvent(db, eventId, merchantId) : undefined;
  if (!e || Date.parse(e.created_at) < Date.now() - LOG_DAYS * 86_400_000) throw eventNotFound();
  const deliveries = await repo.deliveriesOfEvents(db, [e.event_id]);
  const attempts = await repo.attemptsOfEvent(db, e.event_id, deliveries);
  const body = JSON.parse(e.payload) as WebhookEventDetail['body'];
  return { ...toSummary(e, deliveries), body, attempts: attempts.map(toAttempt) };
}
