import {
  fieldMessage,
  MERCHANT_ORDERS_CSV_COLUMNS,
  type OrdersExportQuery,
  portalApi,
  type Order,
} from '@tradepost/web-contract';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { ledgerPage } from '../../modules/credit/credit.statements.ts';
import type { Services } from '../../services.ts';
import type { Actor } from '../../shared/actor.ts';
import { type AppError, isAppError } from '../../shared/app-error.ts';
import { ApiError } from '../web/api-errors.ts';
import { ordersCsv } from '../web/orders-csv.ts';
import { EXPORT_RATE_LIMIT } from '../web/rate-limits.ts';
import { addRoute } from '../web/route.ts';
import { clientIp } from '../web/web-session.ts';
import { readBatchCsv } from './batch-csv.ts';
import { portalGuard } from './portal-guard.ts';

/** A file's problems in the order of its lines (`csv` first: the file as a whole). */
const byLine = (problems: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(problems).sort(([a], [b]) => (Number(a.slice(5)) || 0) - (Number(b.slice(5)) || 0)),
  );

/** An operator's view of an order minus the operator-only field: what the merchant sees. */
const merchantView = ({ merchant_id: _m, ...order }: Order & { merchant_id: string }): Order => order;

/**
 * 3002 as the portal tells it: on the quantity field, with how many of the SKU are left. Read
 * after the refusal, outside its unit (the order path stays one statement): it says how things
 * stand now, which a retry will meet. A SKU gone meanwhile: the plain refusal.
 */
async function outOfStock(services: Services, refusal: AppError, skuId: string): Promise<Error> {
  const product = await services.catalog.getProductBySku(skuId).catch(() => undefined);
  const left = product?.skus.find((s) => s.sku_id === skuId)?.stock;
  if (left === undefined) return refusal;
  return new ApiError('out_of_stock', refusal.message, {
    quantity: left === 0 ? fieldMessage('noneLeft') : fieldMessage('stockLeft', { left }),
  });
}

/**
 * The orders list's filters in the orders service's words: listAll and exportAll are the ones with
 * text search and days, scoped here to the session's merchant, always.
 */
const ownOrders = (query: OrdersExportQuery, merchantId: string) => ({
  status: query.status,
  search: query.q,
  created_from: query.from,
  created_to: query.to,
  merchant_id: merchantId,
});

/** Orders, batches, the catalog, and placing an order through the one order service. */
export function portalOrdersRoutes(scope: FastifyInstance, ctx: Context): void {
  const guard = portalGuard(ctx);
  const { services, db } = ctx;

  addRoute(scope, guard, portalApi.orders, {}, async ({ query, session }) => {
    const page = await services.orders.listAll({
      ...ownOrders(query, session.merchantId),
      page: query.page,
      page_size: query.page_size,
    });
    return { ...page, items: page.items.map(merchantView) };
  });

  addRoute(
    scope,
    guard,
    portalApi.ordersCsv,
    {},
    async ({ query, session, reply }) => {
      const chunks = services.orders.exportAll(ownOrders(query, session.merchantId));
      async function* rows() {
        for await (const chunk of chunks) yield* chunk;
      }
      return ordersCsv(reply, query, MERCHANT_ORDERS_CSV_COLUMNS, rows());
    },
    EXPORT_RATE_LIMIT,
  );

  addRoute(scope, guard, portalApi.orderDetail, {}, async ({ params, session }) => {
    // Another merchant's order answers 3003 exactly like an unknown one (→ 404 not_found).
    const { order, batch_no } = await services.orders.getWithBatch(session.merchantId, params.orderNo!);
    const [ledger, item] = await Promise.all([
      ledgerPage(db, session.merchantId, { orderNo: order.order_no }, { page: 1, pageSize: 100 }),
      services.catalog.describeItem(order.goods_id, order.sku_id),
    ]);
    return { order, batch_no, ledger: ledger.items, item };
  });

  addRoute(scope, guard, portalApi.batchDetail, {}, async ({ params, session }) =>
    services.orders.getBatch(session.merchantId, params.batchNo!),
  );

  addRoute(scope, guard, portalApi.placeOrder, {}, async ({ body, session, req }) => {
    const actor: Actor = { kind: 'merchant', id: session.merchantId, address: clientIp(req) };
    try {
      return await services.orders.create(session.merchantId, body, { actor });
    } catch (e) {
      if (isAppError(e) && e.code === 3002) throw await outOfStock(services, e, body.sku_id);
      throw e;
    }
  });

  addRoute(scope, guard, portalApi.placeBatch, {}, async ({ body, session, req }) => {
    const { orders, lines, problems } = readBatchCsv(body.csv);
    // A product or SKU the catalog does not sell is a mistake in the file too: said by line, with
    // the rest, before anything is placed (a SKU off sale between this read and the order is the
    // batch item's own 3001, as on every door).
    const unsold = await services.catalog.orderProblems(orders);
    unsold.forEach((problem, i) => {
      if (problem) problems[`line ${lines[i]}`] = problem;
    });
    const bad = Object.keys(problems).length;
    if (bad > 0)
      throw new ApiError(
        'validation_failed',
        `${bad} line(s) of the file are not orders; nothing was placed`,
        byLine(problems),
      );
    const actor: Actor = { kind: 'merchant', id: session.merchantId, address: clientIp(req) };
    // Each order on its own, as on every door: one refused for stock or credit leaves the others placed.
    return services.orders.createBatch(
      session.merchantId,
      { merchant_batch_no: body.merchant_batch_no, orders },
      { actor },
    );
  });

  addRoute(scope, guard, portalApi.cancelOrder, {}, async ({ params, body, session, req }) => {
    // The service's cancel, as on every merchant door: one refund, 2003 once shipped, 3003 if not theirs.
    const actor: Actor = {
      kind: 'merchant',
      id: session.merchantId,
      address: clientIp(req),
      ...(session.actor.label ? { label: session.actor.label } : {}),
    };
    return services.orders.cancel(session.merchantId, params.orderNo!, body, { actor });
  });

  addRoute(scope, guard, portalApi.products, {}, async ({ query }) =>
    services.catalog.listProducts({
      page: query.page,
      page_size: query.page_size,
      keyword: query.q,
      category: query.category,
    }),
  );

  addRoute(scope, guard, portalApi.categories, {}, async () => ({
    categories: await services.catalog.categories(),
  }));

  addRoute(scope, guard, portalApi.product, {}, async ({ params }) =>
    services.catalog.getProduct(params.goodsId!),
  );
}
