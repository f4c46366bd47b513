import type { Kysely } from 'kysely';

/**
 * Which API credential a merchant acted through (`app:APP…`, `token:…`, `api_key`): the audit log
 * named only the merchant, so a cancel through one of several Apps could not be traced to it.
 * Identifiers only, never a secret; null for sessions, the CLI and the system.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('actor_credential', 'varchar(96)').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').dropColumn('actor_credential').execute();
}
