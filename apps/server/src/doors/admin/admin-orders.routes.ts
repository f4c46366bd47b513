import {
  adminApi,
  type AdminOrdersExportQuery,
  fieldMessage,
  ORDERS_CSV_COLUMNS,
} from '@tradepost/web-contract';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { ledgerPage } from '../../modules/credit/credit.statements.ts';
import { merchantNames } from '../../modules/merchants/merchants.repository.ts';
import type { BulkRowError, ShipRow } from '../../modules/orders/orders.service.ts';
import type { Actor } from '../../shared/actor.ts';
import { isAppError } from '../../shared/app-error.ts';
import { csvLines } from '../../shared/csv.ts';
import { ApiError } from '../web/api-errors.ts';
import { ordersCsv } from '../web/orders-csv.ts';
import { EXPORT_RATE_LIMIT } from '../web/rate-limits.ts';
import { addRoute } from '../web/route.ts';
import { adminGuard, type AdminCaller } from './admin-guard.ts';

const actorOf = (s: AdminCaller): Actor => ({
  kind: 'operator',
  id: s.operator.operatorId,
  address: s.actor.ip ?? '',
});

/** A bulk refusal (all or nothing) as the contract's error: every bad row named in `fields`. */
async function allOrNothing<T>(key: (e: BulkRowError) => string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const errors = isAppError(e) ? (e.data as { errors?: BulkRowError[] } | null)?.errors : undefined;
    if (!errors) throw e;
    throw new ApiError(
      'validation_failed',
      (e as Error).message,
      Object.fromEntries(errors.map((r) => [key(r), r.message])),
    );
  }
}

/**
 * The order queue. Both roles may move orders (the lifecycle service decides which moves are
 * legal, and refunds in the same unit); the service audits each move in that unit, as the
 * session's operator (`auditActor`), the way it audits the CLI's.
 */
export function adminOrdersRoutes(scope: FastifyInstance, ctx: Context): void {
  const guard = adminGuard(ctx);
  const { services, db } = ctx;

  /** Each order with its merchant's company name: people read names, links use the id. */
  async function named<T extends { merchant_id: string }>(
    orders: T[],
  ): Promise<(T & { merchant_name: string })[]> {
    const names = await merchantNames(
      db,
      orders.map((o) => o.merchant_id),
    );
    return orders.map((o) => ({ ...o, merchant_name: names.get(o.merchant_id) ?? o.merchant_id }));
  }

  addRoute(scope, guard, adminApi.orders, {}, async ({ query }) => {
    const page = await services.orders.listAll({
      ...queueFilters(query),
      page: query.page,
      page_size: query.page_size,
    });
    return { ...page, items: await named(page.items) };
  });

  addRoute(
    scope,
    guard,
    adminApi.ordersCsv,
    {},
    async ({ query, reply }) => {
      const chunks = services.orders.exportAll(queueFilters(query));
      async function* rows() {
        for await (const chunk of chunks) yield* await named(chunk);
      }
      return ordersCsv(reply, query, ORDERS_CSV_COLUMNS, rows());
    },
    EXPORT_RATE_LIMIT,
  );

  addRoute(scope, guard, adminApi.order, {}, async ({ params }) => {
    const order = (await named([await services.orders.getAny(params.orderNo!)]))[0]!;
    const [ledger, history, item] = await Promise.all([
      ledgerPage(db, order.merchant_id, { orderNo: order.order_no }, { page: 1, pageSize: 100 }),
      services.audit.forOrder(order.order_no, { page: 1, pageSize: 100 }),
      services.catalog.describeItem(order.goods_id, order.sku_id),
    ]);
    return { ...order, ledger: ledger.items, history: history.items, item };
  });

  addRoute(scope, guard, adminApi.transition, {}, async ({ params, body, session }) => {
    return services.orders.transition(
      params.orderNo!,
      body.status,
      { carrier: body.carrier, tracking_no: body.tracking_no, reason: body.reason },
      { actor: actorOf(session), auditActor: session.actor },
    );
  });

  addRoute(scope, guard, adminApi.bulkTransition, {}, async ({ body, session }) => {
    const orders = await allOrNothing(
      (r) => r.order_no ?? `line ${r.line}`,
      () =>
        services.orders.transitionMany(
          body.order_nos,
          body.status,
          { reason: body.reason ?? null },
          { actor: actorOf(session), auditActor: session.actor },
        ),
    );
    return { results: orders.map((order) => ({ order_no: order.order_no, ok: true as const, order })) };
  });

  addRoute(scope, guard, adminApi.shipCsv, {}, async ({ body, session }) => {
    const { rows, malformed } = readShipCsv(body.csv);
    const malformedCount = Object.keys(malformed).length;
    const refuse = (fields: Record<string, string>): never => {
      throw new ApiError(
        'validation_failed',
        `${Object.keys(fields).length} line(s) cannot be shipped; nothing was shipped`,
        Object.fromEntries(
          Object.entries(fields).sort(([a], [b]) => Number(a.slice(5)) - Number(b.slice(5))),
        ),
      );
    };
    if (rows.length === 0) return refuse(malformedCount ? malformed : { csv: fieldMessage('noRows') });
    // Every bad line is reported at once: with malformed lines present the well-formed ones still
    // go through shipMany's checks, and its unit is then rolled back (MalformedLines) unshipped.
    try {
      const shipped = await services.orders.shipMany(rows, {
        actor: actorOf(session),
        auditActor: session.actor,
        inUnit: async () => {
          if (malformedCount) throw new MalformedLines();
        },
      });
      return { shipped: shipped.length };
    } catch (e) {
      if (e instanceof MalformedLines) return refuse(malformed);
      const errors = isAppError(e) ? (e.data as { errors?: BulkRowError[] } | null)?.errors : undefined;
      if (!errors) throw e;
      return refuse({
        ...Object.fromEntries(errors.map((r) => [`line ${r.line}`, r.message])),
        ...malformed,
      });
    }
  });
}

