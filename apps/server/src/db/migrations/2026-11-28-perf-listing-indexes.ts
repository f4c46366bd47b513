import { type Kysely, sql } from 'kysely';

/**
 * The product list's order as an index (newest first, then id), so a page reads its 20 entries
 * instead of sorting the whole table (`USE TEMP B-TREE FOR ORDER BY`); the same order behind a
 * category, which replaces the plain category index (its prefix).
 */
// Migrations run on Kysely<any> (STYLE.md): they must not follow later changes to Database.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index products_listing on products (created_at desc, goods_id asc)`.execute(db);
  await sql`create index products_category_listing on products (category, created_at desc, goods_id asc)`.execute(
    db,
  );
  await db.schema.dropIndex('products_category').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('products_category').on('products').column('category').execute();
  await db.schema.dropIndex('products_category_listing').execute();
  await db.schema.dropIndex('products_listing').execute();
}
