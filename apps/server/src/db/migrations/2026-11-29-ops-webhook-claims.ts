import type { Kysely } from 'kysely';

/**
 * The delivery worker claims per endpoint (each up to its share), oldest due first: this index
 * answers "due deliveries of endpoint E" by a range read, and "does E have any due" by one probe,
 * however long another endpoint's backlog is.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('webhook_deliveries_endpoint_due')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'status', 'next_attempt_at'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_endpoint_due').execute();
}
