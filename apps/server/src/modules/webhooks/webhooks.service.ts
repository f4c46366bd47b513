import { fieldMessage, type ListPage } from '@tradepost/web-contract';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Writer } from '../../db/writer.ts';
import { AppError } from '../../shared/app-error.ts';
import { newId } from '../../shared/ids.ts';
import { MAX_BALANCE_MINOR, parseMoney } from '../../shared/money.ts';
import type { SecretBox } from '../../shared/secret-box.ts';
import { nowIso, wireTime } from '../../shared/time.ts';
import { asParams, parseInput } from '../../shared/validation.ts';
import { type AuditActor, type AuditEntry, recordAudit, SYSTEM_ACTOR } from '../audit/audit.service.ts';
import * as creditRepo from '../credit/credit.repository.ts';
import { toCredit } from '../credit/credit.service.ts';
import { urlProblem } from './webhooks.address.ts';
import {
  createEndpointSchema,
  type FailingWebhookEndpoint,
  formatThreshold,
  listEventsSchema,
  LOG_DAYS,
  MAX_ENDPOINTS_PER_MERCHANT,
  normalizeEvents,
  type ResentFailedDeliveries,
  type ResentWebhookEvent,
  rollSecretSchema,
  type SentMissedEvents,
  settingsSchema,
  toAttempt,
  toSummary,
  toEndpoint,
  updateEndpointSchema,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
  type WebhookEventDetail,
  type WebhookEventSummary,
  type WebhookSettings,
} from './webhooks.dto.ts';
import { newDelivery, takesType, type WebhookOutbox } from './webhooks.outbox.ts';
import * as repo from './webhooks.repository.ts';
import { newWebhookSecret, previousSecretContext, secretContext } from './webhooks.secrets.ts';
import { GIVE_UP_AFTER_MS } from './webhooks.schedule.ts';
import type { WebhookEndpointRow } from './webhooks.table.ts';

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

/**
 * A URL as the audit log keeps it: scheme, host and path. Query strings, fragments and user info
 * may carry tokens, and the log is read by every operator.
 */
export function auditUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(unparseable)';
  }
}

/** The audit entry of an endpoint's status change, or none when the status stays. */
function statusEntry(before: WebhookEndpointRow, after: Partial<WebhookEndpointRow>): AuditEntry | null {
  if (after.status === undefined || after.status === before.status) return null;
  return {
    action: after.status === 'enabled' ? 'webhook.enabled' : 'webhook.disabled',
    merchantId: before.merchant_id,
    targetType: 'webhook_endpoint',
    targetId: before.endpoint_id,
    before: { status: before.status, disabled_reason: before.disabled_reason },
    after: { status: after.status, disabled_reason: after.disabled_reason ?? null },
  };
}

// An unknown id and another merchant's get one answer, so an id tells nothing of whose it is.
const ENDPOINT_NOT_FOUND = 'endpoint_id: no such webhook endpoint';
const EVENT_NOT_FOUND = 'event_id: no such webhook event in the last 30 days';
const endpointNotFound = () => new AppError(4001, ENDPOINT_NOT_FOUND);
const eventNotFound = () => new AppError(4001, EVENT_NOT_FOUND);
/** Events queued by one "Send missed events" at most: one unit of bounded size; `more` says to press again. */
export const MISSED_BATCH = 5_000;
const endpointDisabled = () => new AppError(4001, 'endpoint_id: the endpoint is disabled; enable it first');
const IN_FLIGHT = 'it is being delivered to that endpoint right now; resend it once this attempt has ended';
const ALL_IN_FLIGHT =
  'it is being delivered right now to every endpoint it went to; resend it once those attempts have ended';

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

