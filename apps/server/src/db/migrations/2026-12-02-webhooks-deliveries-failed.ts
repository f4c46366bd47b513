import { type Kysely, sql } from 'kysely';

/**
 * The console's failing-webhooks page counts each listed endpoint's failed deliveries and "Resend
 * failed deliveries" reads them, oldest first. Failed ones were in no index but the primary key and
 * the (event, endpoint) unique one: both would read every delivery ever made. A partial index of
 * the failed ones only, per endpoint by creation, as the pending ones have theirs (2026-11-29).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index webhook_deliveries_failed on webhook_deliveries (endpoint_id, created_at)
    where status = 'failed'`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_failed').execute();
}
