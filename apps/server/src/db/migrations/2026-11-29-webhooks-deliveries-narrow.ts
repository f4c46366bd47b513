import { type Kysely, sql } from 'kysely';

/**
 * Fewer and narrower writes per webhook delivery (issue #11's order rate with webhooks on):
 *
 * - A delivery's latest attempt is kept on its own row (`last_attempted_at`, `last_latency_ms`,
 *   `last_excerpt`, beside `last_status_code` / `last_error`); `webhook_attempts` gets the earlier
 *   ones, moved there when the next attempt is recorded. A delivery that succeeds at its first
 *   attempt is then one row update when settled, not an update and an attempt row with two index
 *   entries. The delivery log reads both (webhooks.repository.ts `attemptsOfEvent`). Rows from
 *   before this migration have no latest attempt on the row: theirs are all in `webhook_attempts`.
 * - The queue's indexes cover only the rows the worker looks for: pending ones (per endpoint, and
 *   by due time for the idle poll) and claimed ones (by lease, for a dead process's claims). A
 *   delivery that succeeded stays in the primary key and the (event, endpoint) unique index only,
 *   instead of moving inside two indexes on (…, status, next_attempt_at) at every change of state.
 *   Queries name the status as a literal, which is what lets either database use a partial index.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_deliveries').addColumn('last_attempted_at', 'varchar(32)').execute();
  await db.schema.alterTable('webhook_deliveries').addColumn('last_latency_ms', 'integer').execute();
  await db.schema.alterTable('webhook_deliveries').addColumn('last_excerpt', 'text').execute();
  await db.schema.dropIndex('webhook_deliveries_due').execute();
  await db.schema.dropIndex('webhook_deliveries_endpoint_due').execute();
  await sql`create index webhook_deliveries_pending on webhook_deliveries (endpoint_id, next_attempt_at)
    where status = 'pending'`.execute(db);
  await sql`create index webhook_deliveries_pending_due on webhook_deliveries (next_attempt_at)
    where status = 'pending'`.execute(db);
  await sql`create index webhook_deliveries_leased on webhook_deliveries (lease_until)
    where status = 'delivering'`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  // The latest attempts go back to the attempts table before their columns go, under the ids the
  // log has shown them by (webhooks.repository.ts attemptId: wha_<delivery id past its whd_>_<n>).
  await sql`insert into webhook_attempts (attempt_id, delivery_id, event_id, endpoint_id, attempted_at,
      status_code, latency_ms, succeeded, error, response_excerpt)
    select 'wha_' || substr(delivery_id, 5) || '_' || attempts, delivery_id, event_id, endpoint_id,
      last_attempted_at, last_status_code, coalesce(last_latency_ms, 0),
      case when last_status_code between 200 and 299 then 1 else 0 end, last_error, last_excerpt
    from webhook_deliveries where last_attempted_at is not null`.execute(db);
  for (const name of [
    'webhook_deliveries_pending',
    'webhook_deliveries_pending_due',
    'webhook_deliveries_leased',
  ]) {
    await db.schema.dropIndex(name).execute();
  }
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_endpoint_due')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'status', 'next_attempt_at'])
    .execute();
  for (const c of ['last_excerpt', 'last_latency_ms', 'last_attempted_at']) {
    await db.schema.alterTable('webhook_deliveries').dropColumn(c).execute();
  }
}