/** The queue's filters (its list and its export) in the orders service's words. */
const queueFilters = (query: AdminOrdersExportQuery) => ({
  status: query.status,
  merchant_id: query.merchant_id || undefined,
  search: query.q,
  created_from: query.from,
  created_to: query.to,
});

const SHIP_COLUMNS = ['order_no', 'carrier', 'tracking_no'] as const;

/** Thrown inside the ship unit to roll it back when other lines of the file were malformed. */
class MalformedLines extends Error {}

/**
 * `order_no,carrier,tracking_no` lines (an optional header row of those names), line numbers
 * kept; lines without exactly 3 columns come back in `malformed`, keyed `line N`.
 *
 * Or a file with a header row naming those three among other columns (the order export's): the
 * three are read by name, the rest ignored, and a line with no carrier and no tracking number is
 * an order not shipped yet, left alone; a line with fewer columns than the header is malformed.
 */
export function readShipCsv(text: string): { rows: ShipRow[]; malformed: Record<string, string> } {
  let records: ReturnType<typeof csvLines>;
  try {
    records = csvLines(text);
  } catch (e) {
    throw new ApiError('validation_failed', 'The CSV cannot be read', {
      csv: fieldMessage('invalidCsv', { detail: (e as Error).message }),
    });
  }
  const rows: ShipRow[] = [];
  const fields: Record<string, string> = {};
  const header = records[0]?.record.map((name) => name.toLowerCase());
  // The export's layout: more than the three columns, found by name.
  const at =
    header && header.length > 3 && SHIP_COLUMNS.every((c) => header.includes(c))
      ? SHIP_COLUMNS.map((c) => header.indexOf(c))
      : null;
  for (const [i, { record, line }] of records.entries()) {
    if (i === 0 && (at || header?.[0] === 'order_no')) continue;
    if (at) {
      if (record.length < header!.length) fields[`line ${line}`] = fieldMessage('shipCsvColumns');
      else if (record[at[1]!] || record[at[2]!])
        rows.push({
          order_no: record[at[0]!]!,
          carrier: record[at[1]!]!,
          tracking_no: record[at[2]!]!,
          line,
        });
      continue;
    }
    if (record.length !== 3) {
      fields[`line ${line}`] = fieldMessage('shipCsvColumns');
      continue;
    }
    rows.push({ order_no: record[0]!, carrier: record[1]!, tracking_no: record[2]!, line });
  }
  return { rows, malformed: fields };
}