export function createWebhooksService(deps: {
  db: Kysely<Database>;
  writer: Writer;
  box: SecretBox;
  outbox: WebhookOutbox;
  allowPrivate: boolean;
}): WebhooksService {
  const { db, writer, box, outbox } = deps;
  const policy = { allowPrivate: deps.allowPrivate };

  /**
   * The URL as it is stored, shown and posted to: its WHATWG serialization (the form the address
   * rule checked and the sender connects to), so that what the portal and CLI show is where
   * deliveries go — an IDN host in punycode (no look-alike letters), backslashes, dot segments,
   * default ports and case resolved — and the rule applies to that form too (its length included).
   */
  function checkUrl(url: string, actor: AuditActor | undefined): string {
    const reader = actor?.type === 'merchant' ? 'merchant' : 'operator';
    let problem = urlProblem(url, policy, reader);
    const href = problem === null ? new URL(url).href : url;
    problem ??= urlProblem(href, policy, reader);
    if (problem) throw new AppError(4001, `url: ${problem}`);
    return href;
  }

  /** The endpoint: `owner`'s (another's is not found, alike), or anyone's (null: the operator's CLI). */
  async function endpointOf(owner: string | null, endpointId: unknown): Promise<WebhookEndpointRow> {
    const row =
      typeof endpointId === 'string'
        ? await repo.findEndpoint(db, endpointId, owner ?? undefined)
        : undefined;
    if (!row) throw endpointNotFound();
    return row;
  }

  async function detail(merchantId: string, eventId: string): Promise<WebhookEventDetail> {
    const e = typeof eventId === 'string' ? await repo.findEvent(db, eventId, merchantId) : undefined;
    if (!e || Date.parse(e.created_at) < Date.now() - LOG_DAYS * 86_400_000) throw eventNotFound();
    const deliveries = await repo.deliveriesOfEvents(db, [e.event_id]);
    const attempts = await repo.attemptsOfEvent(db, e.event_id, deliveries);
    const body = JSON.parse(e.payload) as WebhookEventDetail['body'];
    return { ...toSummary(e, deliveries), body, attempts: attempts.map(toAttempt) };
  }

  /**
   * The endpoints an event that has no delivery to them may be sent to on request: `endpointId`
   * alone (refused, saying why, unless enabled and taking the type), or else every enabled endpoint
   * taking it.
   */
  async function endpointsForFirstSend(
    merchantId: string,
    event: WebhookEventDetail,
    endpointId: string | null,
  ): Promise<WebhookEndpointRow[]> {
    const testFor = event.test_endpoint_id;
    if (testFor !== null && endpointId !== null && endpointId !== testFor)
      throw new AppError(4001, 'endpoint_id: a test event goes only to the endpoint it was sent to');
    if (endpointId === null && testFor === null)
      return (await repo.listEndpoints(db, merchantId)).filter(
        (ep) => ep.status === 'enabled' && takesType(ep, event.type),
      );
    const ep = await endpointOf(merchantId, endpointId ?? testFor!);
    if (ep.status !== 'enabled') throw endpointDisabled();
    if (!takesType(ep, event.type))
      throw new AppError(4001, `endpoint_id: the endpoint does not take ${event.type} events`);
    return [ep];
  }

  /**
   * First deliveries of events to endpoints that never got them (resend, send missed), pending,
   * due now. `write` inserts them in a unit, those to `live` endpoints only (not deleted meanwhile:
   * repo.liveEndpointIds); one a racing resend or fan-out wrote first is skipped.
   */
  function queueFirst(merchantId: string, pairs: Array<{ eventId: string; endpointId: string }>, now: Date) {
    const giveUpAt = new Date(now.getTime() + GIVE_UP_AFTER_MS).toISOString();
    const rows = pairs.map((p) =>
      newDelivery({ ...p, merchantId, now: now.toISOString(), giveUpAt, lease: null }),
    );
    return {
      giveUpAt,
      write: (trx: Transaction<Database>, live: ReadonlySet<string>) =>
        repo.insertDeliveries(
          trx,
          rows.filter((r) => live.has(r.endpoint_id)),
        ),
    };
  }

  return {
    async createEndpoint(merchantId, input, opts = {}) {
      const i = parseInput(createEndpointSchema, input);
      const url = checkUrl(i.url, opts.actor);
      const secret = newWebhookSecret();
      const now = nowIso();
      const endpointId = newId('we_');
      const row: WebhookEndpointRow = {
        endpoint_id: endpointId,
        merchant_id: merchantId,
        url,
        events: normalizeEvents(i.events),
        description: i.description || null,
        secret_sealed: box.seal(secret, secretContext(endpointId)),
        previous_secret_sealed: null,
        previous_secret_expires_at: null,
        status: 'enabled',
        disabled_reason: null,
        failing_since: null,
        created_at: now,
        updated_at: now,
        deleted_at: null,
      };
      await writer.run(async (trx) => {
        const existing = await repo.listEndpoints(trx, merchantId);
        if (existing.length >= MAX_ENDPOINTS_PER_MERCHANT) {
          throw new AppError(
            4001,
            `url: ${fieldMessage('maxEndpoints', { max: MAX_ENDPOINTS_PER_MERCHANT })}`,
          );
        }
        await repo.insertEndpoint(trx, row);
        await recordAudit(trx, opts.actor ?? SYSTEM_ACTOR, {
          action: 'webhook.created',
          merchantId,
          targetType: 'webhook_endpoint',
          targetId: endpointId,
          after: { url: auditUrl(row.url), events: row.events, status: row.status },
        });
      });
      outbox.invalidate(merchantId);
      return { endpoint: toEndpoint(row), secret };
    },

    async listEndpoints(merchantId) {
      return (await repo.listEndpoints(db, merchantId)).map(toEndpoint);
    },

    async getEndpoint(merchantId, endpointId) {
      return toEndpoint(await endpointOf(merchantId, endpointId));
    },

    async updateEndpoint(merchantId, endpointId, input, opts = {}) {
      const i = parseInput(updateEndpointSchema, input);
      const url = i.url === undefined ? undefined : checkUrl(i.url, opts.actor);
      const current = await endpointOf(merchantId, endpointId);
      const now = nowIso();
      const set: Partial<WebhookEndpointRow> = { updated_at: now };
      if (url !== undefined) set.url = url;
      if (i.events !== undefined) set.events = normalizeEvents(i.events);
      if (i.description !== undefined) set.description = i.description || null;
      if (i.enabled === true)
        Object.assign(set, { status: 'enabled', disabled_reason: null, failing_since: null });
      if (i.enabled === false) Object.assign(set, { status: 'disabled', disabled_reason: 'merchant' });
      // What changed besides the status: URL, events, description (the URL as auditUrl keeps it).
      const changed = (['url', 'events', 'description'] as const).filter(
        (k) => set[k] !== undefined && set[k] !== current[k],
      );
      const shown = (r: Partial<WebhookEndpointRow>) =>
        Object.fromEntries(changed.map((k) => [k, k === 'url' ? auditUrl(r.url!) : r[k]]));
      const entries = [
        ...(changed.length > 0
          ? [
              {
                action: 'webhook.updated' as const,
                merchantId,
                targetType: 'webhook_endpoint',
                targetId: current.endpoint_id,
                before: shown(current),
                after: shown(set),
              },
            ]
          : []),
        ...[statusEntry(current, set)].filter((e) => e !== null),
      ];
      await writer.run(async (trx) => {
        if (!(await repo.updateEndpoint(trx, current.endpoint_id, set))) throw endpointNotFound();
        await recordAudit(trx, opts.actor ?? SYSTEM_ACTOR, entries);
      });
      outbox.invalidate(merchantId);
      return toEndpoint({ ...current, ...set });
    },

    async setEndpointEnabledAny(endpointId, enabled, opts = {}) {
      const current = await endpointOf(null, endpointId);
      if (current.status === (enabled ? 'enabled' : 'disabled')) return toEndpoint(current);
      const set: Partial<WebhookEndpointRow> = enabled
        ? { status: 'enabled', disabled_reason: null, failing_since: null, updated_at: nowIso() }
        : {
            status: 'disabled',
            disabled_reason: opts.actor?.type === 'operator' ? 'operator' : 'merchant',
            updated_at: nowIso(),
          };
      const entry = statusEntry(current, set);
      await writer.run(async (trx) => {
        if (!(await repo.updateEndpoint(trx, current.endpoint_id, set))) throw endpointNotFound();
        if (entry) await recordAudit(trx, opts.actor ?? SYSTEM_ACTOR, { ...entry, note: opts.note ?? null });
      });
      outbox.invalidate(current.merchant_id);
      return toEndpoint({ ...current, ...set });
    },

    async deleteEndpoint(owner, endpointId, opts = {}) {
      const current = await endpointOf(owner, endpointId);
      await writer.run(async (trx) => {
        // Deleted by a racing request meanwhile: gone, as for an unknown id (one audit entry).
        if (!(await repo.markDeleted(trx, current.endpoint_id, nowIso()))) throw endpointNotFound();
        await recordAudit(trx, opts.actor ?? SYSTEM_ACTOR, {
          action: 'webhook.deleted',
          merchantId: current.merchant_id,
          targetType: 'webhook_endpoint',
          targetId: current.endpoint_id,
          before: { url: auditUrl(current.url), events: current.events, status: current.status },
        });
      });
      outbox.deleted(current.merchant_id, current.endpoint_id);
      return toEndpoint(current);
    },

    async rollSecret(merchantId, endpointId, input, opts = {}) {
      const { grace_hours } = parseInput(rollSecretSchema, asParams(input));
      const current = await endpointOf(merchantId, endpointId);
      const secret = newWebhookSecret();
      const now = Date.now();
      const id = current.endpoint_id;
      const set: Partial<WebhookEndpointRow> = {
        secret_sealed: box.seal(secret, secretContext(id)),
        previous_secret_sealed:
          grace_hours > 0
            ? box.seal(box.open(current.secret_sealed, secretContext(id)), previousSecretContext(id))
            : null,
        previous_secret_expires_at:
          grace_hours > 0 ? new Date(now + grace_hours * 3_600_000).toISOString() : null,
        updated_at: new Date(now).toISOString(),
      };
      await writer.run(async (trx) => {
        if (!(await repo.updateEndpoint(trx, id, set))) throw endpointNotFound();
        await recordAudit(trx, opts.actor ?? SYSTEM_ACTOR, {
          action: 'webhook.secret_rolled',
          merchantId,
          targetType: 'webhook_endpoint',
          targetId: id,
          after: { grace_hours, previous_secret_expires_at: set.previous_secret_expires_at },
        });
      });
      return { endpoint: toEndpoint({ ...current, ...set }), secret };
    },

    async getSettings(merchantId) {
      const s = await repo.findThreshold(db, merchantId);
      return { credit_low_threshold: formatThreshold(s?.credit_low_threshold ?? null) };
    },

    async updateSettings(merchantId, input, opts = {}) {
      const i = parseInput(settingsSchema, input);
      let minor: number | null = null;
      if (i.credit_low_threshold !== null) {
        minor = parseMoney(i.credit_low_threshold);
        if (minor === null || minor < 0 || minor > MAX_BALANCE_MINOR) {
          throw new AppError(4001, `credit_low_threshold: ${fieldMessage('threshold')}`);
        }
      }
      await writer.run(async (trx) => {
        const before = (await repo.findThreshold(trx, merchantId))?.credit_low_threshold ?? null;
        if (before === minor) return; // the same threshold again: nothing changes, nothing to record
        await repo.upsertThreshold(trx, merchantId, minor, nowIso());
        await recordAudit(trx, opts.actor ?? SYSTEM_ACTOR, {
          action: 'webhook.threshold_changed',
          merchantId,
          targetType: 'webhook_settings',
          targetId: merchantId,
          before: { credit_low_threshold: formatThreshold(before) },
          after: { credit_low_threshold: formatThreshold(minor) },
        });
      });
      outbox.invalidate(merchantId);
      return { credit_low_threshold: formatThreshold(minor) };
    },

    async sendTest(merchantId, endpointId) {
      const ep = await endpointOf(merchantId, endpointId);
      if (ep.status !== 'enabled') throw endpointDisabled();
      const eventId = await writer.run(async (trx) => {
        const account = await creditRepo.findAccount(trx, merchantId);
        if (!account)
          throw new AppError(
            4001,
            'endpoint_id: a test event carries your credit, and there is no credit account',
          );
        return outbox.emit(trx, merchantId, 'credit.updated', toCredit(account), {
          endpointId: ep.endpoint_id,
          force: true,
        });
      });
      return { event_id: eventId! };
    },

    async resend(merchantId, eventId, endpointId) {
      const d = await detail(merchantId, eventId);
      // A deleted endpoint's delivery is history: never resent (named, it is not found).
      const targets = d.deliveries.filter(
        (x) => x.endpoint_status !== 'deleted' && (!endpointId || x.endpoint_id === endpointId),
      );
      const firsts =
        targets.length === 0 ? await endpointsForFirstSend(merchantId, d, endpointId ?? null) : [];
      if (targets.length === 0 && firsts.length === 0) {
        throw new AppError(
          4001,
          'event_id: this event went to no endpoint, and no enabled endpoint takes its type',
        );
      }
      const now = new Date();
      const first = queueFirst(
        merchantId,
        firsts.map((ep) => ({ eventId: d.id, endpointId: ep.endpoint_id })),
        now,
      );
      const inFlight = await writer.run(async (trx) => {
        const live = await repo.liveEndpointIds(trx, [
          ...targets.map((t) => t.endpoint_id),
          ...firsts.map((ep) => ep.endpoint_id),
        ]);
        if (endpointId && !live.has(endpointId)) throw endpointNotFound(); // deleted meanwhile
        const busy: string[] = [];
        for (const t of targets) {
          if (!live.has(t.endpoint_id)) continue;
          // An attempt under way would settle the row after this and swallow the resend: left
          // alone. Named, that is refused (the unit rolls back) and the merchant presses again once
          // it ended; of every endpoint, the others are resent and the answer names it.
          if (!(await repo.requeueDelivery(trx, t.id, now.toISOString(), first.giveUpAt)))
            busy.push(t.endpoint_id);
        }
        if (endpointId && busy.length > 0) throw new AppError(4001, `event_id: ${IN_FLIGHT}`);
        const inserted = await first.write(trx, live);
        if (busy.length > 0 && busy.length === targets.length && inserted.size === 0)
          throw new AppError(4001, `event_id: ${ALL_IN_FLIGHT}`);
        return busy;
      });
      outbox.notify();
      return { ...(await detail(merchantId, eventId)), in_flight: inFlight };
    },

    async sendMissed(owner, endpointId) {
      const ep = await endpointOf(owner, endpointId);
      if (ep.status !== 'enabled') throw endpointDisabled();
      const merchantId = ep.merchant_id;
      const since = new Date(Date.now() - LOG_DAYS * 86_400_000).toISOString();
      const missed = await repo.missedEvents(db, merchantId, ep, since, MISSED_BATCH + 1);
      const first = queueFirst(
        merchantId,
        missed.slice(0, MISSED_BATCH).map((e) => ({ eventId: e.event_id, endpointId: ep.endpoint_id })),
        new Date(),
      );
      const inserted = await writer.run(async (trx) => {
        const live = await repo.liveEndpointIds(trx, [ep.endpoint_id]);
        if (!live.has(ep.endpoint_id)) throw endpointNotFound(); // deleted meanwhile
        return first.write(trx, live);
      });
      if (inserted.size > 0) outbox.notify();
      return { queued: inserted.size, more: missed.length > MISSED_BATCH };
    },

    async resendFailed(endpointId, opts = {}) {
      const ep = await endpointOf(null, endpointId);
      const since = new Date(Date.now() - LOG_DAYS * 86_400_000).toISOString();
      const ids = await repo.failedDeliveryIds(db, ep.endpoint_id, since, MISSED_BATCH + 1);
      const now = new Date();
      const giveUpAt = new Date(now.getTime() + GIVE_UP_AFTER_MS).toISOString();
      const queued = await writer.run(async (trx) => {
        const live = await repo.liveEndpointIds(trx, [ep.endpoint_id]);
        if (!live.has(ep.endpoint_id)) throw endpointNotFound(); // deleted meanwhile
        const n = await repo.requeueFailed(trx, ids.slice(0, MISSED_BATCH), now.toISOString(), giveUpAt);
        if (n > 0)
          await recordAudit(trx, opts.actor ?? SYSTEM_ACTOR, {
            action: 'webhook.deliveries_resent',
            merchantId: ep.merchant_id,
            targetType: 'webhook_endpoint',
            targetId: ep.endpoint_id,
            after: { queued: n },
          });
        return n;
      });
      if (queued > 0) outbox.notify();
      return { queued, more: ids.length > MISSED_BATCH };
    },

    async listEvents(merchantId, params) {
      const p = parseInput(listEventsSchema, asParams(params));
      const since = new Date(Date.now() - LOG_DAYS * 86_400_000).toISOString();
      const { rows, ...total } = await repo.listEvents(db, merchantId, {
        page: p.page,
        pageSize: p.page_size,
        since,
        type: p.type,
        q: p.q,
      });
      const deliveries = await repo.deliveriesOfEvents(
        db,
        rows.map((r) => r.event_id),
      );
      return {
        items: rows.map((r) =>
          toSummary(
            r,
            deliveries.filter((d) => d.event_id === r.event_id),
          ),
        ),
        page: p.page,
        page_size: p.page_size,
        ...total,
      };
    },

    getEvent: detail,

    async listFailingEndpoints() {
      const rows = await repo.failingEndpoints(db);
      const since = new Date(Date.now() - LOG_DAYS * 86_400_000).toISOString();
      const trouble = await repo.troubleOf(
        db,
        rows.map((r) => r.endpoint_id),
        since,
      );
      return rows.map((r) => {
        const t = trouble.get(r.endpoint_id);
        return {
          ...toEndpoint(r),
          merchant_id: r.merchant_id,
          merchant_name: r.merchant_name,
          last_failure: t?.last_attempted_at
            ? {
                attempted_at: wireTime(t.last_attempted_at),
                status_code: t.last_status_code,
                error: t.last_error,
              }
            : null,
          pending_deliveries: t?.pending ?? 0,
          failed_deliveries: t?.failed ?? 0,
        };
      });
    },
  };
}
