import type { Product, Sku } from '@tradepost/protocol';
import { fieldIssue, fieldMessage, oneOf, SALE_STATUSES, textFilter } from '@tradepost/web-contract';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Database, DialectName } from '../../db/database.ts';
import { afterCommit, type InUnit, type Writer } from '../../db/writer.ts';
import { AppError } from '../../shared/app-error.ts';
import { newId } from '../../shared/ids.ts';
import { formatMoney, parseMoney } from '../../shared/money.ts';
import { nowIso, wireTime } from '../../shared/time.ts';
import { asParams, type Page, pageSchema, parseInput } from '../../shared/validation.ts';
import { createCatalogCache } from './catalog.cache.ts';
import * as repo from './catalog.repository.ts';
import { createProductInputChecker, formatInputPath, type ProductInput } from './catalog.schema.ts';
import type { ProductRow, ProductsTable, SkuRow, SkusTable } from './catalog.table.ts';

/** Wire DTOs: bend-v1.md "Data structures", defined once in the protocol package. */
export type { Product, Sku } from '@tradepost/protocol';

export type { ProductInput } from './catalog.schema.ts';

export interface CatalogService {
  listProducts(params: unknown): Promise<Page<Product>>;
  getProduct(goodsId: string): Promise<Product>;
  getProductBySku(skuId: string): Promise<Product>;
  /** An order's item in words (title, SKU spec), or null when it is gone from the catalog. */
  describeItem(goodsId: string, skuId: string): Promise<{ title: string; spec: string } | null>;
  /**
   * Why each order's goods_id and sku_id cannot be ordered now, as a field problem ("sku_id: …"),
   * or null when they can: for a file read before anything is placed. Stock and credit are not
   * judged here (they change until the order's own transaction takes them).
   */
  orderProblems(items: readonly { goods_id: string; sku_id: string }[]): Promise<(string | null)[]>;
  /**
   * Inserts or updates every product in one transaction, after checking the whole list against
   * `checkProductInputs` (AppError 4001 naming the first problem, e.g. `products[3].skus[1].price`).
   * `inUnit` runs in that transaction (the console's audit row): the change and it commit together.
   */
  upsertProducts(
    products: ProductInput[],
    opts?: { inUnit?: InUnit<{ inserted: number; updated: number }> },
  ): Promise<{ inserted: number; updated: number }>;
  /**
   * `upsertProducts` for a list too large to hold at once (a file import): `source` yields it a
   * slice at a time and each slice is checked and written as it comes, ids checked across slices,
   * all in ONE unit, so any problem (AppError 4001, the path counting products from the first
   * slice) leaves nothing written. `source` is called again if PostgreSQL retries the unit.
   */
  importProducts(
    source: () => AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
    opts?: { inUnit?: InUnit<{ inserted: number; updated: number }> },
  ): Promise<{ inserted: number; updated: number }>;
  categories(): Promise<string[]>;
  /**
   * Call inside a writer unit that set a SKU's stock to `stock` without a catalog write (an order,
   * a cancel's restock): once the unit commits, cached pages show it (catalog.cache.ts).
   */
  stockChanged: StockChanged;
}

/** How stock changes reach the product pages (CatalogService.stockChanged). */
export type StockChanged = (trx: object, skuId: string, stock: number) => void;

/**
 * The catalog's input rules, for callers that want every problem at once (the file import maps
 * each issue's path to a line): one schema, the same one `upsertProducts` enforces.
 */
export {
  CATALOG_LIMITS,
  checkProductInputs,
  createProductInputChecker,
  formatInputPath,
  type InputPath,
  type ProductInputChecker,
  type ProductInputCheck,
  type ProductInputIssue,
} from './catalog.schema.ts';

const listSchema = pageSchema.extend({
  keyword: textFilter(200),
  category: textFilter(128),
  /** The console's filter (the B-End's list shows either, each with its status). */
  status: oneOf(SALE_STATUSES).optional(),
  /** Keyset paging (an addition to bend-v1's offset pages): "" for the first page, then `next_cursor`. */
  cursor: z.string(fieldIssue('notString')).max(200, fieldIssue('notCursor')).optional(),
});

/** A page's `next_cursor`: where the next keyset page starts, opaque to clients. */
function encodeCursor(row: ProductRow): string {
  return Buffer.from(JSON.stringify([row.created_at, row.goods_id])).toString('base64url');
}

function decodeCursor(text: string): repo.ProductCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string'
  ) {
    throw new AppError(4001, `cursor: ${fieldMessage('notCursor')}`);
  }
  return { createdAt: parsed[0], goodsId: parsed[1] };
}

