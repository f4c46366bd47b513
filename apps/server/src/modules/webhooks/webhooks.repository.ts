import { type Kysely, sql, type Transaction } from 'kysely';
import { type Database, type DialectName, onPostgres } from '../../db/database.ts';
import { countCapped, paginate, type PageRows } from '../../db/paginate.ts';
import { runSql, stmt } from '../../db/writer.ts';
import type {
  DeliveryStatus,
  WebhookAttemptRow,
  WebhookDeliveryRow,
  WebhookEndpointRow,
  WebhookEndpointsTable,
  NewWebhookEventRow,
  WebhookEventRow,
} from './webhooks.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Rows per multi-row statement (× ≤ 13 columns, far below either database's parameter limit). */
const CHUNK = 500;

// ---- endpoints and settings ----

export async function insertEndpoint(trx: Transaction<Database>, row: WebhookEndpointRow): Promise<void> {
  await trx.insertInto('webhook_endpoints').values(row).execute();
}

/** An endpoint not deleted (a deleted one is not found, as an unknown id). */
export function findEndpoint(
  db: Db,
  endpointId: string,
  merchantId?: string,
): Promise<WebhookEndpointRow | undefined> {
  let q = db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .where('status', '!=', 'deleted');
  if (merchantId !== undefined) q = q.where('merchant_id', '=', merchantId);
  return q.executeTakeFirst();
}

/** The merchant's endpoints, deleted ones left out (they count toward no cap). */
export function listEndpoints(db: Db, merchantId: string): Promise<WebhookEndpointRow[]> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('status', '!=', 'deleted')
    .orderBy('created_at', 'asc')
    .execute();
}

/** Endpoints by id, deleted ones too (the worker reads what became of those it holds claims for). */
export function findEndpoints(db: Db, ids: readonly string[]): Promise<WebhookEndpointRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('webhook_endpoints').selectAll().where('endpoint_id', 'in', ids).execute();
}

/**
 * Changes an endpoint unless it is deleted; whether it did. A change read before a racing delete
 * committed then changes nothing (PostgreSQL re-reads the row once the delete's lock is gone):
 * a deleted endpoint is never enabled again, nor given a secret.
 */
export async function updateEndpoint(
  trx: Transaction<Database>,
  endpointId: string,
  set: Partial<Omit<WebhookEndpointsTable, 'endpoint_id' | 'merchant_id' | 'created_at'>>,
): Promise<boolean> {
  const r = await trx
    .updateTable('webhook_endpoints')
    .set(set)
    .where('endpoint_id', '=', endpointId)
    .where('status', '!=', 'deleted')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/**
 * Deletes an endpoint (unless it is deleted already; whether it did): status `deleted`, its sealed
 * secrets cleared, its failure run forgotten (the console lists it no more), and every delivery of
 * it not yet settled canceled — pending ones never to be claimed, claimed ones never recorded
 * (their settlement needs `delivering` under the claim's lease). PostgreSQL: a claim statement
 * racing this one either locked a delivery first (this waits, then cancels it) or skips it.
 */
export async function markDeleted(
  trx: Transaction<Database>,
  endpointId: string,
  now: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('webhook_endpoints')
    .set({
      status: 'deleted',
      deleted_at: now,
      secret_sealed: '',
      previous_secret_sealed: null,
      previous_secret_expires_at: null,
      disabled_reason: null,
      failing_since: null,
      updated_at: now,
    })
    .where('endpoint_id', '=', endpointId)
    .where('status', '!=', 'deleted')
    .executeTakeFirst();
  if (r.numUpdatedRows === 0n) return false;
  // Literal statuses: each statement reads one partial index (webhook_deliveries_pending, _leased).
  for (const status of [sql.lit<DeliveryStatus>('pending'), sql.lit<DeliveryStatus>('delivering')]) {
    await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'canceled', lease_until: null, updated_at: now })
      .where('endpoint_id', '=', endpointId)
      .where('status', '=', status)
      .execute();
  }
  return true;
}

/**
 * Which of these endpoints are not deleted, read in a unit about to queue deliveries to them
 * (resend, send missed). PostgreSQL: their rows are locked FOR SHARE until it commits, so a delete
 * waits for it and then cancels what it queued, or went first and is seen here.
 */
export async function liveEndpointIds(
  trx: Transaction<Database>,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const q = trx
    .selectFrom('webhook_endpoints')
    .select('endpoint_id')
    .where('endpoint_id', 'in', ids)
    .where('status', '!=', 'deleted');
  const pg = onPostgres(trx);
  const rows = await (pg ? q.forShare() : q).execute();
  return new Set(rows.map((r) => r.endpoint_id));
}

