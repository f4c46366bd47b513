/** Sending again on request: a test event, an event resent, missed events, deliveries that gave up. */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../shared/app-error.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/audit.service.ts';
import * as creditRepo from '../credit/credit.repository.ts';
import { toCredit } from '../credit/credit.service.ts';
import { LOG_DAYS, type WebhookEventDetail } from './webhooks.dto.ts';
import { endpointDisabled, endpointNotFound, endpointOf, eventDetail } from './webhooks.lookup.ts';
import { newDelivery, takesType } from './webhooks.outbox.ts';
import * as repo from './webhooks.repository.ts';
import { GIVE_UP_AFTER_MS } from './webhooks.schedule.ts';
import type { WebhooksDeps, WebhooksService } from './webhooks.service.ts';
import type { WebhookEndpointRow } from './webhooks.table.ts';

/** Events queued by one "Send missed events" at most: one unit of bounded size; `more` says to press again. */
export const MISSED_BATCH = 5_000;
const IN_FLIGHT = 'it is being delivered to that endpoint right now; resend it once this attempt has ended';
const ALL_IN_FLIGHT =
  'it is being delivered right now to every endpoint it went to; resend it once those attempts have ended';

export function redeliveryActions(
  deps: WebhooksDeps,
): Pick<WebhooksService, 'sendTest' | 'resend' | 'sendMissed' | 'resendFailed'> {
  const { db, writer, outbox } = deps;

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
    const ep = await endpointOf(db, merchantId, endpointId ?? testFor!);
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
    async sendTest(merchantId, endpointId) {
      const ep = await endpointOf(db, merchantId, endpointId);
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
      const d = await eventDetail(db, merchantId, eventId);
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
      return { ...(await eventDetail(db, merchantId, eventId)), in_flight: inFlight };
    },

    async sendMissed(owner, endpointId) {
      const ep = await endpointOf(db, owner, endpointId);
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
      const ep = await endpointOf(db, null, endpointId);
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
  };
}
