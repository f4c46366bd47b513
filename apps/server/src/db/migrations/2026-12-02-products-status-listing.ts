import { type Kysely, sql } from 'kysely';

/**
 * The few products off sale, in the list's order: the console's "Off sale" filter walked the whole
 * newest-first index to find them (35 ms on SQLite, 48 on PostgreSQL at 100,000 products against
 * 0.7 and 1.6 at 265: `npm run bench:catalog`) and its count read every row. Partial, so "On sale"
 * (nearly every product) keeps the plain listing index: a full (status, …) index drew SQLite's
 * planner to it for "a category, on sale", which it then walked almost whole. The query names the
 * status as a literal (catalog.repository.ts): a partial index serves only a WHERE it can read.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index products_off_sale_listing on products (created_at desc, goods_id asc) where status = 'off_sale'`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('products_off_sale_listing').execute();
}
