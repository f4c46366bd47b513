import { adminApi, fieldMessage, type Product } from '@tradepost/web-contract';
import type { FastifyInstance } from 'fastify';
import { parseImportFile } from '../../catalog-data/import-file.ts';
import type { Context } from '../../context.ts';
import { auditEntries } from '../../modules/audit/audit.entries.ts';
import { recordAudit } from '../../modules/audit/audit.service.ts';
import type { ProductInput } from '../../modules/catalog/catalog.service.ts';
import { skuPrice } from '../../modules/catalog/catalog.schema.ts';
import { parseInput } from '../../shared/validation.ts';
import { ApiError } from '../web/api-errors.ts';
import { addRoute } from '../web/route.ts';
import { ADMIN_ONLY, adminGuard } from './admin-guard.ts';

/** A product as the catalog's input again: edits go through the same upsert and its rules. */
const asInput = (p: Product): ProductInput => ({
  goods_id: p.goods_id,
  title: p.title,
  description: p.description,
  category: p.category,
  images: p.images,
  currency: p.currency,
  status: p.status,
  skus: p.skus.map((s) => ({
    sku_id: s.sku_id,
    spec: s.spec,
    price: s.price,
    stock: s.stock,
    status: s.status,
  })),
});

/**
 * The catalog in the console (admin only: prices are money). Import parses with the CLI's own
 * parser (every problem by line, nothing imported on any); edits rewrite the product through
 * `upsertProducts`. An order keeps the unit price it was placed at, so a price edit never
 * changes an existing order. Each audit row is written inside the change's unit (`inUnit`): a
 * change that fails leaves no row, and no change is left without one.
 */
export function adminCatalogRoutes(scope: FastifyInstance, ctx: Context): void {
  const guard = adminGuard(ctx);
  const { services } = ctx;

  addRoute(scope, guard, adminApi.products, {}, async ({ query }) =>
    services.catalog.listProducts({
      page: query.page,
      page_size: query.page_size,
      keyword: query.q,
      category: query.category,
      status: query.status,
    }),
  );
  addRoute(scope, guard, adminApi.categories, {}, async () => ({
    categories: await services.catalog.categories(),
  }));

  addRoute(scope, guard, adminApi.catalogImport, ADMIN_ONLY, async ({ body, session }) => {
    const parsed = await parseImportFile(body.content, { format: body.format, fileName: body.file_name });
    if (!parsed.ok) {
      // A line may have several problems (a price and a stock): each is said, one after the other.
      const byLine = new Map<string, string[]>();
      for (const e of parsed.errors.slice(0, 500)) {
        const key = `line ${e.line}`;
        byLine.set(key, [...(byLine.get(key) ?? []), e.message]);
      }
      throw new ApiError(
        'validation_failed',
        `${parsed.errors.length} problem(s) in the file; nothing was imported`,
        Object.fromEntries(
          [...byLine].map(([key, messages]) => [key, messages.join(fieldMessage('listSeparator'))]),
        ),
      );
    }
    const result = await services.catalog.upsertProducts(parsed.products, {
      inUnit: (trx, counts) =>
        recordAudit(
          trx,
          session.actor,
          auditEntries.catalogImported({
            products: parsed.products.length,
            skus: parsed.skuCount,
            ...counts,
          }),
        ),
    });
    return { products: parsed.products.length, skus: parsed.skuCount, ...result };
  });

  addRoute(scope, guard, adminApi.setProductStatus, ADMIN_ONLY, async ({ params, body, session }) => {
    const before = await services.catalog.getProduct(params.goodsId!);
    await services.catalog.upsertProducts([{ ...asInput(before), status: body.status }], {
      inUnit: (trx) =>
        recordAudit(trx, session.actor, {
          action: 'product.updated',
          targetType: 'product',
          targetId: before.goods_id,
          before: { status: before.status },
          after: { status: body.status },
        }),
    });
    return services.catalog.getProduct(before.goods_id);
  });

  addRoute(scope, guard, adminApi.updateSku, ADMIN_ONLY, async ({ params, body, session }) => {
    const product = await services.catalog.getProductBySku(params.skuId!);
    const sku = product.skus.find((s) => s.sku_id === params.skuId)!;
    const input = asInput(product);
    input.skus = input.skus.map((s) =>
      s.sku_id === sku.sku_id
        ? {
            ...s,
            // The catalog's price rule, checked here too so that a refusal names the field.
            price: body.price === undefined ? s.price : parseInput(skuPrice, body.price, 'price'),
            stock: body.stock ?? s.stock,
            status: body.status ?? s.status,
          }
        : s,
    );
    const edited = input.skus.find((s) => s.sku_id === sku.sku_id)!;
    // The audit entry says what changed, and only that; an edit that changes nothing is no news.
    const was = { price: sku.price, stock: sku.stock, status: sku.status };
    const now = { price: edited.price, stock: edited.stock, status: edited.status ?? 'on_sale' };
    const changed = (Object.keys(was) as (keyof typeof was)[]).filter((k) => was[k] !== now[k]);
    const only = (o: typeof was) => Object.fromEntries(changed.map((k) => [k, o[k]]));
    await services.catalog.upsertProducts([input], {
      inUnit: async (trx) => {
        if (changed.length === 0) return;
        await recordAudit(trx, session.actor, {
          action: 'sku.updated',
          targetType: 'sku',
          targetId: sku.sku_id,
          before: only(was),
          after: only(now),
        });
      },
    });
    return (await services.catalog.getProduct(product.goods_id)).skus.find((s) => s.sku_id === sku.sku_id)!;
  });

  addRoute(scope, guard, adminApi.audit, {}, async ({ query }) =>
    services.audit.search({
      page: query.page,
      pageSize: query.page_size,
      q: query.q,
      action: query.action,
      actorType: query.actor_type,
      merchantId: query.merchant_id || undefined,
      from: query.from,
      to: query.to,
    }),
  );
}
