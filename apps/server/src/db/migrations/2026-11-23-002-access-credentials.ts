import { type Kysely, sql } from 'kysely';

/**
 * Credentials of the two signed-query doors: Action API keys (one active per portal user) and
 * WallTech API tokens (several per merchant). Secrets are sealed with the master key, so the
 * columns hold `v1.…` text. Booleans are 0/1 integers: the one portable spelling on both dialects.
 */
// Migrations run on Kysely<any> (STYLE.md): they must not follow later changes to Database.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_keys')
    .addColumn('key_id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(40)', (c) => c.notNull().references('merchant_users.user_id'))
    .addColumn('merchant_id', 'varchar(40)', (c) => c.notNull().references('merchants.merchant_id'))
    .addColumn('api_key_sealed', 'text', (c) => c.notNull())
    .addColumn('read_only', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(32)')
    .execute();
  // "One active key per user" is the database's rule too, so two racing regenerations cannot both win.
  await db.schema
    .createIndex('api_keys_one_active')
    .on('api_keys')
    .column('user_id')
    .unique()
    .where(sql.ref('status'), '=', 'active')
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('token', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('merchant_id', 'varchar(40)', (c) => c.notNull().references('merchants.merchant_id'))
    .addColumn('created_by', 'varchar(40)', (c) => c.references('merchant_users.user_id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_key_sealed', 'text', (c) => c.notNull())
    .addColumn('read_only', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(32)')
    .addColumn('last_used_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('api_tokens_merchant').on('api_tokens').column('merchant_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_tokens').execute();
  await db.schema.dropTable('api_keys').execute();
}
