/**
 * The database side of a delivery worker cycle (webhooks.worker.ts), each step inside the cycle's
 * one writer unit: record finished attempts (delivery states, endpoint failure runs, the disable
 * after failing too long), fan events out to deliveries, claim due ones, hand claims back.
 */
import type { Transaction } from 'kysely';
import type { Database, DialectName } from '../../db/database.ts';
import { type AuditActor, recordAudit } from '../audit/audit.service.ts';
import type { AttemptOutcome } from './webhooks.http.ts';
import { listens, newDelivery } from './webhooks.outbox.ts';
import * as repo from './webhooks.repository.ts';
import { retryDelayMs } from './webhooks.schedule.ts';
import type { WebhookDeliveryRow, WebhookEndpointRow } from './webhooks.table.ts';

/** Who disables an endpoint that failed for 3 days, in the audit log. */
const WORKER_ACTOR: AuditActor = { type: 'system', id: null, label: 'webhook worker', ip: null };

const iso = (ms: number) => new Date(ms).toISOString();

/** The worker's settings the steps follow. */
export interface CycleSettings {
  dialect: DialectName;
  retryDelaysMs: readonly number[];
  giveUpAfterMs: number;
}

/** A delivery this process holds: claimed under `lease`, with what its attempt sends. */
export interface Claim {
  d: WebhookDeliveryRow;
  payload: string;
  eventCreatedAt: string;
  lease: string;
  leaseEndsMs: number;
}
/** An attempt the sender finished, for the next cycle to record. */
export interface Finished {
  c: Claim;
  r: AttemptOutcome;
  at: number;
}

/** What a cycle may still claim: in all (`left`) and per endpoint (`share`); what it claimed. */
export interface Room {
  left: number;
  lease: string;
  leaseEndsMs: number;
  share(endpointId: string): number;
  take(endpointId: string): void;
  claims: Claim[];
}

/** Records finished attempts; returns the merchants whose endpoint it disabled. */
export async function recordAttempts(
  trx: Transaction<Database>,
  cfg: CycleSettings,
  done: readonly Finished[],
  nowMs: number,
) {
  const now = iso(nowMs);
  // Each attempt becomes its delivery's latest, on the delivery's row: one write per delivery
  // settled. A delivery attempted before first moves its previous latest to the log table.
  await repo.moveLatestAttempts(
    trx,
    done
      .filter(({ c }) => c.d.attempts > 0)
      .map(({ c }) => ({ deliveryId: c.d.delivery_id, lease: c.lease })),
  );
  const gaveUp = new Set<string>();
  await repo.settleAttempts(
    trx,
    cfg.dialect,
    done.map(({ c, r, at }) => {
      let status: repo.Settlement['status'] = 'succeeded';
      let next = now;
      if (!r.ok) {
        const retryAt = nowMs + retryDelayMs(c.d.attempts + 1, cfg.retryDelaysMs);
        const giveUp = retryAt > Date.parse(c.d.give_up_at);
        if (giveUp) gaveUp.add(c.d.delivery_id);
        status = giveUp ? 'failed' : 'pending';
        if (!giveUp) next = iso(retryAt);
      }
      return {
        deliveryId: c.d.delivery_id,
        lease: c.lease,
        status,
        nextAttemptAt: next,
        attemptedAt: iso(at),
        statusCode: r.statusCode,
        latencyMs: r.latencyMs,
        error: r.error,
        excerpt: r.excerpt,
      };
    }),
    now,
  );

  // Each endpoint's run of failures, walked in the order of its attempts.
  const disabled: string[] = [];
  const rows = await repo.findEndpoints(trx, [...new Set(done.map((f) => f.c.d.endpoint_id))]);
  for (const ep of rows) {
    if (ep.status === 'deleted') continue; // its attempts were not recorded either (canceled)
    let failingSince = ep.failing_since;
    let disable = false;
    const mine = done.filter((f) => f.c.d.endpoint_id === ep.endpoint_id).sort((a, b) => a.at - b.at);
    for (const { c, r, at } of mine) {
      if (r.ok) {
        failingSince = null;
        continue;
      }
      failingSince ??= iso(at);
      if (
        ep.status === 'enabled' &&
        !disable &&
        (nowMs - Date.parse(failingSince) >= cfg.giveUpAfterMs ||
          (gaveUp.has(c.d.delivery_id) && failingSince <= (await repo.firstAttemptAt(trx, c.d.delivery_id))))
      ) {
        // Failing every delivery for 3 days (or for the whole life of a delivery that just gave
        // up, its first attempt included, nothing succeeding meanwhile): stop, and say why.
        disable = true;
      }
    }
    if (disable) {
      await repo.updateEndpoint(trx, ep.endpoint_id, {
        status: 'disabled',
        disabled_reason: 'failing',
        failing_since: failingSince,
        updated_at: now,
      });
      await recordAudit(trx, WORKER_ACTOR, {
        action: 'webhook.disabled',
        merchantId: ep.merchant_id,
        targetType: 'webhook_endpoint',
        targetId: ep.endpoint_id,
        before: { status: ep.status, disabled_reason: ep.disabled_reason },
        after: { status: 'disabled', disabled_reason: 'failing', failing_since: failingSince },
      });
      disabled.push(ep.merchant_id);
    } else if (failingSince !== ep.failing_since) {
      await repo.updateEndpoint(trx, ep.endpoint_id, { failing_since: failingSince });
    }
  }
  return { disabled, gaveUp };
}

