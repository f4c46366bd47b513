import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, DialectName } from '../../db/database.ts';
import { paginate } from '../../db/paginate.ts';
import type {
  WebhookAttemptRow,
  WebhookDeliveryRow,
  WebhookEndpointRow,
  WebhookEndpointsTable,
  WebhookEventRow,
} from './webhooks.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Rows per multi-row statement (× ≤ 13 columns, far below either database's parameter limit). */
const CHUNK = 500;

// ---- endpoints and settings ----

export async function insertEndpoint(trx: Transaction<Database>, row: WebhookEndpointRow): Promise<void> {
  await trx.insertInto('webhook_endpoints').values(row).execute();
}

export function findEndpoint(
  db: Db,
  endpointId: string,
  merchantId?: string,
): Promise<WebhookEndpointRow | undefined> {
  let q = db.selectFrom('webhook_endpoints').selectAll().where('endpoint_id', '=', endpointId);
  if (merchantId !== undefined) q = q.where('merchant_id', '=', merchantId);
  return q.executeTakeFirst();
}

export function listEndpoints(db: Db, merchantId: string): Promise<WebhookEndpointRow[]> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy('created_at', 'asc')
    .execute();
}

export function findEndpoints(db: Db, ids: readonly string[]): Promise<WebhookEndpointRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('webhook_endpoints').selectAll().where('endpoint_id', 'in', ids).execute();
}

export async function updateEndpoint(
  trx: Transaction<Database>,
  endpointId: string,
  set: Partial<Omit<WebhookEndpointsTable, 'endpoint_id' | 'merchant_id' | 'created_at'>>,
): Promise<void> {
  await trx.updateTable('webhook_endpoints').set(set).where('endpoint_id', '=', endpointId).execute();
}

/** What deciding whether an endpoint wants an event takes from its row. */
export type ListeningEndpoint = Pick<WebhookEndpointRow, 'endpoint_id' | 'events' | 'created_at'>;

/** What the outbox needs to decide, in the unit of a change, whether anyone listens. */
export async function subscriptions(
  db: Db,
  merchantId: string,
): Promise<{ endpoints: ListeningEndpoint[]; threshold: number | null }> {
  // One after the other: inside a transaction both go over the same connection.
  const endpoints = await db
    .selectFrom('webhook_endpoints')
    .select(['endpoint_id', 'events', 'created_at'])
    .where('merchant_id', '=', merchantId)
    .where('status', '=', 'enabled')
    .execute();
  const settings = endpoints.length === 0 ? undefined : await findThreshold(db, merchantId);
  return { endpoints, threshold: settings?.credit_low_threshold ?? null };
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

/** Operators: endpoints currently failing (a run of failures) or disabled for failing, every merchant. */
export function failingEndpoints(db: Db): Promise<Array<WebhookEndpointRow & { merchant_name: string }>> {
  return db
    .selectFrom('webhook_endpoints as e')
    .innerJoin('merchants as m', 'm.merchant_id', 'e.merchant_id')
    .selectAll('e')
    .select('m.name as merchant_name')
    .where((eb) => eb.or([eb('e.failing_since', 'is not', null), eb('e.disabled_reason', '=', 'failing')]))
    .orderBy('e.failing_since', 'asc')
    .limit(500)
    .execute();
}

// ---- events (the outbox) ----

export async function insertEvent(trx: Transaction<Database>, row: WebhookEventRow): Promise<void> {
  // A template, not a builder chain: this runs inside every order unit that has a listener.
  await sql`insert into webhook_events (event_id, merchant_id, type, payload, endpoint_id, fanned_out, created_at)
    values (${row.event_id}, ${row.merchant_id}, ${row.type}, ${row.payload}, ${row.endpoint_id}, ${row.fanned_out},
      ${row.created_at})`.execute(trx);
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
  p: { page: number; pageSize: number; since: string; type?: string | undefined },
): Promise<{ rows: WebhookEventRow[]; total: number }> {
  let base = db
    .selectFrom('webhook_events')
    .where('merchant_id', '=', merchantId)
    .where('created_at', '>=', p.since);
  if (p.type) base = base.where('type', '=', p.type);
  return paginate(
    base.selectAll().orderBy('created_at', 'desc').orderBy('event_id', 'desc'),
    base.select((eb) => eb.fn.countAll<number>().as('n')),
    p,
  );
}

/**
 * Whether the worker has anything to look at, in one read: an event not fanned out, a pending
 * delivery due, or a claim whose lease ran out (a process died mid-delivery). `fanned_out = 0` is
 * a literal, not a bound value, so SQLite can use the partial index `webhook_events_pending`.
 */
export async function anyWork(
  db: Db,
  now: string,
): Promise<{ events: boolean; due: boolean; lapsed: boolean }> {
  const r = await sql<{ events: number | null; due: number | null; lapsed: number | null }>`select
      (select 1 from webhook_events where fanned_out = 0 limit 1) as events,
      (select 1 from webhook_deliveries where status = 'pending' and next_attempt_at <= ${now} limit 1) as due,
      (select 1 from webhook_deliveries where status = 'delivering' and lease_until < ${now} limit 1) as lapsed`.execute(
    db,
  );
  const row = r.rows[0];
  return { events: row?.events != null, due: row?.due != null, lapsed: row?.lapsed != null };
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

export function enabledEndpointsOf(db: Db, merchantIds: readonly string[]): Promise<WebhookEndpointRow[]> {
  if (merchantIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('merchant_id', 'in', merchantIds)
    .where('status', '=', 'enabled')
    .execute();
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

/** Enabled endpoints with a pending delivery due: one index probe per enabled endpoint. */
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
          .where('d.status', '=', 'pending')
          .where('d.next_attempt_at', '<=', now),
      ),
    )
    .execute();
  return rows.map((r) => r.endpoint_id);
}

/**
 * Candidates for a claim: for each endpoint asked, up to its `limit` of due `pending` deliveries,
 * oldest first (one range read of webhook_deliveries_endpoint_due each, however long another
 * endpoint's backlog). On PostgreSQL, one statement for every endpoint (a LATERAL read per
 * endpoint), rows locked FOR UPDATE SKIP LOCKED so racing processes never pick the same one;
 * the caller marks them `delivering` in the same transaction.
 */
export async function dueDeliveries(
  trx: Transaction<Database>,
  dialect: DialectName,
  now: string,
  wants: ReadonlyArray<{ endpointId: string; limit: number }>,
): Promise<DueDelivery[]> {
  if (wants.length === 0) return [];
  if (dialect === 'postgres') {
    const r = await sql<DueDelivery>`select d.*, ev.payload, ev.created_at as event_created_at
      from unnest(${wants.map((w) => w.endpointId)}::text[], ${wants.map((w) => w.limit)}::int[]) as w(endpoint_id, lim)
      cross join lateral (
        select x.* from webhook_deliveries x
        where x.endpoint_id = w.endpoint_id and x.status = 'pending' and x.next_attempt_at <= ${now}
        order by x.next_attempt_at limit w.lim
        for update skip locked
      ) d
      join webhook_events ev on ev.event_id = d.event_id
      where exists (select 1 from webhook_endpoints e where e.endpoint_id = d.endpoint_id and e.status = 'enabled')`.execute(
      trx,
    );
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
        .where('d.status', '=', 'pending')
        .where('d.next_attempt_at', '<=', now)
        .where('e.status', '=', 'enabled')
        .orderBy('d.next_attempt_at')
        .limit(w.limit)
        .execute()),
    );
  }
  return out;
}

