import type { Kysely } from 'kysely';

/**
 * Deleting a webhook endpoint: when it was deleted. A deleted endpoint keeps its row (status
 * `deleted`, its sealed secrets cleared), since its deliveries, their attempts and the audit log
 * name it and the delivery log still shows where they went; it is listed nowhere, counts toward no
 * cap and is sent nothing. The status needs no change of schema (a varchar with no check), and
 * every `status = 'enabled'` test that decides what is sent — PostgreSQL's order functions
 * included — already leaves it out.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_endpoints').addColumn('deleted_at', 'varchar(32)').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_endpoints').dropColumn('deleted_at').execute();
}