/**
 * Events → one delivery per listening endpoint; the endpoints that got some become hot. A
 * delivery this process has room for is claimed as it is written (`delivering` under the
 * cycle's lease, as `claim` would leave it): no read and update of it again in the same unit.
 */
export async function fanOut(trx: Transaction<Database>, cfg: CycleSettings, nowMs: number, room: Room) {
  const events = await repo.eventsToFanOut(trx, cfg.dialect, 500);
  if (events.length === 0) return { events: 0, targets: [] as string[] };
  // Per merchant: an event goes to its own merchant's endpoints only, never to another's in the batch.
  const listening = new Map<string, WebhookEndpointRow[]>();
  for (const ep of await repo.enabledEndpointsOf(trx, [...new Set(events.map((e) => e.merchant_id))])) {
    const of = listening.get(ep.merchant_id);
    if (of) of.push(ep);
    else listening.set(ep.merchant_id, [ep]);
  }
  const now = iso(nowMs);
  const giveUpAt = iso(nowMs + cfg.giveUpAfterMs);
  const rows: WebhookDeliveryRow[] = [];
  const direct: Claim[] = [];
  const targets = new Set<string>();
  for (const e of events) {
    for (const ep of listening.get(e.merchant_id) ?? []) {
      if (!listens(ep, e)) continue;
      targets.add(ep.endpoint_id);
      const mine = room.left > 0 && room.share(ep.endpoint_id) > 0;
      const d = newDelivery({
        eventId: e.event_id,
        endpointId: ep.endpoint_id,
        merchantId: e.merchant_id,
        now,
        giveUpAt,
        lease: mine ? room.lease : null,
      });
      rows.push(d);
      if (mine) {
        room.take(ep.endpoint_id);
        direct.push({
          d,
          payload: e.payload,
          eventCreatedAt: e.created_at,
          lease: room.lease,
          leaseEndsMs: room.leaseEndsMs,
        });
      }
    }
  }
  const inserted = await repo.insertDeliveries(trx, rows);
  await repo.markFannedOut(
    trx,
    events.map((e) => e.event_id),
  );
  // A delivery that was there already (another fan-out of the event) is not ours to send.
  room.claims.push(...direct.filter((c) => inserted.has(c.d.delivery_id)));
  return { events: events.length, targets: [...targets] };
}

/**
 * Claims due deliveries into the room this process has: per endpoint up to twice its share
 * minus what it holds, in all up to twice the concurrency. Asks only endpoints that may have
 * due work (`candidates`), each by a range read of its own: a long backlog of one endpoint
 * costs the others nothing.
 */
export async function claim(
  trx: Transaction<Database>,
  cfg: CycleSettings,
  nowMs: number,
  candidates: readonly string[],
  lapsed: boolean,
  room: Room,
) {
  const exhausted: string[] = [];
  const now = iso(nowMs);
  const take = (d: repo.DueDelivery) => {
    const { payload, event_created_at, ...row } = d;
    room.take(d.endpoint_id);
    room.claims.push({
      d: row,
      payload,
      eventCreatedAt: event_created_at,
      lease: room.lease,
      leaseEndsMs: room.leaseEndsMs,
    });
  };
  if (room.left > 0 && lapsed) {
    const taken: string[] = [];
    for (const d of await repo.lapsedDeliveries(trx, cfg.dialect, now, room.left)) {
      if (room.left > 0 && room.share(d.endpoint_id) > 0) {
        take(d);
        taken.push(d.delivery_id);
      }
    }
    await repo.markDelivering(trx, taken, room.lease, now);
  }
  const wants: Array<{ endpointId: string; limit: number }> = [];
  let left = room.left;
  for (const endpointId of candidates) {
    const limit = Math.min(room.share(endpointId), left);
    if (limit <= 0) continue;
    wants.push({ endpointId, limit });
    left -= limit;
  }
  const due = await repo.claimDue(trx, cfg.dialect, now, wants, room.lease);
  for (const d of due) take(d);
  // An endpoint that gave fewer than asked has nothing more due (or the rest is locked by another
  // process, which will deliver it); one that gave all it was asked may have more.
  const got = new Map<string, number>();
  for (const d of due) got.set(d.endpoint_id, (got.get(d.endpoint_id) ?? 0) + 1);
  for (const w of wants) if ((got.get(w.endpointId) ?? 0) < w.limit) exhausted.push(w.endpointId);
  const claims = room.claims;
  if (claims.length === 0) return { claims, endpoints: [] as WebhookEndpointRow[], exhausted };
  const endpointIds = [...new Set(claims.map((c) => c.d.endpoint_id))];
  return { claims, endpoints: await repo.findEndpoints(trx, endpointIds), exhausted };
}

/** Hands claims back unsent: pending again at once, for any process. */
export async function handBack(trx: Transaction<Database>, claims: readonly Claim[], nowMs: number) {
  const byLease = new Map<string, string[]>();
  for (const c of claims) byLease.set(c.lease, [...(byLease.get(c.lease) ?? []), c.d.delivery_id]);
  for (const [lease, ids] of byLease) await repo.releaseClaims(trx, ids, lease, iso(nowMs));
}
