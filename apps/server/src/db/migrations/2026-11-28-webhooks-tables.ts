import { type Kysely, sql } from 'kysely';

/**
 * Webhooks (docs/spec/webhooks.md): endpoints with sealed secrets, per-merchant settings, the
 * events outbox, deliveries (one per event and endpoint: claimed, retried, resent) and every
 * attempt. Times are ISO text, booleans 0/1 integers, money bigint minor units (as in 001).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('endpoint_id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('merchant_id', 'varchar(40)', (c) => c.notNull().references('merchants.merchant_id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('previous_secret_sealed', 'text')
    .addColumn('previous_secret_expires_at', 'varchar(32)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('disabled_reason', 'varchar(16)')
    .addColumn('failing_since', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_endpoints_merchant')
    .on('webhook_endpoints')
    .column('merchant_id')
    .execute();

  await db.schema
    .createTable('webhook_settings')
    .addColumn('merchant_id', 'varchar(40)', (c) => c.primaryKey().references('merchants.merchant_id'))
    .addColumn('credit_low_threshold', 'bigint')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_events')
    .addColumn('event_id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('merchant_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'varchar(40)')
    .addColumn('fanned_out', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  // The worker's fan-out scan reads only the few rows not yet fanned out.
  await db.schema
    .createIndex('webhook_events_pending')
    .on('webhook_events')
    .column('created_at')
    .where(sql.ref('fanned_out'), '=', 0)
    .execute();
  await db.schema
    .createIndex('webhook_events_merchant')
    .on('webhook_events')
    .columns(['merchant_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('delivery_id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('event_id', 'varchar(40)', (c) => c.notNull().references('webhook_events.event_id'))
    .addColumn('endpoint_id', 'varchar(40)', (c) => c.notNull().references('webhook_endpoints.endpoint_id'))
    .addColumn('merchant_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('lease_until', 'varchar(32)')
    .addColumn('give_up_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  // One delivery per event and endpoint: a fan-out racing itself cannot double it.
  await db.schema
    .createIndex('webhook_deliveries_event_endpoint')
    .on('webhook_deliveries')
    .columns(['event_id', 'endpoint_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('attempt_id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('delivery_id', 'varchar(40)', (c) => c.notNull().references('webhook_deliveries.delivery_id'))
    .addColumn('event_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('endpoint_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('attempted_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('succeeded', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('response_excerpt', 'text')
    .execute();
  await db.schema
    .createIndex('webhook_attempts_delivery')
    .on('webhook_attempts')
    .column('delivery_id')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'webhook_attempts',
    'webhook_deliveries',
    'webhook_events',
    'webhook_settings',
    'webhook_endpoints',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