/** Which of these endpoints are deleted (the worker drops its claims of them: another process deleted them). */
export async function deletedAmong(db: Db, ids: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('webhook_endpoints')
      .select('endpoint_id')
      .where('endpoint_id', 'in', ids.slice(i, i + CHUNK))
      .where('status', '=', 'deleted')
      .execute();
    for (const r of rows) found.push(r.endpoint_id);
  }
  return found;
}

/** What deciding whether an endpoint wants an event takes from its row. */
export type ListeningEndpoint = Pick<WebhookEndpointRow, 'endpoint_id' | 'events' | 'created_at'>;

/** What the outbox needs to decide, in the unit of a change, whether anyone listens. */
export async function subscriptions(
  db: Db,
  merchantId: string,
): Promise<{ endpoints: ListeningEndpoint[]; events: string[]; threshold: number | null }> {
  // One after the other: inside a transaction both go over the same connection.
  const all = await db
    .selectFrom('webhook_endpoints')
    .select(['endpoint_id', 'events', 'created_at', 'status'])
    .where('merchant_id', '=', merchantId)
    .where('status', '!=', 'deleted')
    .execute();
  const settings = all.length === 0 ? undefined : await findThreshold(db, merchantId);
  return {
    endpoints: all
      .filter((e) => e.status === 'enabled')
      .map((e) => ({ endpoint_id: e.endpoint_id, events: e.events, created_at: e.created_at })),
    // Disabled endpoints count: their events are kept, to be sent once they are enabled again.
    events: all.map((e) => e.events),
    threshold: settings?.credit_low_threshold ?? null,
  };
}

export function findThreshold(
  db: Db,
  merchantId: string,
): Promise<{ credit_low_threshold: number | null } | undefined> {
  return db
    .selectFrom('webhook_settings')
    .select('credit_low_threshold')
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
}

export async function upsertThreshold(
  trx: Transaction<Database>,
  merchantId: string,
  threshold: number | null,
  now: string,
): Promise<void> {
  await trx
    .insertInto('webhook_settings')
    .values({ merchant_id: merchantId, credit_low_threshold: threshold, updated_at: now })
    .onConflict((oc) =>
      oc.column('merchant_id').doUpdateSet({ credit_low_threshold: threshold, updated_at: now }),
    )
    .execute();
}

/** Endpoints currently failing (a run of failures) or disabled for failing, every merchant's; never a deleted one. */
const failing = (db: Db) =>
  db
    .selectFrom('webhook_endpoints as e')
    .where('e.status', '!=', 'deleted')
    .where((eb) => eb.or([eb('e.failing_since', 'is not', null), eb('e.disabled_reason', '=', 'failing')]));

/** Operators: the failing endpoints, longest failing first, with their merchant's name. */
export function failingEndpoints(db: Db): Promise<Array<WebhookEndpointRow & { merchant_name: string }>> {
  return failing(db)
    .innerJoin('merchants as m', 'm.merchant_id', 'e.merchant_id')
    .selectAll('e')
    .select('m.name as merchant_name')
    .orderBy('e.failing_since', 'asc')
    .limit(500)
    .execute();
}

/** What the console shows of a failing endpoint beside its row. */
export interface EndpointTrouble {
  pending: number;
  failed: number;
  /** Its latest failed attempt (null: none among those deliveries). */
  last_attempted_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
}

/**
 * For each endpoint asked (the failing list's, at most 500): its pending deliveries, its failed ones
 * created since `since`, and the latest failed attempt among those and the ones being attempted
 * (a retry under way carries the failure before it) — ONE statement over those deliveries only
 * (each status through its partial index), a window per endpoint: its counts on every row, and its
 * rows ranked failed attempts first, the latest first. A pending delivery may carry a success (a
 * resent one): that is no failure. The endpoint ids are bound three times: 3 × 500 parameters.
 */
