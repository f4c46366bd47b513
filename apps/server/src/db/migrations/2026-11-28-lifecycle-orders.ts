import { type Kysely, sql, SqliteAdapter } from 'kysely';

/**
 * The order lifecycle and batch idempotency (bend-v1.md "Extensions v1.1"):
 *
 * - orders gain carrier / shipped_at / delivered_at / cancelled_at / cancel_reason /
 *   refund_reference_no, and indexes for the operators' queue (status, date) and batch filters;
 * - at most one `refund` ledger entry per order, as a partial unique index: the database's own
 *   last word on "refunded exactly once", whatever the code above it does;
 * - `merchant_batch_no` unique per merchant through a new `merchant_batch_key` column: batches
 *   recorded twice before this migration keep their data, only the oldest of them holds the key;
 * - credit_accounts' check becomes `used <= credit_limit` (was also `used >= 0`): a refund of an
 *   order the merchant has already repaid leaves a credit balance (used below zero) instead of
 *   being impossible. SQLite cannot alter a CHECK, so there the table is rebuilt.
 */
// Migrations run on Kysely<any> (STYLE.md): they must not follow later changes to Database.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  // Kysely runs SQLite migrations outside a transaction; a savepoint makes this one all-or-nothing
  // (on PostgreSQL the migrator's transaction already does).
  if (sqlite) await sql`savepoint lifecycle_orders`.execute(db);
  try {
    for (const column of [
      'carrier',
      'shipped_at',
      'delivered_at',
      'cancelled_at',
      'cancel_reason',
      'refund_reference_no',
    ]) {
      const type = column.endsWith('_at')
        ? 'varchar(32)'
        : column === 'cancel_reason'
          ? 'text'
          : 'varchar(64)';
      await db.schema.alterTable('orders').addColumn(column, sql.raw(type)).execute();
    }
    await db.schema
      .createIndex('orders_status_created')
      .on('orders')
      .columns(['status', 'created_at'])
      .execute();
    await db.schema.createIndex('orders_batch').on('orders').column('batch_no').execute();
    await db.schema
      .createIndex('credit_transactions_one_refund')
      .on('credit_transactions')
      .column('order_no')
      .unique()
      .where(sql.ref('type'), '=', 'refund')
      .execute();

    await db.schema.alterTable('batch_orders').addColumn('merchant_batch_key', 'varchar(64)').execute();
    await sql`update batch_orders set merchant_batch_key = merchant_batch_no
      where merchant_batch_no is not null and not exists (
        select 1 from batch_orders older
        where older.merchant_id = batch_orders.merchant_id
          and older.merchant_batch_no = batch_orders.merchant_batch_no
          and (older.created_at < batch_orders.created_at
            or (older.created_at = batch_orders.created_at and older.batch_no < batch_orders.batch_no)))`.execute(
      db,
    );
    await db.schema
      .createIndex('batch_orders_merchant_batch_key')
      .on('batch_orders')
      .columns(['merchant_id', 'merchant_batch_key'])
      .unique()
      .execute();

    if (sqlite) {
      await sql`create table credit_accounts_v2 (
        merchant_id varchar(40) primary key references merchants (merchant_id),
        currency varchar(3) not null,
        credit_limit bigint not null,
        used bigint not null,
        status varchar(16) not null,
        ledger_seq integer not null,
        created_at varchar(32) not null,
        updated_at varchar(32) not null,
        constraint credit_accounts_used_range check (used <= credit_limit))`.execute(db);
      await sql`insert into credit_accounts_v2
        select merchant_id, currency, credit_limit, used, status, ledger_seq, created_at, updated_at
        from credit_accounts`.execute(db);
      await sql`drop table credit_accounts`.execute(db);
      await sql`alter table credit_accounts_v2 rename to credit_accounts`.execute(db);
    } else {
      await sql`alter table credit_accounts drop constraint credit_accounts_used_range`.execute(db);
      await sql`alter table credit_accounts add constraint credit_accounts_used_range
        check (used <= credit_limit)`.execute(db);
    }
    if (sqlite) await sql`release lifecycle_orders`.execute(db);
  } catch (e) {
    if (sqlite) {
      await sql`rollback to lifecycle_orders`.execute(db);
      await sql`release lifecycle_orders`.execute(db);
    }
    throw e;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(_db: Kysely<any>): Promise<void> {
  // Forward-only: dropping the lifecycle columns would lose shipping and refund history.
  throw new Error('2026-11-28-lifecycle-orders cannot be undone');
}