/** Cached pages are shared by every caller: frozen so no caller can change another's answer. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function toSku(s: SkuRow, currency: string): Sku {
  return {
    sku_id: s.sku_id,
    goods_id: s.goods_id,
    spec: s.spec,
    price: formatMoney(s.price),
    currency,
    stock: s.stock,
    status: s.status,
  };
}

export function toProduct(p: ProductRow, skus: SkuRow[]): Product {
  return {
    goods_id: p.goods_id,
    title: p.title,
    description: p.description,
    category: p.category,
    images: JSON.parse(p.images_json) as string[],
    currency: p.currency,
    status: p.status,
    skus: skus.map((s) => toSku(s, p.currency)),
    created_at: wireTime(p.created_at),
    updated_at: wireTime(p.updated_at),
  };
}

const notFound = () => new AppError(3001, 'Product not found');

/** Products written per slice of an upsert's single unit. */
const UPSERT_SLICE = 4 * repo.CHUNK;

/**
 * Writes `valid[start, start + UPSERT_SLICE)` inside the upsert's unit; `base` is the index of
 * `valid[0]` in the whole input, for messages.
 */
async function upsertSlice(
  trx: Transaction<Database>,
  valid: readonly ProductInput[],
  start: number,
  base: number,
  now: string,
  existing: repo.ExistingRowWriter,
): Promise<{ inserted: number; updated: number }> {
  const slice = valid.slice(start, start + UPSERT_SLICE);
  const givenGoodsIds = slice.flatMap((p) => (p.goods_id ? [p.goods_id] : []));
  const givenSkuIds = slice.flatMap((p) => p.skus.flatMap((s) => (s.sku_id ? [s.sku_id] : [])));
  const existingGoods = await repo.existingGoodsIds(trx, givenGoodsIds);
  const skuOwner = await repo.skuOwners(trx, givenSkuIds);
  const newProducts: ProductsTable[] = [];
  const productUpdates: [string, repo.ProductUpdate][] = [];
  const newSkus: SkusTable[] = [];
  const skuUpdates: [string, repo.SkuUpdate][] = [];
  for (const [k, p] of slice.entries()) {
    const goodsId = p.goods_id ?? newId('GD');
    const fields = {
      title: p.title,
      description: p.description,
      category: p.category,
      images_json: JSON.stringify(p.images),
      currency: p.currency,
      status: p.status ?? 'on_sale',
      updated_at: now,
    };
    if (p.goods_id && existingGoods.has(p.goods_id)) productUpdates.push([goodsId, fields]);
    else newProducts.push({ goods_id: goodsId, ...fields, created_at: now });
    for (const [j, s] of p.skus.entries()) {
      const skuFields = {
        spec: s.spec,
        price: parseMoney(s.price)!,
        stock: s.stock,
        status: s.status ?? 'on_sale',
        updated_at: now,
      };
      const owner = s.sku_id ? skuOwner.get(s.sku_id) : undefined;
      if (owner !== undefined && owner !== goodsId) {
        throw new AppError(
          4001,
          `${formatInputPath([base + start + k, 'skus', j, 'sku_id'])}: ${fieldMessage('belongsToProduct', { goodsId: owner })}`,
        );
      }
      if (s.sku_id && owner !== undefined) skuUpdates.push([s.sku_id, skuFields]);
      else
        newSkus.push({
          sku_id: s.sku_id ?? newId('SK'),
          goods_id: goodsId,
          ...skuFields,
          created_at: now,
        });
    }
  }
  await repo.insertProducts(trx, newProducts);
  await existing.products(productUpdates);
  await repo.insertSkus(trx, newSkus);
  await existing.skus(skuUpdates);
  return { inserted: newProducts.length, updated: productUpdates.length };
}

