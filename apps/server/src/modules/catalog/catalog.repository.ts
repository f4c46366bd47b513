import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, DialectName } from '../../db/database.ts';
import { runSql, stmt } from '../../db/writer.ts';
import type { ProductRow, ProductsTable, SaleStatus, SkuRow, SkusTable } from './catalog.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** LIKE pattern matching `keyword` literally (its % and _ escaped). */
function containsPattern(keyword: string): string {
  return `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface ProductFilter {
  keyword?: string | undefined;
  category?: string | undefined;
  status?: SaleStatus | undefined;
}

function filtered(db: Db, f: ProductFilter) {
  let base = db.selectFrom('products');
  if (f.keyword) {
    // lower() on both sides: case-insensitive on both dialects (SQLite folds ASCII only). A
    // product's own goods_id finds it too (an order's product link, a pasted id).
    const keyword = f.keyword;
    base = base.where((eb) =>
      eb.or([
        sql<boolean>`lower(title) like lower(${containsPattern(keyword)}) escape ${sql.lit('\\')}`,
        eb('goods_id', '=', keyword),
      ]),
    );
  }
  if (f.category) base = base.where('category', '=', f.category);
  // A literal, not a parameter: the off-sale products' partial index serves only a WHERE that names it.
  if (f.status) base = base.where('status', '=', sql.lit(f.status));
  return base;
}

/**
 * How many products match: walks every matching row, so the service caches it. "On sale" (nearly
 * every product) is counted as the same filter's products less those off sale: two counts an index
 * answers (the table's or its category's, and the partial off-sale one), where counting on_sale
 * itself read every row (43 ms at 100,000 products on SQLite, `npm run bench:catalog`). A product's
 * status is one of SALE_STATUSES: every write is checked against that list.
 */
export async function countProducts(db: Db, f: ProductFilter): Promise<number> {
  const count = async (filter: ProductFilter) => {
    const r = await filtered(db, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };
  if (f.status !== 'on_sale') return count(f);
  const [all, offSale] = await Promise.all([
    count({ ...f, status: undefined }),
    count({ ...f, status: 'off_sale' }),
  ]);
  return all - offSale;
}

/** Where a keyset page starts: after this product in the list's order (newest first, then id). */
export interface ProductCursor {
  createdAt: string;
  goodsId: string;
}

/**
 * One page of the list, newest first (`created_at desc, goods_id asc`: the `products_listing`
 * index, so page 1 reads 20 index entries whatever the catalog's size). Offset pages past the
 * middle are read from the other end of the index (`total` says where that is), so the last page
 * costs what the first does; only pages near the middle of a huge catalog walk far. `after` reads
 * the page following a cursor with a seek, at the same cost everywhere.
 */
export async function listProducts(
  db: Db,
  p: ProductFilter & { pageSize: number } & (
      { offset: number; total: number } | { after: ProductCursor | null }
    ),
): Promise<ProductRow[]> {
  const base = filtered(db, p).selectAll();
  if ('after' in p) {
    const a = p.after;
    const from = a
      ? base
          .where('created_at', '<=', a.createdAt)
          .where((eb) => eb.or([eb('created_at', '<', a.createdAt), eb('goods_id', '>', a.goodsId)]))
      : base;
    return from.orderBy('created_at', 'desc').orderBy('goods_id', 'asc').limit(p.pageSize).execute();
  }
  const { offset, total, pageSize } = p;
  if (offset >= total) return [];
  if (offset * 2 <= total) {
    return base
      .orderBy('created_at', 'desc')
      .orderBy('goods_id', 'asc')
      .limit(pageSize)
      .offset(offset)
      .execute();
  }
  // Rows [offset, end) of the list are rows [total - end, total - offset) read backwards.
  const end = Math.min(offset + pageSize, total);
  const rows = await base
    .orderBy('created_at', 'asc')
    .orderBy('goods_id', 'desc')
    .limit(end - offset)
    .offset(total - end)
    .execute();
  return rows.reverse();
}

export function findProduct(db: Db, goodsId: string): Promise<ProductRow | undefined> {
  return db.selectFrom('products').selectAll().where('goods_id', '=', goodsId).executeTakeFirst();
}

export function findSku(db: Db, skuId: string): Promise<SkuRow | undefined> {
  return db.selectFrom('skus').selectAll().where('sku_id', '=', skuId).executeTakeFirst();
}

/**
 * Ids per `where in` (and rows per multi-row insert): far below SQLite's 32766 bound variables
 * and PostgreSQL's 65535 even at 9 columns a row, and large enough that a 10k-SKU import takes a
 * few dozen statements.
 */
export const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Which of `goodsIds` already exist, in chunked `where in` queries. */
export async function existingGoodsIds(db: Db, goodsIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunks(goodsIds)) {
    const rows = await db.selectFrom('products').select('goods_id').where('goods_id', 'in', chunk).execute();
    for (const r of rows) found.add(r.goods_id);
  }
  return found;
}

/** The product each of `skuIds` that already exists belongs to, in chunked `where in` queries. */
export async function skuOwners(db: Db, skuIds: readonly string[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const chunk of chunks(skuIds)) {
    const rows = await db
      .selectFrom('skus')
      .select(['sku_id', 'goods_id'])
      .where('sku_id', 'in', chunk)
      .execute();
    for (const r of rows) owners.set(r.sku_id, r.goods_id);
  }
  return owners;
}

/** Each of `skuIds` that exists: its product and the sale status of both, in chunked `where in` queries. */
export async function saleStatusOfSkus(
  db: Db,
  skuIds: readonly string[],
): Promise<Map<string, { goods_id: string; sku_status: string; product_status: string }>> {
  const found = new Map<string, { goods_id: string; sku_status: string; product_status: string }>();
  for (const chunk of chunks(skuIds)) {
    const rows = await db
      .selectFrom('skus')
      .innerJoin('products', 'products.goods_id', 'skus.goods_id')
      .select([
        'skus.sku_id',
        'skus.goods_id',
        'skus.status as sku_status',
        'products.status as product_status',
      ])
      .where('skus.sku_id', 'in', chunk)
      .execute();
    for (const { sku_id, ...r } of rows) found.set(sku_id, r);
  }
  return found;
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

/** Multi-row inserts, CHUNK rows a statement. */
export async function insertProducts(
  trx: Transaction<Database>,
  rows: readonly ProductsTable[],
): Promise<void> {
  for (const chunk of chunks(rows)) await trx.insertInto('products').values(chunk).execute();
}

export async function insertSkus(trx: Transaction<Database>, rows: readonly SkusTable[]): Promise<void> {
  for (const chunk of chunks(rows)) await trx.insertInto('skus').values(chunk).execute();
}

/** What an upsert rewrites of a product that exists (not its id, nor when it was created). */
export type ProductUpdate = Omit<ProductsTable, 'goods_id' | 'created_at'>;
/** What an upsert rewrites of a SKU that exists (not its id, product, nor when it was created). */
export type SkuUpdate = Omit<SkusTable, 'sku_id' | 'goods_id' | 'created_at'>;

/**
 * Where an upsert's changes to rows that already exist go, a slice at a time, all in the one
 * unit. `finish` runs after the last slice.
 */
export interface ExistingRowWriter {
  products(rows: readonly (readonly [goodsId: string, fields: ProductUpdate])[]): Promise<void>;
  skus(rows: readonly (readonly [skuId: string, fields: SkuUpdate])[]): Promise<void>;
  finish(): Promise<void>;
}

/**
 * SQLite (one writer, no row locks): each row is updated at once.
 *
 * PostgreSQL: an UPDATE holds its row's lock until the unit ends, and the order path locks SKU
 * rows in sku_id order (tradepost_place_orders, lockSkus). Updated in file order, an import could
 * hold a later SKU while it waits for an earlier one that a grouped order holds while waiting for
 * the later one: a deadlock. Sorting each slice would not do, since an earlier slice's locks are
 * held through the later ones; so the changes wait until the last slice and are then applied with
 * every row locked in key order: products by goods_id, then SKUs by sku_id. Up to
 * `HELD_IN_MEMORY` changes of a table wait in the process (a console edit of one product: one
 * UPDATE per row, as on SQLite); past that, in a temporary table on the server, so the process's
 * memory stays flat whatever the import's size.
 */
export function existingRowWriter(trx: Transaction<Database>, dialect: DialectName): ExistingRowWriter {
  if (dialect === 'sqlite') {
    return {
      products: (rows) => updateEach(trx, 'products', rows),
      skus: (rows) => updateEach(trx, 'skus', rows),
      finish: async () => undefined,
    };
  }
  const held: Record<Updatable, (readonly [string, object])[]> = { products: [], skus: [] };
  const staged = new Set<Updatable>();
  const add = async (table: Updatable, rows: readonly (readonly [string, object])[]) => {
    if (staged.has(table)) return stageUpdates(trx, table, rows, false);
    held[table].push(...rows);
    if (held[table].length <= HELD_IN_MEMORY) return;
    await stageUpdates(trx, table, held[table], true);
    staged.add(table);
    held[table] = [];
  };
  return {
    products: (rows) => add('products', rows),
    skus: (rows) => add('skus', rows),
    async finish() {
      for (const table of ['products', 'skus'] as const) {
        if (staged.has(table)) await applyStaged(trx, table);
        else {
          // Locked in the database's order of the key (its collation), as the order path's are.
          const { key } = UPDATABLE[table];
          if (held[table].length > 1)
            await sql`select 1 from ${sql.table(table)}
              where ${sql.ref(key)} in (${sql.join(held[table].map(([id]) => id))})
              order by ${sql.ref(key)} for no key update`.execute(trx);
          await updateEach(trx, table, held[table]);
        }
      }
    },
  };
}

/** How many changes of one table a PostgreSQL import holds in the process before it stages them. */
export const HELD_IN_MEMORY = 64;

/** One UPDATE per row, in the order given. */
async function updateEach(
  trx: Transaction<Database>,
  table: Updatable,
  rows: readonly (readonly [string, object])[],
): Promise<void> {
  const { key, columns } = UPDATABLE[table];
  for (const [id, fields] of rows) {
    const set = columns.map((c) => sql`${sql.ref(c)} = ${(fields as Record<string, unknown>)[c]}`);
    await sql`update ${sql.table(table)} set ${sql.join(set)} where ${sql.ref(key)} = ${id}`.execute(trx);
  }
}

/** The rows an upsert may update, by table: its key, and the columns it rewrites (all of them). */
const UPDATABLE = {
  products: {
    key: 'goods_id',
    columns: Object.keys({
      title: true,
      description: true,
      category: true,
      images_json: true,
      currency: true,
      status: true,
      updated_at: true,
    } satisfies Record<keyof ProductUpdate, true>),
  },
  skus: {
    key: 'sku_id',
    columns: Object.keys({
      spec: true,
      price: true,
      stock: true,
      status: true,
      updated_at: true,
    } satisfies Record<keyof SkuUpdate, true>),
  },
} as const;
type Updatable = keyof typeof UPDATABLE;

const stagedTable = (table: Updatable) => sql.table(`tradepost_staged_${table}`);

/** PostgreSQL: adds rows to `table`'s staged changes, creating the staging table first if `create`. */
async function stageUpdates(
  trx: Transaction<Database>,
  table: Updatable,
  rows: readonly (readonly [string, object])[],
  create: boolean,
): Promise<void> {
  const { key, columns } = UPDATABLE[table];
  const names = sql.join([key, ...columns].map((c) => sql.ref(c)));
  if (create) {
    // The table's own column types; dropped when the unit ends, whether it commits or not.
    await sql`create temporary table ${stagedTable(table)} on commit drop as
      select ${names} from ${sql.table(table)} with no data`.execute(trx);
  }
  for (const chunk of chunks(rows)) {
    const values = chunk.map(
      ([id, fields]) =>
        sql`(${sql.join([id, ...columns.map((c) => (fields as Record<string, unknown>)[c])])})`,
    );
    await sql`insert into ${stagedTable(table)} (${names}) values ${sql.join(values)}`.execute(trx);
  }
}

/**
 * PostgreSQL: locks the rows of `table` that have staged changes, in key order (one statement:
 * the lock is taken row by row as the sorted rows come out), then applies the changes. The lock
 * is the one the UPDATE takes anyway (FOR NO KEY UPDATE): only its order is new.
 */
async function applyStaged(trx: Transaction<Database>, table: Updatable): Promise<void> {
  const { key, columns } = UPDATABLE[table];
  const staged = stagedTable(table);
  await sql`select count(*) as n from (select 1 from ${sql.table(table)}
    where ${sql.ref(key)} in (select ${sql.ref(key)} from ${staged})
    order by ${sql.ref(key)} for no key update) as locked`.execute(trx);
  await sql`update ${sql.table(table)} as t
    set ${sql.join(columns.map((c) => sql`${sql.ref(c)} = ${sql.ref(`s.${c}`)}`))}
    from ${staged} as s where ${sql.ref(`t.${key}`)} = ${sql.ref(`s.${key}`)}`.execute(trx);
}

/*
 * The statements below run once per order. They are `sql` templates rather than builder chains:
 * Kysely spends ~10 µs building and compiling each builder query, a template costs ~1 µs, and the
 * SQL (plain lowercase identifiers) reads the same on SQLite and PostgreSQL.
 */

/**
 * What makes a SKU orderable: it is `skuId`, belongs to `goodsId`, and both it and its product
 * are on sale. One predicate for the taking UPDATE and for the read that explains a refusal.
 */
function orderable(goodsId: string, skuId: string) {
  return stmt`skus.sku_id = ${skuId} and skus.goods_id = ${goodsId} and skus.status = 'on_sale'
    and exists (select 1 from products where products.goods_id = skus.goods_id and products.status = 'on_sale')`;
}

/**
 * Takes `quantity` of an orderable SKU from stock in one statement: the row lock serializes
 * racing orders and the WHERE re-checks against the latest stock (and sale status), so stock can
 * never go below zero. Returns the unit price, the product's currency and the stock left, or
 * undefined when the SKU is not orderable or there was not enough; `isOrderable` tells the two
 * apart.
 */
export async function takeStock(
  trx: Transaction<Database>,
  t: { goodsId: string; skuId: string; quantity: number; now: string },
): Promise<{ price: number; currency: string; stock: number } | undefined> {
  const rows = await runSql(
    trx,
    stmt<{ price: number; currency: string; stock: number }>`update skus
    set stock = stock - ${t.quantity}, updated_at = ${t.now}
    where ${orderable(t.goodsId, t.skuId)} and stock >= ${t.quantity}
    returning price, stock, (select currency from products where products.goods_id = skus.goods_id) as currency`,
  );
  return rows[0];
}

export async function isOrderable(db: Db, goodsId: string, skuId: string): Promise<boolean> {
  const rows = await runSql(db, stmt`select 1 as one from skus where ${orderable(goodsId, skuId)}`);
  return rows.length > 0;
}

/**
 * Puts a cancelled or failed order's quantity back on its SKU, whatever the SKU's sale status
 * now (the units exist either way). Runs in the refund's writer unit, after the order row's lock.
 * Returns the SKU's stock now, or undefined if the SKU is gone.
 */
export async function returnStock(
  trx: Transaction<Database>,
  r: { skuId: string; quantity: number; now: string },
): Promise<number | undefined> {
  const { rows } = await sql<{ stock: number }>`update skus set stock = stock + ${r.quantity},
    updated_at = ${r.now} where sku_id = ${r.skuId} returning stock`.execute(trx);
  return rows[0]?.stock;
}