export async function troubleOf(
  db: Db,
  endpointIds: readonly string[],
  since: string,
): Promise<Map<string, EndpointTrouble>> {
  const out = new Map<string, EndpointTrouble>();
  if (endpointIds.length === 0) return out;
  const failure = sql`d.last_attempted_at is not null
    and (d.last_status_code is null or d.last_status_code < 200 or d.last_status_code > 299)`;
  const ids = sql.join(endpointIds);
  const cols = sql`endpoint_id, status, delivery_id, last_attempted_at, last_status_code, last_error`;
  // One branch per status, each naming its partial index's own condition: SQLite reads an OR of
  // them as a scan of the whole table. A claim (delivering) always has its lease.
  const { rows } = await sql<{
    endpoint_id: string;
    pending: number | string;
    failed: number | string;
    is_failure: number | string;
    last_attempted_at: string | null;
    last_status_code: number | null;
    last_error: string | null;
  }>`select endpoint_id, pending, failed, is_failure, last_attempted_at, last_status_code, last_error
    from (
      select d.endpoint_id, d.last_attempted_at, d.last_status_code, d.last_error,
        case when ${failure} then 1 else 0 end as is_failure,
        sum(case when d.status = 'pending' then 1 else 0 end) over (partition by d.endpoint_id) as pending,
        sum(case when d.status = 'failed' then 1 else 0 end) over (partition by d.endpoint_id) as failed,
        row_number() over (
          partition by d.endpoint_id
          order by case when ${failure} then 0 else 1 end, d.last_attempted_at desc, d.delivery_id
        ) as rn
      from (
        select ${cols} from webhook_deliveries
          where status = 'pending' and endpoint_id in (${ids})
        union all
        select ${cols} from webhook_deliveries
          where status = 'delivering' and lease_until is not null and endpoint_id in (${ids})
        union all
        select ${cols} from webhook_deliveries
          where status = 'failed' and endpoint_id in (${ids}) and created_at >= ${since}
      ) d
    ) ranked
    where rn = 1`.execute(db);
  for (const r of rows) {
    const failed = Number(r.is_failure) === 1;
    out.set(r.endpoint_id, {
      pending: Number(r.pending),
      failed: Number(r.failed),
      last_attempted_at: failed ? r.last_attempted_at : null,
      last_status_code: failed ? r.last_status_code : null,
      last_error: failed ? r.last_error : null,
    });
  }
  return out;
}

/**
 * The endpoint's failed deliveries created since `since`, oldest first, at most `limit` (their ids):
 * what "Resend failed deliveries" queues (the webhook_deliveries_failed index).
 */
export async function failedDeliveryIds(
  db: Db,
  endpointId: string,
  since: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select('delivery_id')
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', sql.lit<DeliveryStatus>('failed'))
    .where('created_at', '>=', since)
    .orderBy('created_at')
    .orderBy('delivery_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.delivery_id);
}

/**
 * Puts failed deliveries back in the queue now, as a resend does (requeueDelivery): pending, due
 * now, a fresh give-up time; only those still failed (one resent meanwhile is not counted twice).
 * Returns how many.
 */
export async function requeueFailed(
  trx: Transaction<Database>,
  deliveryIds: readonly string[],
  now: string,
  giveUpAt: string,
): Promise<number> {
  let n = 0;
  for (let i = 0; i < deliveryIds.length; i += CHUNK) {
    const r = await trx
      .updateTable('webhook_deliveries')
      .set({
        status: 'pending',
        next_attempt_at: now,
        give_up_at: giveUpAt,
        lease_until: null,
        updated_at: now,
      })
      .where('delivery_id', 'in', deliveryIds.slice(i, i + CHUNK))
      .where('status', '=', sql.lit<DeliveryStatus>('failed'))
      .executeTakeFirst();
    n += Number(r.numUpdatedRows);
  }
  return n;
}

/** How many endpoints are failing (the console's overview), every one counted. */
export async function countFailingEndpoints(db: Db): Promise<number> {
  const r = await failing(db)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- events (the outbox) ----

/**
 * Inserts an event (the caller writes its deliveries, if any, beside it) knowing the merchant's
 * enabled endpoints as `known` (as cached, possibly none): it is fanned out already, unless the
 * merchant has an enabled endpoint not among them — then the worker's fan-out adds its delivery
 * (it skips existing ones). Returns whether it was written fanned out.
 */
export async function insertEventKnowing(
  trx: Transaction<Database>,
  row: NewWebhookEventRow,
  known: readonly string[],
): Promise<boolean> {
  const pg = onPostgres(trx);
  const unknown = pg
    ? stmt`not (endpoint_id = any(${known}::text[]))`
    : stmt`endpoint_id not in (select value from json_each(${JSON.stringify(known)}))`;
  const r = await runSql<{ fanned_out: number }>(
    trx,
    stmt`insert into webhook_events (event_id, merchant_id, type, payload, endpoint_id, fanned_out, created_at)
      values (${row.event_id}, ${row.merchant_id}, ${row.type}, ${row.payload}, ${row.endpoint_id},
        case when exists (select 1 from webhook_endpoints where merchant_id = ${row.merchant_id}
          and status = 'enabled' and ${unknown}) then 0 else 1 end, ${row.created_at})
      returning fanned_out`,
  );
  return Number(r[0]?.fanned_out) === 1;
}

/**
 * Inserts a delivery if its endpoint (of the delivery's merchant) is still enabled; whether it did.
 * PostgreSQL: the endpoint's row is locked FOR SHARE until the unit commits, so a racing delete
 * either went first (the row is read again, deleted, and nothing is inserted) or waits, then
 * cancels this delivery with the others (webhooks.repository.ts `markDeleted`).
 */
export async function insertDeliveryIfEnabled(
  trx: Transaction<Database>,
  d: WebhookDeliveryRow,
): Promise<boolean> {
  const lock = onPostgres(trx) ? stmt` for share` : stmt``;
  const r = await runSql<{ delivery_id: string }>(
    trx,
    stmt`insert into webhook_deliveries (delivery_id, event_id, endpoint_id, merchant_id, status, attempts,
        next_attempt_at, lease_until, give_up_at, created_at, updated_at)
      select ${d.delivery_id}, ${d.event_id}, endpoint_id, merchant_id, ${d.status}, 0, ${d.next_attempt_at},
        ${d.lease_until}, ${d.give_up_at}, ${d.created_at}, ${d.updated_at}
      from webhook_endpoints
      where endpoint_id = ${d.endpoint_id} and merchant_id = ${d.merchant_id} and status = 'enabled'${lock}
      returning delivery_id`,
  );
  return r.length > 0;
}

/**
 * The lease each of these deliveries is claimed under (absent: no such delivery, or not claimed):
 * which of the deliveries a PostgreSQL order statement was to write claimed it did write (it
 * skips an endpoint disabled meanwhile).
 */
export async function heldDeliveries(db: Db, ids: readonly string[]): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('webhook_deliveries')
      .select(['delivery_id', 'lease_until'])
      .where('delivery_id', 'in', ids.slice(i, i + CHUNK))
      .where('status', '=', sql.lit('delivering'))
      .execute();
    for (const r of rows) found.set(r.delivery_id, r.lease_until);
  }
  return found;
}

