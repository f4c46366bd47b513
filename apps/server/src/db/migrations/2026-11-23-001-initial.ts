import { type Kysely, sql } from 'kysely';

/**
 * The initial schema, written once for both dialects: only portable types (text, varchar,
 * integer, bigint), money as bigint minor units, timestamps as ISO 8601 text (shared/time.ts),
 * JSON as text. Frozen once shipped: later changes get a new date-prefixed file.
 */
// Migrations run on Kysely<any> (STYLE.md): they must not follow later changes to Database.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('merchants')
    .addColumn('merchant_id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('company_address', 'text')
    .addColumn('country', 'varchar(2)')
    .addColumn('bank_account_name', 'text')
    .addColumn('bank_account_number', 'text')
    .addColumn('bank_name', 'text')
    .addColumn('bank_swift', 'varchar(16)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('merchant_users')
    .addColumn('user_id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('merchant_id', 'varchar(40)', (c) => c.notNull().references('merchants.merchant_id'))
    .addColumn('email', 'varchar(320)', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('merchant_users_merchant').on('merchant_users').column('merchant_id').execute();

  await db.schema
    .createTable('apps')
    .addColumn('app_id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('merchant_id', 'varchar(40)', (c) => c.notNull().references('merchants.merchant_id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_key_sealed', 'text', (c) => c.notNull())
    .addColumn('sign_key_sealed', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('keys_rotated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('apps_merchant').on('apps').column('merchant_id').execute();

  await db.schema
    .createTable('products')
    .addColumn('goods_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('category', 'varchar(128)', (c) => c.notNull())
    .addColumn('images_json', 'text', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('products_category').on('products').column('category').execute();

  await db.schema
    .createTable('skus')
    .addColumn('sku_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('goods_id', 'varchar(64)', (c) => c.notNull().references('products.goods_id'))
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull().check(sql`price >= 0`))
    .addColumn('stock', 'integer', (c) => c.notNull().check(sql`stock >= 0`))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('skus_goods').on('skus').column('goods_id').execute();

  await db.schema
    .createTable('credit_accounts')
    .addColumn('merchant_id', 'varchar(40)', (c) => c.primaryKey().references('merchants.merchant_id'))
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('credit_limit', 'bigint', (c) => c.notNull())
    .addColumn('used', 'bigint', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('ledger_seq', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    // Defence in depth for "available never below zero", whatever the code above does.
    .addCheckConstraint('credit_accounts_used_range', sql`used >= 0 and used <= credit_limit`)
    .execute();

  await db.schema
    .createTable('credit_transactions')
    .addColumn('reference_no', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('merchant_id', 'varchar(40)', (c) => c.notNull().references('merchants.merchant_id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('balance_before', 'bigint', (c) => c.notNull())
    .addColumn('balance_after', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('order_no', 'varchar(40)')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('credit_transactions_chain', ['merchant_id', 'seq'])
    .addCheckConstraint('credit_transactions_balance', sql`balance_after = balance_before + amount`)
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('order_no', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('merchant_id', 'varchar(40)', (c) => c.notNull().references('merchants.merchant_id'))
    .addColumn('merchant_order_no', 'varchar(64)')
    .addColumn('batch_no', 'varchar(40)')
    .addColumn('goods_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('sku_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('shipping_address_json', 'text', (c) => c.notNull())
    .addColumn('tracking_no', 'varchar(128)')
    .addColumn('credit_reference_no', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    // NULLs are distinct in both dialects, so orders without a merchant_order_no never clash.
    .addUniqueConstraint('orders_merchant_order_no', ['merchant_id', 'merchant_order_no'])
    .execute();
  await db.schema
    .createIndex('orders_merchant_created')
    .on('orders')
    .columns(['merchant_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('batch_orders')
    .addColumn('batch_no', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('merchant_id', 'varchar(40)', (c) => c.notNull().references('merchants.merchant_id'))
    .addColumn('merchant_batch_no', 'varchar(64)')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('succeeded', 'integer', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('batch_order_items')
    .addColumn('batch_no', 'varchar(40)', (c) => c.notNull().references('batch_orders.batch_no'))
    .addColumn('item_index', 'integer', (c) => c.notNull())
    .addColumn('merchant_order_no', 'varchar(64)')
    .addColumn('code', 'integer', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('order_no', 'varchar(40)')
    .addPrimaryKeyConstraint('batch_order_items_pk', ['batch_no', 'item_index'])
    .execute();

  await db.schema
    .createTable('nonces')
    .addColumn('app_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('nonce', 'varchar(64)', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('nonces_pk', ['app_id', 'nonce'])
    .execute();
  await db.schema.createIndex('nonces_expires').on('nonces').column('expires_at').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'nonces',
    'batch_order_items',
    'batch_orders',
    'orders',
    'credit_transactions',
    'credit_accounts',
    'skus',
    'products',
    'apps',
    'merchant_users',
    'merchants',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
