import type { Kysely } from 'kysely';

/**
 * The console's credit entries, each once: the key a confirmation sent with its entry, and the
 * entry it made. A second request with the key (a double-click, a retry after a lost answer)
 * finds the first entry instead of moving the money again. Its own table: the ledger and the
 * order path's inserts are untouched.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('credit_entry_requests')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('reference_no', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('credit_entry_requests_pk', ['merchant_id', 'idempotency_key'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('credit_entry_requests').execute();
}