export function findEvent(db: Db, eventId: string, merchantId: string): Promise<WebhookEventRow | undefined> {
  return db
    .selectFrom('webhook_events')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
}

export function listEvents(
  db: Db,
  merchantId: string,
  p: {
    page: number;
    pageSize: number;
    since: string;
    type?: string | undefined;
    /** An event id (`evt_…`), or what events are about: an order_no or a batch_no. */
    q?: string | undefined;
  },
): Promise<PageRows<WebhookEventRow>> {
  let base = db
    .selectFrom('webhook_events')
    .where('merchant_id', '=', merchantId)
    .where('created_at', '>=', p.since);
  if (p.type) base = base.where('type', '=', p.type);
  if (p.q) base = base.where(p.q.startsWith('evt_') ? 'event_id' : 'about', '=', p.q);
  return paginate(
    base.selectAll().orderBy('created_at', 'desc').orderBy('event_id', 'desc'),
    countCapped(db, base),
    p,
  );
}

/** How many due deliveries the idle poll walks past looking for one at an enabled endpoint. */
const DUE_WALK = 1000;

/**
 * Whether the worker has anything to look at: an event not fanned out, a pending delivery due at
 * an enabled endpoint, or a claim whose lease ran out (a process died mid-delivery).
 * `fanned_out = 0` is a literal, not a bound value, so SQLite can use the partial index
 * `webhook_events_pending`.
 *
 * A disabled endpoint's retries wait (paused), and must not make every poll a unit that claims
 * nothing. The read walks the due index past at most `walk` of them; only with more due than that
 * does a second read ask each enabled endpoint instead (one probe of its pending index each). With
 * 1,000 and 100,000 paused, 0.21 and 0.31 ms on SQLite, 0.6 and 1.1 ms on PostgreSQL (an unbounded
 * walk took 30 ms at 100,000 on SQLite).
 */
export async function anyWork(
  db: Db,
  now: string,
  walk = DUE_WALK,
): Promise<{ events: boolean; due: boolean; lapsed: boolean }> {
  const r = await sql<{
    events: number | null;
    due: number | null;
    more_due: number | null;
    lapsed: number | null;
  }>`select
      (select 1 from webhook_events where fanned_out = 0 limit 1) as events,
      (select 1 from (select endpoint_id from webhook_deliveries
          where status = 'pending' and next_attempt_at <= ${now} order by next_attempt_at limit ${walk}) d
        join webhook_endpoints e on e.endpoint_id = d.endpoint_id where e.status = 'enabled' limit 1) as due,
      (select 1 from webhook_deliveries where status = 'pending' and next_attempt_at <= ${now}
        order by next_attempt_at limit 1 offset ${walk}) as more_due,
      (select 1 from webhook_deliveries where status = 'delivering' and lease_until < ${now} limit 1) as lapsed`.execute(
    db,
  );
  const row = r.rows[0];
  const due = row?.due != null || (row?.more_due != null && (await endpointsWithDueWork(db, now)).length > 0);
  return { events: row?.events != null, due, lapsed: row?.lapsed != null };
}

