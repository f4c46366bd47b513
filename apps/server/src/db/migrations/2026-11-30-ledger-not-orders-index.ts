import { type Kysely, sql } from 'kysely';

/**
 * The ledger entries that are not order debits (limit changes, repayments, adjustments, refunds),
 * per merchant in chain order: a partial index. The portal's credit history ("the latest 100
 * postings") and a ledger page filtered to one of those types walked the merchant's whole chain
 * to find them among its orders: 23–37 ms at 100,000 entries against 0.14 ms at 10 (SQLite). Order
 * debits, most of the ledger and the hot path's inserts, do not enter it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('credit_transactions_not_orders')
    .on('credit_transactions')
    .columns(['merchant_id', 'seq'])
    .where(sql.ref('type'), '<>', sql.lit('order'))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('credit_transactions_not_orders').execute();
}
