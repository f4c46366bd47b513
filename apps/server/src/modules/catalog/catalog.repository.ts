import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { ProductRow, ProductsTable, SkuRow, SkusTable } from './catalog.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** LIKE pattern matching `keyword` literally (its % and _ escaped). */
function containsPattern(keyword: string): string {
  return `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listProducts(
  db: Db,
  p: { page: number; pageSize: number; keyword?: string | undefined; category?: string | undefined },
): Promise<{ rows: ProductRow[]; total: number }> {
  let base = db.selectFrom('products');
  if (p.keyword) {
    // lower() on both sides: case-insensitive on both dialects (SQLite folds ASCII only).
    base = base.where(
      sql<boolean>`lower(title) like lower(${containsPattern(p.keyword)}) escape ${sql.lit('\\')}`,
    );
  }
  if (p.category) base = base.where('category', '=', p.category);
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('goods_id', 'asc')
      .limit(p.pageSize)
      .offset((p.page - 1) * p.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findProduct(db: Db, goodsId: string): Promise<ProductRow | undefined> {
  return db.selectFrom('products').selectAll().where('goods_id', '=', goodsId).executeTakeFirst();
}

export function findSku(db: Db, skuId: string): Promise<SkuRow | undefined> {
  return db.selectFrom('skus').selectAll().where('sku_id', '=', skuId).executeTakeFirst();
}

export async function skusOf(db: Db, goodsIds: string[]): Promise<SkuRow[]> {
  if (goodsIds.length === 0) return [];
  return db
    .selectFrom('skus')
    .selectAll()
    .where('goods_id', 'in', goodsIds)
    .orderBy('sku_id', 'asc')
    .execute();
}

export async function categories(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('products')
    .select('category')
    .distinct()
    .orderBy('category', 'asc')
    .execute();
  return rows.map((r) => r.category);
}

export async function insertProduct(trx: Transaction<Database>, row: ProductsTable): Promise<void> {
  await trx.insertInto('products').values(row).execute();
}

export async function updateProduct(
  trx: Transaction<Database>,
  goodsId: string,
  fields: Omit<ProductsTable, 'goods_id' | 'created_at'>,
): Promise<void> {
  await trx.updateTable('products').set(fields).where('goods_id', '=', goodsId).execute();
}

export async function insertSku(trx: Transaction<Database>, row: SkusTable): Promise<void> {
  await trx.insertInto('skus').values(row).execute();
}

export async function updateSku(
  trx: Transaction<Database>,
  skuId: string,
  fields: Omit<SkusTable, 'sku_id' | 'goods_id' | 'created_at'>,
): Promise<void> {
  await trx.updateTable('skus').set(fields).where('sku_id', '=', skuId).execute();
}

/**
 * Takes `quantity` from stock only if that many are there, in one statement: the row lock
 * serializes racing orders and the WHERE re-checks against the latest stock, so stock can
 * never go below zero. Returns false when there was not enough.
 */
export async function takeStock(
  trx: Transaction<Database>,
  skuId: string,
  quantity: number,
  now: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('skus')
    .set({ stock: sql<number>`stock - ${quantity}`, updated_at: now })
    .where('sku_id', '=', skuId)
    .where('stock', '>=', quantity)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