/** The backlog for the metrics: events not fanned out; deliveries pending and delivering. */
export async function backlog(db: Db): Promise<{ events: number; pending: number; delivering: number }> {
  const r = await sql<{
    events: number | string;
    pending: number | string;
    delivering: number | string;
  }>`select
      (select count(*) from webhook_events where fanned_out = 0) as events,
      (select count(*) from webhook_deliveries where status = 'pending') as pending,
      (select count(*) from webhook_deliveries where status = 'delivering') as delivering`.execute(db);
  const row = r.rows[0];
  return {
    events: Number(row?.events ?? 0),
    pending: Number(row?.pending ?? 0),
    delivering: Number(row?.delivering ?? 0),
  };
}

/** Claims up to `limit` events not yet fanned out (PostgreSQL: rows other processes hold are skipped). */
export async function eventsToFanOut(
  trx: Transaction<Database>,
  dialect: DialectName,
  limit: number,
): Promise<WebhookEventRow[]> {
  const q = trx
    .selectFrom('webhook_events')
    .selectAll()
    .where('fanned_out', '=', sql.lit(0)) // a literal: the partial index's own condition
    .orderBy('created_at')
    .limit(limit);
  return (dialect === 'postgres' ? q.forUpdate().skipLocked() : q).execute();
}

export async function markFannedOut(trx: Transaction<Database>, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await trx.updateTable('webhook_events').set({ fanned_out: 1 }).where('event_id', 'in', eventIds).execute();
}

/**
 * The merchants' enabled endpoints, for a fan-out about to write their deliveries. PostgreSQL:
 * locked FOR SHARE until the unit commits, so a racing delete waits and then cancels what it
 * wrote, or went first and its endpoint is not read.
 */
export function enabledEndpointsOf(
  trx: Transaction<Database>,
  merchantIds: readonly string[],
): Promise<WebhookEndpointRow[]> {
  if (merchantIds.length === 0) return Promise.resolve([]);
  const q = trx
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('merchant_id', 'in', merchantIds)
    .where('status', '=', 'enabled');
  return (onPostgres(trx) ? q.forShare() : q).execute();
}

/**
 * The events of the merchant since `since` that `endpoint` takes and has no delivery of: its
 * subscription's types, not another endpoint's test event, created once it existed (as the
 * fan-out would have sent them). Oldest first, at most `limit`.
 */
export function missedEvents(
  db: Db,
  merchantId: string,
  endpoint: Pick<WebhookEndpointRow, 'endpoint_id' | 'events' | 'created_at'>,
  since: string,
  limit: number,
): Promise<Array<{ event_id: string; created_at: string }>> {
  let q = db
    .selectFrom('webhook_events as e')
    .select(['e.event_id', 'e.created_at'])
    .where('e.merchant_id', '=', merchantId)
    .where('e.created_at', '>=', since > endpoint.created_at ? since : endpoint.created_at)
    .where('e.endpoint_id', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('webhook_deliveries as d')
            .select('d.delivery_id')
            .whereRef('d.event_id', '=', 'e.event_id')
            .where('d.endpoint_id', '=', endpoint.endpoint_id),
        ),
      ),
    );
  if (endpoint.events !== '*') q = q.where('e.type', 'in', endpoint.events.split(','));
  return q.orderBy('e.created_at').orderBy('e.event_id').limit(limit).execute();
}

// ---- deliveries and attempts ----

/** Inserts deliveries (one per event and endpoint: a duplicate is skipped); returns the ids inserted. */
export async function insertDeliveries(
  trx: Transaction<Database>,
  rows: WebhookDeliveryRow[],
): Promise<Set<string>> {
  const inserted = new Set<string>();
  // Chunks keep every statement well under the bound-parameter limits (SQLite 32,766; PG 65,535).
  for (let i = 0; i < rows.length; i += CHUNK) {
    const r = await trx
      .insertInto('webhook_deliveries')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns(['event_id', 'endpoint_id']).doNothing())
      .returning('delivery_id')
      .execute();
    for (const { delivery_id } of r) inserted.add(delivery_id);
  }
  return inserted;
}

