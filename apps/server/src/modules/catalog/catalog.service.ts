import type { Product, Sku } from '@tradepost/protocol';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import type { Writer } from '../../db/writer.ts';
import { AppError } from '../../shared/app-error.ts';
import { newId } from '../../shared/ids.ts';
import { formatMoney, parseMoney } from '../../shared/money.ts';
import { nowIso, wireTime } from '../../shared/time.ts';
import { asParams, intParam, type Page, pageSchema, parseInput } from '../../shared/validation.ts';
import * as repo from './catalog.repository.ts';
import type { ProductRow, SaleStatus, SkuRow } from './catalog.table.ts';

/** Wire DTOs: bend-v1.md "Data structures", defined once in the protocol package. */
export type { Product, Sku } from '@tradepost/protocol';

/** Catalog import shape (docs/architecture.md). Omitted ids are issued by the server. */
export interface ProductInput {
  goods_id?: string;
  title: string;
  description: string;
  category: string;
  images: string[];
  currency: string;
  status?: SaleStatus;
  skus: { sku_id?: string; spec: string; price: string; stock: number; status?: SaleStatus }[];
}

export interface CatalogService {
  listProducts(params: unknown): Promise<Page<Product>>;
  getProduct(goodsId: string): Promise<Product>;
  getProductBySku(skuId: string): Promise<Product>;
  upsertProducts(products: ProductInput[]): Promise<{ inserted: number; updated: number }>;
  categories(): Promise<string[]>;
}

const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'must be 1..64 chars of [A-Za-z0-9_.-]' });
const statusSchema = z.enum(['on_sale', 'off_sale']).default('on_sale');

const skuInputSchema = z.object({
  sku_id: idSchema.optional(),
  spec: z.string().max(500),
  price: z
    .string()
    .refine((p) => (parseMoney(p) ?? -1) >= 0, { error: 'must be a non-negative decimal like "12.30"' }),
  stock: intParam(0, 1_000_000_000),
  status: statusSchema,
});

const productInputSchema = z.object({
  goods_id: idSchema.optional(),
  title: z.string().trim().min(1, { error: 'must not be empty' }).max(500),
  description: z.string().max(20_000),
  category: z.string().trim().min(1, { error: 'must not be empty' }).max(128),
  images: z.array(z.string().min(1).max(2048)).max(50),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code like USD' }),
  status: statusSchema,
  skus: z.array(skuInputSchema).min(1).max(500),
});

const listSchema = pageSchema.extend({
  keyword: z.string().trim().max(200).optional(),
  category: z.string().trim().max(128).optional(),
});

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

export function createCatalogService(deps: { db: Kysely<Database>; writer: Writer }): CatalogService {
  const { db, writer } = deps;

  async function withSkus(rows: ProductRow[]): Promise<Product[]> {
    const skus = await repo.skusOf(
      db,
      rows.map((r) => r.goods_id),
    );
    const byGoods = new Map<string, SkuRow[]>();
    for (const s of skus) byGoods.set(s.goods_id, [...(byGoods.get(s.goods_id) ?? []), s]);
    return rows.map((r) => toProduct(r, byGoods.get(r.goods_id) ?? []));
  }

  async function getProduct(goodsId: string): Promise<Product> {
    const row = typeof goodsId === 'string' ? await repo.findProduct(db, goodsId) : undefined;
    if (!row) throw notFound();
    return (await withSkus([row]))[0]!;
  }

  return {
    async listProducts(params) {
      const p = parseInput(listSchema, asParams(params));
      const { rows, total } = await repo.listProducts(db, {
        page: p.page,
        pageSize: p.page_size,
        keyword: p.keyword || undefined,
        category: p.category || undefined,
      });
      return { items: await withSkus(rows), page: p.page, page_size: p.page_size, total };
    },

    getProduct,

    async getProductBySku(skuId) {
      const sku = typeof skuId === 'string' ? await repo.findSku(db, skuId) : undefined;
      if (!sku) throw notFound();
      return getProduct(sku.goods_id);
    },

    async upsertProducts(products) {
      if (!Array.isArray(products)) throw new AppError(4001, 'products: must be an array');
      const valid = products.map((p, i) => parseInput(productInputSchema, p, `products[${i}].`));
      return writer.run(async (trx) => {
        const now = nowIso();
        let inserted = 0;
        let updated = 0;
        for (const [i, p] of valid.entries()) {
          const goodsId = p.goods_id ?? newId('GD');
          const fields = {
            title: p.title,
            description: p.description,
            category: p.category,
            images_json: JSON.stringify(p.images),
            currency: p.currency,
            status: p.status,
            updated_at: now,
          };
          if (p.goods_id && (await repo.findProduct(trx, p.goods_id))) {
            await repo.updateProduct(trx, goodsId, fields);
            updated++;
          } else {
            await repo.insertProduct(trx, { goods_id: goodsId, ...fields, created_at: now });
            inserted++;
          }
          for (const [j, s] of p.skus.entries()) {
            const skuFields = {
              spec: s.spec,
              price: parseMoney(s.price)!,
              stock: s.stock,
              status: s.status,
              updated_at: now,
            };
            const existing = s.sku_id ? await repo.findSku(trx, s.sku_id) : undefined;
            if (existing && existing.goods_id !== goodsId) {
              throw new AppError(
                4001,
                `products[${i}].skus[${j}].sku_id: belongs to product ${existing.goods_id}`,
              );
            }
            if (existing) await repo.updateSku(trx, existing.sku_id, skuFields);
            else
              await repo.insertSku(trx, {
                sku_id: s.sku_id ?? newId('SK'),
                goods_id: goodsId,
                ...skuFields,
                created_at: now,
              });
          }
        }
        return { inserted, updated };
      });
    },

    categories: () => repo.categories(db),
  };
}