export function createCatalogService(deps: {
  db: Kysely<Database>;
  writer: Writer;
  /** PostgreSQL: updates of existing rows are applied in key order (repo.existingRowWriter). */
  dialect?: DialectName;
  /** How long another process's catalog writes may go unseen here (catalog.cache.ts). */
  cacheTtlMs?: number | undefined;
}): CatalogService {
  const { db, writer } = deps;
  const dialect = deps.dialect ?? 'sqlite';
  const cache = createCatalogCache({ ttlMs: deps.cacheTtlMs });

  async function withSkus(rows: ProductRow[]): Promise<Product[]> {
    const skus = await repo.skusOf(
      db,
      rows.map((r) => r.goods_id),
    );
    const byGoods = new Map<string, SkuRow[]>();
    for (const s of skus) {
      const list = byGoods.get(s.goods_id);
      if (list) list.push(s);
      else byGoods.set(s.goods_id, [s]);
    }
    return rows.map((r) => toProduct(r, byGoods.get(r.goods_id) ?? []));
  }

  async function getProduct(goodsId: string): Promise<Product> {
    const row = typeof goodsId === 'string' ? await repo.findProduct(db, goodsId) : undefined;
    if (!row) throw notFound();
    return (await withSkus([row]))[0]!;
  }

  async function importProducts(
    source: () => AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
    opts: { inUnit?: InUnit<{ inserted: number; updated: number }> } = {},
  ): Promise<{ inserted: number; updated: number }> {
    // One transaction, but no statement per row while it holds the write lock: what exists is
    // read in chunked `where in` queries, new rows go in as multi-row inserts, and rows that
    // already exist are updated through `existing` (on PostgreSQL: after the last slice, in key
    // order, the order every writer locks them in). The reads run inside the unit, so a racing
    // upsert cannot slip a row in between the check and the write. Each slice is checked before
    // it is written and the unit is written a slice at a time, so neither the input nor the rows
    // built for the database need all sit in memory at once (a 100k import); ids repeated
    // across slices are refused by the one checker.
    // Before and after: a count racing this unit is neither kept nor served once it commits.
    cache.catalogChanged();
    const result = writer.run(async (trx) => {
      const checker = createProductInputChecker();
      const existing = repo.existingRowWriter(trx, dialect);
      const now = nowIso();
      const counts = { inserted: 0, updated: 0 };
      let base = 0;
      for await (const input of source()) {
        if (!Array.isArray(input))
          throw new AppError(4001, `${formatInputPath([])}: ${fieldMessage('notArray')}`);
        const checked = checker.check(input);
        if (!checked.ok) {
          const { path, message } = checked.issues[0]!;
          const [index, ...rest] = path;
          throw new AppError(4001, `${formatInputPath([base + (index as number), ...rest])}: ${message}`);
        }
        for (let start = 0; start < checked.products.length; start += UPSERT_SLICE) {
          const slice = await upsertSlice(trx, checked.products, start, base, now, existing);
          counts.inserted += slice.inserted;
          counts.updated += slice.updated;
        }
        base += input.length;
      }
      await existing.finish();
      await opts.inUnit?.(trx, counts);
      return counts;
    });
    return result.finally(() => cache.catalogChanged());
  }

  return {
    async listProducts(params) {
      const p = parseInput(listSchema, asParams(params));
      const filter = { keyword: p.keyword || undefined, category: p.category || undefined, status: p.status };
      const key = JSON.stringify([
        p.page,
        p.page_size,
        filter.keyword,
        filter.category,
        filter.status,
        p.cursor,
      ]);
      return cache.page(key, async () => {
        const total = await cache.total(
          JSON.stringify([filter.keyword, filter.category, filter.status]),
          () => repo.countProducts(db, filter),
        );
        const rows =
          p.cursor === undefined
            ? await repo.listProducts(db, {
                ...filter,
                pageSize: p.page_size,
                offset: (p.page - 1) * p.page_size,
                total,
              })
            : await repo.listProducts(db, {
                ...filter,
                pageSize: p.page_size,
                after: p.cursor === '' ? null : decodeCursor(p.cursor),
              });
        const last = rows.length === p.page_size ? rows[rows.length - 1] : undefined;
        return deepFreeze({
          items: await withSkus(rows),
          // A keyset page does not know its page number: 0 says so.
          page: p.cursor === undefined ? p.page : 0,
          page_size: p.page_size,
          total,
          next_cursor: last ? encodeCursor(last) : null,
        });
      });
    },

    getProduct,

    async describeItem(goodsId, skuId) {
      const row = await repo.findProduct(db, goodsId);
      if (!row) return null;
      const sku = await repo.findSku(db, skuId);
      return { title: row.title, spec: sku?.goods_id === goodsId ? sku.spec : '' };
    },

    async orderProblems(items) {
      const found = await repo.saleStatusOfSkus(db, [...new Set(items.map((i) => i.sku_id))]);
      return items.map(({ goods_id, sku_id }) => {
        const sku = found.get(sku_id);
        if (!sku) return `sku_id: ${fieldMessage('notInCatalog', { value: `"${sku_id}"` })}`;
        if (sku.goods_id !== goods_id)
          return `sku_id: ${fieldMessage('belongsToProduct', { goodsId: sku.goods_id })}`;
        if (sku.product_status !== 'on_sale') return `goods_id: ${fieldMessage('offSale')}`;
        if (sku.sku_status !== 'on_sale') return `sku_id: ${fieldMessage('offSale')}`;
        return null;
      });
    },

    async getProductBySku(skuId) {
      const sku = typeof skuId === 'string' ? await repo.findSku(db, skuId) : undefined;
      if (!sku) throw notFound();
      return getProduct(sku.goods_id);
    },

    upsertProducts(products, opts = {}) {
      return importProducts(() => [products], opts);
    },

    importProducts,

    categories: () => repo.categories(db),

    stockChanged(trx, skuId, stock) {
      afterCommit(trx, () => cache.stockCommitted(skuId, stock));
    },
  };
}