/** A claimed delivery with what its attempts need from the event. */
export type DueDelivery = WebhookDeliveryRow & { payload: string; event_created_at: string };

/**
 * Enabled endpoints with a pending delivery due: one index probe per enabled endpoint. The
 * statuses here and below are literals, not bound values: the queue's indexes are partial
 * (migration 2026-11-29-webhooks-deliveries-narrow), usable only for a query naming their status.
 */
export async function endpointsWithDueWork(db: Db, now: string): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_endpoints as e')
    .select('e.endpoint_id')
    .where('e.status', '=', 'enabled')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('webhook_deliveries as d')
          .select('d.delivery_id')
          .whereRef('d.endpoint_id', '=', 'e.endpoint_id')
          .where('d.status', '=', sql.lit('pending'))
          .where('d.next_attempt_at', '<=', now),
      ),
    )
    .execute();
  return rows.map((r) => r.endpoint_id);
}

/**
 * Claims due deliveries: for each endpoint asked, up to its `limit` of `pending` ones due, oldest
 * first (one range read of webhook_deliveries_pending each, however long another endpoint's
 * backlog), of enabled endpoints; each becomes `delivering` under `lease`. PostgreSQL: ONE
 * statement for every endpoint (a LATERAL read per endpoint, rows locked FOR UPDATE SKIP LOCKED so
 * racing processes never pick the same one, updated and returned with the event's payload).
 * SQLite (one writer): a read per endpoint and one update.
 */
export async function claimDue(
  trx: Transaction<Database>,
  dialect: DialectName,
  now: string,
  wants: ReadonlyArray<{ endpointId: string; limit: number }>,
  lease: string,
): Promise<DueDelivery[]> {
  if (wants.length === 0) return [];
  if (dialect === 'postgres') {
    const r = await sql<DueDelivery>`with c as (
        select d.delivery_id
        from unnest(${wants.map((w) => w.endpointId)}::text[], ${wants.map((w) => w.limit)}::int[]) as w(endpoint_id, lim)
        cross join lateral (
          select x.delivery_id from webhook_deliveries x
          where x.endpoint_id = w.endpoint_id and x.status = 'pending' and x.next_attempt_at <= ${now}
          order by x.next_attempt_at limit w.lim
          for update skip locked
        ) d
        where exists (select 1 from webhook_endpoints e where e.endpoint_id = w.endpoint_id and e.status = 'enabled')
      ), u as (
        update webhook_deliveries d set status = 'delivering', lease_until = ${lease}, updated_at = ${now}
        from c where d.delivery_id = c.delivery_id
        returning d.*
      )
      select u.*, ev.payload, ev.created_at as event_created_at
      from u join webhook_events ev on ev.event_id = u.event_id`.execute(trx);
    return r.rows;
  }
  const out: DueDelivery[] = [];
  for (const w of wants) {
    out.push(
      ...(await trx
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_events as ev', 'ev.event_id', 'd.event_id')
        .innerJoin('webhook_endpoints as e', 'e.endpoint_id', 'd.endpoint_id')
        .selectAll('d')
        .select(['ev.payload', 'ev.created_at as event_created_at'])
        .where('d.endpoint_id', '=', w.endpointId)
        .where('d.status', '=', sql.lit('pending'))
        .where('d.next_attempt_at', '<=', now)
        .where('e.status', '=', 'enabled')
        .orderBy('d.next_attempt_at')
        .limit(w.limit)
        .execute()),
    );
  }
  await markDelivering(
    trx,
    out.map((d) => d.delivery_id),
    lease,
    now,
  );
  return out;
}

/**
 * Claims whose lease ran out (`delivering` past `lease_until`: the process holding them died), of
 * enabled endpoints, oldest first; few, so one read of webhook_deliveries_leased. SKIP LOCKED as
 * above; the caller marks those it takes.
 */
export async function lapsedDeliveries(
  trx: Transaction<Database>,
  dialect: DialectName,
  now: string,
  limit: number,
): Promise<DueDelivery[]> {
  const q = trx
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as ev', 'ev.event_id', 'd.event_id')
    .selectAll('d')
    .select(['ev.payload', 'ev.created_at as event_created_at'])
    .where('d.status', '=', sql.lit('delivering'))
    .where('d.lease_until', '<', now)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('webhook_endpoints as e')
          .select('e.endpoint_id')
          .whereRef('e.endpoint_id', '=', 'd.endpoint_id')
          .where('e.status', '=', 'enabled'),
      ),
    )
    .orderBy('d.next_attempt_at')
    .limit(limit);
  return (dialect === 'postgres' ? q.forUpdate(['d']).skipLocked() : q).execute();
}

