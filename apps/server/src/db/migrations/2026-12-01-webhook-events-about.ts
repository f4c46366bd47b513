import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * What each webhook event is about: its order's order_no, or its batch's batch_no (null for
 * credit events), taken from the payload by the database, and indexed per merchant, so the
 * portal's delivery log finds an order's events without reading payloads. A generated column:
 * every writer of events (the services, PostgreSQL's order functions) fills it without knowing of
 * it. Stored on PostgreSQL (the only kind it has); virtual on SQLite (ALTER TABLE can add no other),
 * computed on insert for the index and on read.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const about = pg
    ? sql`coalesce(payload::jsonb #>> '{data,object,order_no}', payload::jsonb #>> '{data,object,batch_no}')`
    : sql`coalesce(json_extract(payload, '$.data.object.order_no'), json_extract(payload, '$.data.object.batch_no'))`;
  await sql`alter table webhook_events add column about text generated always as (${about}) ${sql.raw(pg ? 'stored' : 'virtual')}`.execute(
    db,
  );
  await db.schema
    .createIndex('webhook_events_about')
    .on('webhook_events')
    .columns(['merchant_id', 'about'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhook_events_about').execute();
  await db.schema.alterTable('webhook_events').dropColumn('about').execute();
}
