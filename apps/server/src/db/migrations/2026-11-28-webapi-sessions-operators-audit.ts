import type { Kysely } from 'kysely';

/**
 * The web doors' tables: browser sessions (portal and console), operator accounts, the audit log,
 * the must-change-password flag of a portal login (after an operator reset) and when an App was
 * last used. Only a SHA-256 of a session token is stored: a copy of this table opens no session.
 */
// Migrations run on Kysely<any> (STYLE.md): they must not follow later changes to Database.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('operators')
    .addColumn('operator_id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('email', 'varchar(320)', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('web_sessions')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    // 'portal' (a merchant user) or 'admin' (an operator): the two never open each other's doors.
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('subject_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('merchant_id', 'varchar(40)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(32)')
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema
    .createIndex('web_sessions_subject')
    .on('web_sessions')
    .columns(['kind', 'subject_id'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(40)')
    .addColumn('actor_label', 'varchar(320)')
    .addColumn('ip', 'varchar(64)')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('merchant_id', 'varchar(40)')
    .addColumn('target_type', 'varchar(32)')
    .addColumn('target_id', 'varchar(128)')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_merchant').on('audit_log').columns(['merchant_id', 'at']).execute();
  // The sign-in throttle counts recent failures per account and per address from these two.
  await db.schema
    .createIndex('audit_log_action_label')
    .on('audit_log')
    .columns(['action', 'actor_label', 'at'])
    .execute();
  await db.schema
    .createIndex('audit_log_action_ip')
    .on('audit_log')
    .columns(['action', 'ip', 'at'])
    .execute();

  await db.schema
    .alterTable('merchant_users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('apps').addColumn('last_used_at', 'varchar(32)').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('apps').dropColumn('last_used_at').execute();
  await db.schema.alterTable('merchant_users').dropColumn('must_change_password').execute();
  await db.schema.dropTable('audit_log').execute();
  await db.schema.dropTable('web_sessions').execute();
  await db.schema.dropTable('operators').execute();
}