export async function markDelivering(
  trx: Transaction<Database>,
  ids: readonly string[],
  leaseUntil: string,
  now: string,
): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'delivering', lease_until: leaseUntil, updated_at: now })
      .where('delivery_id', 'in', ids.slice(i, i + CHUNK))
      .execute();
  }
}

/**
 * Hands claims back unattempted (a stopping process): any process may take them at once. A claim
 * of an endpoint deleted meanwhile (one written by a unit that raced the delete) is canceled.
 */
export async function releaseClaims(
  trx: Transaction<Database>,
  deliveryIds: readonly string[],
  leaseUntil: string,
  now: string,
): Promise<void> {
  for (let i = 0; i < deliveryIds.length; i += CHUNK) {
    await trx
      .updateTable('webhook_deliveries as d')
      .set((eb) => ({
        status: eb
          .case()
          .when(
            eb.exists(
              eb
                .selectFrom('webhook_endpoints as e')
                .select('e.endpoint_id')
                .whereRef('e.endpoint_id', '=', 'd.endpoint_id')
                .where('e.status', '=', 'deleted'),
            ),
          )
          .then(sql.lit<DeliveryStatus>('canceled'))
          .else(sql.lit<DeliveryStatus>('pending'))
          .end(),
        lease_until: null,
        updated_at: now,
      }))
      .where('delivery_id', 'in', deliveryIds.slice(i, i + CHUNK))
      .where('status', '=', 'delivering')
      .where('lease_until', '=', leaseUntil)
      .execute();
  }
}

/** One finished attempt of a delivery held under `lease`, and what the delivery comes to. */
export interface Settlement {
  deliveryId: string;
  lease: string;
  status: 'pending' | 'succeeded' | 'failed';
  nextAttemptAt: string;
  attemptedAt: string;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  excerpt: string | null;
}

/**
 * Records attempts on their deliveries' rows — each becomes the row's latest attempt (`last_*`),
 * `attempts` counts it — and settles each delivery, if this process still holds it (its lease
 * unchanged; one taken over by another process is left to that one). Call `moveLatestAttempts`
 * first for deliveries attempted before, or their previous attempt is overwritten.
 * PostgreSQL: one statement for all; SQLite: one (prepared once) per attempt.
 */
export async function settleAttempts(
  trx: Transaction<Database>,
  dialect: DialectName,
  rows: readonly Settlement[],
  now: string,
): Promise<void> {
  if (dialect === 'postgres') {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK);
      const col = <T>(f: (s: Settlement) => T) => part.map(f);
      await sql`update webhook_deliveries d set status = v.status, attempts = d.attempts + 1,
          next_attempt_at = v.next_attempt_at, lease_until = null, last_status_code = v.status_code,
          last_error = v.error, last_attempted_at = v.attempted_at, last_latency_ms = v.latency_ms,
          last_excerpt = v.excerpt, updated_at = ${now}
        from unnest(${col((s) => s.deliveryId)}::text[], ${col((s) => s.lease)}::text[],
          ${col((s) => s.status)}::text[], ${col((s) => s.nextAttemptAt)}::text[],
          ${col((s) => s.attemptedAt)}::text[], ${col((s) => s.statusCode)}::int[],
          ${col((s) => s.latencyMs)}::int[], ${col((s) => s.error)}::text[],
          ${col((s) => s.excerpt)}::text[])
          as v(delivery_id, lease, status, next_attempt_at, attempted_at, status_code, latency_ms, error, excerpt)
        where d.delivery_id = v.delivery_id and d.status = 'delivering' and d.lease_until = v.lease`.execute(
        trx,
      );
    }
    return;
  }
  for (const s of rows) {
    await runSql(
      trx,
      stmt`update webhook_deliveries set status = ${s.status}, attempts = attempts + 1,
          next_attempt_at = ${s.nextAttemptAt}, lease_until = null, last_status_code = ${s.statusCode},
          last_error = ${s.error}, last_attempted_at = ${s.attemptedAt}, last_latency_ms = ${s.latencyMs},
          last_excerpt = ${s.excerpt}, updated_at = ${now}
        where delivery_id = ${s.deliveryId} and status = 'delivering' and lease_until = ${s.lease}`,
    );
  }
}

/**
 * The id of a delivery's attempt number `n` in the log: the same while it is the row's latest
 * and after it moved to webhook_attempts (`moveLatestAttempts` writes this formula in SQL).
 */
export const attemptId = (deliveryId: string, n: number) => `wha_${deliveryId.slice(4)}_${n}`;