/**
 * Claims whose lease ran out (`delivering` past `lease_until`: the process holding them died), of
 * enabled endpoints, oldest first; few, so one read of the (status, …) index. SKIP LOCKED as above.
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
    .where('d.status', '=', 'delivering')
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
  if (ids.length === 0) return;
  await trx
    .updateTable('webhook_deliveries')
    .set({ status: 'delivering', lease_until: leaseUntil, updated_at: now })
    .where('delivery_id', 'in', ids)
    .execute();
}

/** Settles a delivery this process still holds (its lease unchanged); false when another took it over. */
export async function settleDelivery(
  trx: Transaction<Database>,
  deliveryId: string,
  leaseUntil: string,
  set: Pick<
    WebhookDeliveryRow,
    'status' | 'attempts' | 'next_attempt_at' | 'last_status_code' | 'last_error' | 'updated_at'
  >,
): Promise<boolean> {
  const r = await trx
    .updateTable('webhook_deliveries')
    .set({ ...set, lease_until: null })
    .where('delivery_id', '=', deliveryId)
    .where('status', '=', 'delivering')
    .where('lease_until', '=', leaseUntil)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Settles, in one statement, deliveries that succeeded under one lease with one status code. */
export async function settleSucceeded(
  trx: Transaction<Database>,
  deliveryIds: readonly string[],
  leaseUntil: string,
  statusCode: number,
  now: string,
): Promise<void> {
  for (let i = 0; i < deliveryIds.length; i += CHUNK) {
    await trx
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        status: 'succeeded',
        attempts: eb('attempts', '+', 1),
        next_attempt_at: now,
        last_status_code: statusCode,
        last_error: null,
        updated_at: now,
        lease_until: null,
      }))
      .where('delivery_id', 'in', deliveryIds.slice(i, i + CHUNK))
      .where('status', '=', 'delivering')
      .where('lease_until', '=', leaseUntil)
      .execute();
  }
}

/** Hands claims back unattempted (a stopping process): any process may take them at once. */
export async function releaseClaims(
  trx: Transaction<Database>,
  deliveryIds: readonly string[],
  leaseUntil: string,
  now: string,
): Promise<void> {
  for (let i = 0; i < deliveryIds.length; i += CHUNK) {
    await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', lease_until: null, updated_at: now })
      .where('delivery_id', 'in', deliveryIds.slice(i, i + CHUNK))
      .where('status', '=', 'delivering')
      .where('lease_until', '=', leaseUntil)
      .execute();
  }
}

export async function insertAttempts(trx: Transaction<Database>, rows: WebhookAttemptRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto('webhook_attempts')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

/** When the delivery was first attempted ('' if never). */
export async function firstAttemptAt(db: Db, deliveryId: string): Promise<string> {
  const r = await db
    .selectFrom('webhook_attempts')
    .select((eb) => eb.fn.min('attempted_at').as('first'))
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirst();
  return (r?.first as string | null | undefined) ?? '';
}

export function deliveriesOfEvents(db: Db, eventIds: readonly string[]): Promise<WebhookDeliveryRow[]> {
  if (eventIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('webhook_deliveries').selectAll().where('event_id', 'in', eventIds).execute();
}

export function attemptsOfEvent(db: Db, eventId: string): Promise<WebhookAttemptRow[]> {
  return db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('attempted_at', 'asc')
    .execute();
}

/** Puts a delivery back in the queue now (a resend), whatever it came to. */
export async function requeueDelivery(
  trx: Transaction<Database>,
  deliveryId: string,
  now: string,
  giveUpAt: string,
): Promise<void> {
  await trx
    .updateTable('webhook_deliveries')
    .set({
      status: 'pending',
      next_attempt_at: now,
      give_up_at: giveUpAt,
      lease_until: null,
      updated_at: now,
    })
    .where('delivery_id', '=', deliveryId)
    .where('status', '!=', 'delivering')
    .execute();
}
