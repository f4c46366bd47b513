import type { Kysely } from 'kysely';

/**
 * A SKU priced 0 (or less) is taken off sale. Writes refuse such a price (`skuPrice`), but a
 * database from before that rule may still hold one, and an order for it would debit nothing.
 * Off sale, every order path refuses it as it refuses any SKU off sale (3001), the PostgreSQL
 * order functions included, unchanged. Putting it back on sale goes through the catalog's rules,
 * which ask for a price above 0 first.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('skus')
    .set({ status: 'off_sale', updated_at: new Date().toISOString() })
    .where('price', '<=', 0)
    .where('status', '<>', 'off_sale')
    .execute();
}

/** Nothing to undo: which of these SKUs were on sale is not kept, and none should be. */
export async function down(): Promise<void> {}