/**
 * Moves the latest attempt recorded on each delivery's row (if any) to webhook_attempts, for
 * deliveries held under `lease` whose next attempt is about to be recorded. Rare: only
 * deliveries attempted before (retries, resends).
 */
export async function moveLatestAttempts(
  trx: Transaction<Database>,
  held: ReadonlyArray<{ deliveryId: string; lease: string }>,
): Promise<void> {
  for (const h of held) {
    await sql`insert into webhook_attempts (attempt_id, delivery_id, event_id, endpoint_id, attempted_at,
        status_code, latency_ms, succeeded, error, response_excerpt)
      select 'wha_' || substr(delivery_id, 5) || '_' || attempts, delivery_id, event_id, endpoint_id,
        last_attempted_at, last_status_code, coalesce(last_latency_ms, 0),
        case when last_status_code between 200 and 299 then 1 else 0 end, last_error, last_excerpt
      from webhook_deliveries
      where delivery_id = ${h.deliveryId} and status = 'delivering' and lease_until = ${h.lease}
        and last_attempted_at is not null`.execute(trx);
  }
}

/** A delivery's latest attempt, from its row, as a log entry; null before its first. */
export function latestAttempt(d: WebhookDeliveryRow): WebhookAttemptRow | null {
  if (d.last_attempted_at === null) return null;
  return {
    attempt_id: attemptId(d.delivery_id, d.attempts),
    delivery_id: d.delivery_id,
    event_id: d.event_id,
    endpoint_id: d.endpoint_id,
    attempted_at: d.last_attempted_at,
    status_code: d.last_status_code,
    latency_ms: d.last_latency_ms ?? 0,
    succeeded: d.last_status_code !== null && d.last_status_code >= 200 && d.last_status_code < 300 ? 1 : 0,
    error: d.last_error,
    response_excerpt: d.last_excerpt,
  };
}

/** When the delivery was first attempted ('' if never): the log table's first, else the row's latest. */
export async function firstAttemptAt(db: Db, deliveryId: string): Promise<string> {
  const r = await db
    .selectFrom('webhook_attempts')
    .select((eb) => eb.fn.min('attempted_at').as('first'))
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirst();
  const first = r?.first as string | null | undefined;
  if (first) return first;
  const d = await db
    .selectFrom('webhook_deliveries')
    .select('last_attempted_at')
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirst();
  return d?.last_attempted_at ?? '';
}

/** A delivery as the log shows it: with its endpoint's URL and status (a deleted one's too). */
export type LoggedDelivery = WebhookDeliveryRow &
  Pick<WebhookEndpointRow, 'url'> & {
    endpoint_status: WebhookEndpointRow['status'];
  };

export function deliveriesOfEvents(db: Db, eventIds: readonly string[]): Promise<LoggedDelivery[]> {
  if (eventIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.endpoint_id', 'd.endpoint_id')
    .selectAll('d')
    .select(['e.url', 'e.status as endpoint_status'])
    .where('d.event_id', 'in', eventIds)
    .execute();
}

/**
 * Every attempt of an event, oldest first: the log table's and the latest on each delivery's row.
 * `deliveries` are the event's deliveries (deliveriesOfEvents): the log table is read through its
 * delivery_id index, since every attempt belongs to one of them.
 */
export async function attemptsOfEvent(
  db: Db,
  eventId: string,
  deliveries: readonly WebhookDeliveryRow[],
): Promise<WebhookAttemptRow[]> {
  const mine = deliveries.filter((d) => d.event_id === eventId);
  const earlier =
    mine.length === 0
      ? []
      : await db
          .selectFrom('webhook_attempts')
          .selectAll()
          .where(
            'delivery_id',
            'in',
            mine.map((d) => d.delivery_id),
          )
          .execute();
  const latest = mine.flatMap((d) => latestAttempt(d) ?? []);
  return [...earlier, ...latest].sort((a, b) =>
    a.attempted_at < b.attempted_at ? -1 : a.attempted_at > b.attempted_at ? 1 : 0,
  );
}

/**
 * Puts a delivery back in the queue now (a resend), whatever it came to; false when it is being
 * attempted at this moment (an attempt under way is left alone) or its endpoint was deleted.
 */
export async function requeueDelivery(
  trx: Transaction<Database>,
  deliveryId: string,
  now: string,
  giveUpAt: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('webhook_deliveries')
    .set({
      status: 'pending',
      next_attempt_at: now,
      give_up_at: giveUpAt,
      lease_until: null,
      updated_at: now,
    })
    .where('delivery_id', '=', deliveryId)
    .where('status', 'not in', ['delivering', 'canceled'])
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
