import type { Kysely } from 'kysely';

/**
 * A merchant's orders newest first with order_no as the tie-break, the key every list and export
 * of one merchant's orders walks (orders.repository.ts `eachOrderChunk`: `(created_at, order_no) <
 * (…, …)`). On (merchant_id, created_at) alone each 500-row chunk of an export sorted its ties and
 * grew with how deep it was (SQLite: 4.7 ms near the newest, 13.6 ms 99,000 orders in). It
 * replaces that index, whose every use this one serves.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('orders_merchant_created_no')
    .on('orders')
    .columns(['merchant_id', 'created_at', 'order_no'])
    .execute();
  await db.schema.dropIndex('orders_merchant_created').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('orders_merchant_created')
    .on('orders')
    .columns(['merchant_id', 'created_at'])
    .execute();
  await db.schema.dropIndex('orders_merchant_created_no').execute();
}
