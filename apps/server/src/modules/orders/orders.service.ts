import { fieldMessage, type ListPage } from '@tradepost/web-contract';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Database, DialectName } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Writer } from '../../db/writer.ts';
import type { Actor } from '../../shared/actor.ts';
import { AppError, isAppError } from '../../shared/app-error.ts';
import { lowerBound, nowIso, upperBoundExclusive } from '../../shared/time.ts';
import { asParams, type Page, parseInput } from '../../shared/validation.ts';
import { duplicateBatch, type PlannedItem, recordBatch } from './orders.batch.ts';
import {
  type BatchOrder,
  cancelOrderSchema,
  createBatchSchema,
  createOrderSchema,
  listAllOrdersSchema,
  listOrdersSchema,
  merchantRef,
  type OperatorOrder,
  type Order,
  orderNoRowSchema,
  shipRowSchema,
  toBatchOrder,
  toOperatorOrder,
  toOrder,
  type TransitionInput,
  transitionInputSchema,
} from './orders.dto.ts';
import type { StockChanged } from '../catalog/catalog.service.ts';
import { type AuditActor, recordAudit } from '../audit/audit.service.ts';
import {
  applyTransition,
  lockForTransitions,
  moveAuditEntry,
  orderNotFound,
  type TransitionOutcome,
} from './orders.lifecycle.ts';
import { duplicate, placeOrder, placeOrderPg, type StatementEvent } from './orders.place.ts';
import { isOrderStatus, ORDER_STATUSES, type OrderStatus } from './order-status.ts';
import * as repo from './orders.repository.ts';
import type { BatchOrderRow, OrderRow } from './orders.table.ts';

export type {
  BatchOrder,
  BatchOrderItem,
  OperatorOrder,
  Order,
  ShippingAddress,
  TransitionInput,
} from './orders.dto.ts';
export type { TransitionOutcome } from './orders.lifecycle.ts';
export type { StatementEvent } from './orders.place.ts';
export type { Actor } from '../../shared/actor.ts';

/**
 * The last argument of every mutating method. `inUnit` runs inside the same writer unit as the
 * change, after it, with its result: what it writes (an audit row, a webhook outbox row) commits
 * with the change or not at all, and if it throws the change is rolled back. On PostgreSQL a unit
 * may be re-run after a serialization failure, so `inUnit` must only touch the database.
 */
export interface MutationOptions<R> {
  actor?: Actor;
  /**
   * Who the audit log names for an operator's move (`transition`, `transitionMany`, `shipMany`):
   * the service writes each move's entry itself, in the move's unit. The console passes its
   * session's actor, the CLI `SYSTEM_ACTOR`; a direct call without one (tests, seeding) is no
   * operator action and records nothing.
   */
  auditActor?: AuditActor;
  inUnit?: (trx: Transaction<Database>, result: R) => Promise<void>;
}

/**
 * `create`'s options. `statementEvent` (PostgreSQL only: the webhook outbox's order.created) is
 * built from the Order being placed and written by the order's own statement, so an order that is
 * listened to is still one statement and commits by itself (orders.place.ts `placeOrderPg`).
 */
export interface CreateOrderOptions extends MutationOptions<Order> {
  statementEvent?: (order: Order) => StatementEvent;
}

/** One row of a bulk ship (a CSV line): `line` is what errors report; default index + 1. */
export interface ShipRow {
  order_no: string;
  carrier: string;
  tracking_no: string;
  line?: number;
}

/** A refused row of a bulk operation (every one is reported; nothing was applied). */
export interface BulkRowError {
  /** 0-based position in the input. */
  index: number;
  /** The caller's line number (ShipRow.line), else index + 1. */
  line: number;
  order_no: string | null;
  code: number;
  message: string;
}

/** At most this many orders per bulk call: one writer unit, so bounded. */
export const MAX_BULK_ORDERS = 1000;

export interface OrdersService {
  /** `POST /orders`: places one order (stock taken, credit debited, ledger entry) in one unit. */
  create(merchantId: string, input: unknown, opts?: CreateOrderOptions): Promise<Order>;
  /**
   * `POST /batch-orders`: the batch row and every item's order in ONE writer unit, each item in
   * its own savepoint. A repeated `merchant_batch_no` answers 2002 with `{ batch_no }` and
   * charges nothing.
   */
  createBatch(merchantId: string, input: unknown, opts?: MutationOptions<BatchOrder>): Promise<BatchOrder>;
  get(merchantId: string, orderNo: string): Promise<Order>;
  /**
   * `get`, with the batch the order was placed in (`null`: placed on its own). The batch is not
   * part of the wire's Order; the portal's order page links it (nothing else leads to a batch).
   */
  getWithBatch(merchantId: string, orderNo: string): Promise<{ order: Order; batch_no: string | null }>;
  getByMerchantOrderNo(merchantId: string, merchantOrderNo: string): Promise<Order>;
  getBatch(merchantId: string, batchNo: string): Promise<BatchOrder>;
  /**
   * `GET /orders`: the merchant's orders, newest first. Params (wire strings or numbers): `page`,
   * `page_size`, `status`, `created_from`, `created_to` (ISO 8601, inclusive; a date covers its
   * day), `batch_no`.
   */
  list(merchantId: string, params: unknown): Promise<Page<Order>>;
  /**
   * Operators: every merchant's orders, newest first. Params as `list` plus `merchant_id` and
   * `search` (order_no, merchant_order_no or tracking_no containing it, case-insensitive).
   */
  listAll(params: unknown): Promise<ListPage<OperatorOrder>>;
  /**
   * Operators: every order `listAll`'s filters match (its paging ignored), newest first, in chunks
   * of up to 500 read by keyset: the CSV export. Bad filters are refused (4001) by the call itself.
   */
  exportAll(params: unknown): AsyncGenerator<OperatorOrder[]>;
  /** Operators: any merchant's order by order_no; 3003 if none. */
  getAny(orderNo: string): Promise<OperatorOrder>;
  /**
   * The merchant cancels its own order (every merchant door): pending|processing → cancelled,
   * refunded in the same unit. Already cancelled: answers the order, refunds nothing again.
   * Shipped/delivered/failed: 2003. Not theirs or unknown: 3003. `input.reason` ≤ 200 chars.
   *
   * @example
   * ```ts
   * const order = await services.orders.cancel(merchantId, 'ORD…', { reason: 'customer changed mind' },
   *   { actor: { kind: 'merchant', id: merchantId } });
   * ```
   */
  cancel(
    merchantId: string,
    orderNo: string,
    input?: unknown,
    opts?: MutationOptions<TransitionOutcome>,
  ): Promise<Order>;
  /**
   * Operators (console, CLI), not merchant-scoped: moves any order along one edge of the state
   * machine (modules/orders/order-status.ts). `shipped` requires `carrier` and `tracking_no`;
   * `cancelled`/`failed` refund in the same unit and record `reason`. A refused edge is 2003
   * ("Order cannot move from shipped to cancelled"); repeating cancelled/failed is a no-op.
   * A move that changed something is audited (`order.status_changed`, `reason` as its note) in
   * its unit, as `opts.auditActor` (when given); so are the bulk moves'.
   *
   * @example
   * ```ts
   * await services.orders.transition('ORD…', 'processing');
   * await services.orders.transition('ORD…', 'shipped', { carrier: 'DHL', tracking_no: '1Z999' },
   *   { actor: { kind: 'operator', id: operatorId, address: req.ip }, auditActor: session.actor });
   * ```
   */
  transition(
    orderNo: string,
    to: OrderStatus,
    input?: TransitionInput,
    opts?: MutationOptions<TransitionOutcome>,
  ): Promise<OperatorOrder>;
  /**
   * Operators: the same transition for many orders (e.g. mark 200 processing), all or nothing in
   * one unit. If any order cannot move, nothing is applied and AppError 4001 is thrown with
   * `data.errors`: every refused order as a {@link BulkRowError}. `inUnit` gets every outcome.
   */
  transitionMany(
    orderNos: readonly string[],
    to: OrderStatus,
    input?: { reason?: string | null },
    opts?: MutationOptions<TransitionOutcome[]>,
  ): Promise<OperatorOrder[]>;
  /**
   * Operators: ships many orders (a CSV of order_no,carrier,tracking_no), all or nothing: every
   * bad row (invalid, unknown order, not processing, repeated) is reported by `line` in
   * AppError 4001's `data.errors`, and then nothing is applied.
   */
  shipMany(rows: readonly ShipRow[], opts?: MutationOptions<TransitionOutcome[]>): Promise<OperatorOrder[]>;
}

const bulkRefused = (errors: BulkRowError[], total: number) =>
  new AppError(4001, `${errors.length} of ${total} rows cannot be applied; nothing was changed`, { errors });

/** A merchant's own move (a cancel through any of its doors), as the audit log names its maker and the way in. */
const merchantActor = (merchantId: string, actor: Actor | undefined): AuditActor => ({
  type: 'merchant',
  id: merchantId,
  label: actor?.label ?? null,
  credential: actor?.credential ?? null,
  ip: actor?.address ?? null,
});

/** An operator's moves in their unit: one audit entry per order that moved (a repeat records nothing). */
async function auditMoves(
  trx: Transaction<Database>,
  outcomes: readonly TransitionOutcome[],
  note: string | null | undefined,
  actor: AuditActor | undefined,
): Promise<void> {
  if (!actor) return;
  await recordAudit(
    trx,
    actor,
    outcomes.filter((o) => o.changed).map((o) => moveAuditEntry(o, note)),
  );
}

export function createOrdersService(deps: {
  db: Kysely<Database>;
  writer: Writer;
  /** PostgreSQL takes row locks explicitly (FOR UPDATE); SQLite's single writer needs none. */
  dialect?: DialectName;
  /** Where committed stock changes go (the catalog's cached pages: CatalogService.stockChanged). */
  stockChanged: StockChanged;
}): OrdersService {
  const { db, writer, stockChanged } = deps;
  const lockRows = deps.dialect === 'postgres';

  async function loadBatch(merchantId: string, batch: BatchOrderRow): Promise<BatchOrder> {
    const items = await repo.batchItems(db, batch.batch_no);
    const orders = await repo.findOrders(
      db,
      merchantId,
      items.flatMap((i) => (i.order_no ? [i.order_no] : [])),
    );
    const byNo = new Map(orders.map((o) => [o.order_no, o]));
    return toBatchOrder(
      batch,
      items.map((i) => {
        const order = i.order_no ? byNo.get(i.order_no) : undefined;
        return {
          index: i.item_index,
          merchant_order_no: i.merchant_order_no,
          code: i.code,
          message: i.message,
          order: order ? toOrder(order) : null,
        };
      }),
    );
  }

  /** The page of `list`/`listAll` after their schema parsed the params. */
  async function page(
    p: z.output<typeof listAllOrdersSchema>,
    merchantId: string | undefined,
    capCount = false,
  ) {
    return repo.listOrders(db, {
      ...filtersOf(p, merchantId),
      capCount,
      page: p.page,
      pageSize: p.page_size,
    });
  }

  function filtersOf(
    p: z.output<typeof listAllOrdersSchema>,
    merchantId: string | undefined,
  ): repo.OrderFilters {
    return {
      merchantId,
      status: p.status,
      createdFrom: p.created_from === undefined ? undefined : lowerBound(p.created_from),
      createdBefore: p.created_to === undefined ? undefined : upperBoundExclusive(p.created_to),
      batchNo: p.batch_no,
      search: p.search,
    };
  }

  function checkStatus(to: unknown): OrderStatus {
    if (!isOrderStatus(to))
      throw new AppError(4001, `status: ${fieldMessage('oneOf', { values: ORDER_STATUSES.join(', ') })}`);
    return to;
  }

  /** Runs transitions to `to` in one unit; refused ones are collected, and any refusal rolls back all. */
  async function bulk(
    to: OrderStatus,
    requests: {
      index: number;
      line: number;
      orderNo: string;
      run: (trx: Transaction<Database>, now: string) => Promise<TransitionOutcome>;
    }[],
    invalid: BulkRowError[],
    total: number,
    note: string | null | undefined,
    opts: MutationOptions<TransitionOutcome[]> | undefined,
  ): Promise<OperatorOrder[]> {
    if (total === 0) throw new AppError(4001, 'Invalid parameters: no orders given');
    if (total > MAX_BULK_ORDERS)
      throw new AppError(4001, `Invalid parameters: at most ${MAX_BULK_ORDERS} orders at once`);
    if (invalid.length > 0 && invalid.length === total) throw bulkRefused(invalid, total);
    const outcomes = await writer.run(async (trx) => {
      const now = nowIso();
      const errors = [...invalid];
      const done: (TransitionOutcome & { index: number })[] = [];
      if (lockRows)
        await lockForTransitions(
          trx,
          requests.map((r) => r.orderNo),
          to,
        );
      for (const r of requests) {
        try {
          const outcome = await r.run(trx, now);
          // Twice in one call is a mistake in the file, not a retry: report it.
          if (!outcome.changed)
            throw new AppError(2003, fieldMessage('alreadyStatus', { status: outcome.order.status }));
          done.push({ ...outcome, index: r.index });
        } catch (e) {
          if (!isAppError(e)) throw e;
          errors.push({
            index: r.index,
            line: r.line,
            order_no: r.orderNo,
            code: e.code,
            message: e.message,
          });
        }
      }
      if (errors.length > 0)
        throw bulkRefused(
          errors.sort((a, b) => a.index - b.index),
          total,
        );
      // Back in the caller's order.
      const inOrder = done.sort((a, b) => a.index - b.index).map(({ index: _, ...o }) => o);
      await auditMoves(trx, inOrder, note, opts?.auditActor);
      await opts?.inUnit?.(trx, inOrder);
      return inOrder;
    });
    return outcomes.map((o) => o.order);
  }

  /** The merchant's own order's row; 3003 for another merchant's exactly as for an unknown one. */
  async function ownOrder(merchantId: string, orderNo: unknown): Promise<OrderRow> {
    const row = typeof orderNo === 'string' ? await repo.findOrder(db, merchantId, orderNo) : undefined;
    if (!row) throw orderNotFound();
    return row;
  }

  return {
    async create(merchantId, input, opts) {
      const req = parseInput(createOrderSchema, input);
      const event = opts?.statementEvent;
      if (event && !lockRows) throw new Error('orders.create: statementEvent is for PostgreSQL only');
      try {
        // PostgreSQL, nothing else to write in the unit: the order (and its event, if any) is one
        // statement committing by itself (with the tick's other orders), holding the SKU and
        // credit rows for one round trip (docs/scaling.md).
        if (lockRows && writer.single && !opts?.inUnit)
          return toOrder(
            await writer.single((db) => placeOrderPg(db, merchantId, req, null, stockChanged, event)),
          );
        return await writer.run(async (trx) => {
          const order = toOrder(
            lockRows
              ? await placeOrderPg(trx, merchantId, req, null, stockChanged, event)
              : await placeOrder(trx, merchantId, req, null, stockChanged),
          );
          await opts?.inUnit?.(trx, order);
          return order;
        });
      } catch (e) {
        if (req.merchant_order_no && isUniqueViolation(e)) {
          // A racing twin committed first; its order is committed by now, so a fresh read sees it.
          const mon = req.merchant_order_no;
          const existing =
            (await repo.findByMerchantOrderNo(db, merchantId, mon)) ??
            (await writer.run((trx) => repo.findByMerchantOrderNo(trx, merchantId, mon)));
          if (existing) throw duplicate(existing.order_no);
        }
        throw e;
      }
    },

    async createBatch(merchantId, input, opts) {
      const b = parseInput(createBatchSchema, input);
      const items: PlannedItem[] = b.orders.map((raw, index) => {
        // Echo the item's own reference only when it is a valid one (the order schema's rule).
        const mon = merchantRef.safeParse((raw as { merchant_order_no?: unknown } | null)?.merchant_order_no);
        const merchantOrderNo = mon.success ? mon.data : null;
        try {
          return { index, merchantOrderNo, req: parseInput(createOrderSchema, raw, `orders[${index}].`) };
        } catch (e) {
          return { index, merchantOrderNo, error: isAppError(e) ? e : new AppError(4001) };
        }
      });
      const merchantBatchNo = b.merchant_batch_no ?? null;
      try {
        return await writer.run(async (trx) => {
          const batch = await recordBatch(
            trx,
            { merchantId, merchantBatchNo, items },
            lockRows,
            stockChanged,
          );
          await opts?.inUnit?.(trx, batch);
          return batch;
        });
      } catch (e) {
        if (merchantBatchNo && isUniqueViolation(e)) {
          // A racing twin batch won the unique index; it has committed, so a fresh read sees it.
          const existing =
            (await repo.findBatchByMerchantBatchNo(db, merchantId, merchantBatchNo)) ??
            (await writer.run((trx) => repo.findBatchByMerchantBatchNo(trx, merchantId, merchantBatchNo)));
          if (existing) throw duplicateBatch(existing.batch_no);
        }
        throw e;
      }
    },

    async get(merchantId, orderNo) {
      return toOrder(await ownOrder(merchantId, orderNo));
    },

    async getWithBatch(merchantId, orderNo) {
      const row = await ownOrder(merchantId, orderNo);
      return { order: toOrder(row), batch_no: row.batch_no };
    },

    async getByMerchantOrderNo(merchantId, merchantOrderNo) {
      const row =
        typeof merchantOrderNo === 'string'
          ? await repo.findByMerchantOrderNo(db, merchantId, merchantOrderNo)
          : undefined;
      if (!row) throw orderNotFound();
      return toOrder(row);
    },

    async getBatch(merchantId, batchNo) {
      const batch = typeof batchNo === 'string' ? await repo.findBatch(db, merchantId, batchNo) : undefined;
      if (!batch) throw new AppError(3004, 'Batch not found');
      return loadBatch(merchantId, batch);
    },

    async list(merchantId, params) {
      const p = parseInput(listOrdersSchema, asParams(params));
      const { rows, total } = await page(p, merchantId);
      return { items: rows.map(toOrder), page: p.page, page_size: p.page_size, total };
    },

    async listAll(params) {
      const p = parseInput(listAllOrdersSchema, asParams(params));
      const { rows, ...total } = await page(p, p.merchant_id, true);
      return {
        items: rows.map(toOperatorOrder),
        page: p.page,
        page_size: p.page_size,
        ...total,
      };
    },

    exportAll(params) {
      // Parsed now, not at the first read: a refusal is an answer, not a broken download.
      const p = parseInput(listAllOrdersSchema, asParams(params));
      return (async function* () {
        for await (const rows of repo.eachOrderChunk(db, filtersOf(p, p.merchant_id)))
          yield rows.map(toOperatorOrder);
      })();
    },

    async getAny(orderNo) {
      const row = typeof orderNo === 'string' ? await repo.findOrderAny(db, orderNo) : undefined;
      if (!row) throw orderNotFound();
      return toOperatorOrder(row);
    },

    async cancel(merchantId, orderNo, input, opts) {
      const { reason } = parseInput(cancelOrderSchema, asParams(input));
      if (typeof orderNo !== 'string' || orderNo === '') throw orderNotFound();
      const outcome = await writer.run(async (trx) => {
        const o = await applyTransition(
          trx,
          { orderNo, merchantId, to: 'cancelled', reason },
          nowIso(),
          lockRows,
          stockChanged,
        );
        // Who cancelled it, beside the operators' moves: the console's order history is whole.
        if (o.changed)
          await recordAudit(trx, merchantActor(merchantId, opts?.actor), moveAuditEntry(o, reason));
        await opts?.inUnit?.(trx, o);
        return o;
      });
      // The merchant's view: the wire Order, without the operators' merchant_id.
      const order: Order & { merchant_id?: string } = { ...outcome.order };
      delete order.merchant_id;
      return order;
    },

    async transition(orderNo, to, input, opts) {
      const status = checkStatus(to);
      const f = parseInput(transitionInputSchema, asParams(input));
      if (typeof orderNo !== 'string' || orderNo === '') throw orderNotFound();
      const outcome = await writer.run(async (trx) => {
        const o = await applyTransition(
          trx,
          { orderNo, to: status, carrier: f.carrier, trackingNo: f.tracking_no, reason: f.reason },
          nowIso(),
          lockRows,
          stockChanged,
        );
        await auditMoves(trx, [o], f.reason, opts?.auditActor);
        await opts?.inUnit?.(trx, o);
        return o;
      });
      return outcome.order;
    },

    async transitionMany(orderNos, to, input, opts) {
      const status = checkStatus(to);
      if (status === 'shipped')
        throw new AppError(4001, 'status: use shipMany to ship (each order needs its tracking_no)');
      const { reason } = parseInput(cancelOrderSchema, asParams(input));
      const list = Array.isArray(orderNos) ? orderNos : [];
      const invalid: BulkRowError[] = [];
      const requests = list.flatMap((raw: unknown, index) => {
        const r = parseRow(orderNoRowSchema, { order_no: raw });
        if (!r.ok) {
          invalid.push({ index, line: index + 1, order_no: null, code: 4001, message: r.message });
          return [];
        }
        const orderNo = r.value.order_no;
        return [
          {
            index,
            line: index + 1,
            orderNo,
            run: (trx: Transaction<Database>, now: string) =>
              applyTransition(trx, { orderNo, to: status, reason }, now, lockRows, stockChanged),
          },
        ];
      });
      return bulk(status, requests, invalid, list.length, reason, opts);
    },

    async shipMany(rows, opts) {
      const list = Array.isArray(rows) ? rows : [];
      const invalid: BulkRowError[] = [];
      const requests = list.flatMap((raw, index) => {
        const line = typeof raw?.line === 'number' ? raw.line : index + 1;
        const r = parseRow(shipRowSchema, raw);
        if (!r.ok) {
          const orderNo = typeof raw?.order_no === 'string' ? raw.order_no : null;
          invalid.push({ index, line, order_no: orderNo, code: 4001, message: r.message });
          return [];
        }
        const row = r.value;
        return [
          {
            index,
            line,
            orderNo: row.order_no,
            run: (trx: Transaction<Database>, now: string) =>
              applyTransition(
                trx,
                { orderNo: row.order_no, to: 'shipped', carrier: row.carrier, trackingNo: row.tracking_no },
                now,
                lockRows,
                stockChanged,
              ),
          },
        ];
      });
      return bulk('shipped', requests, invalid, list.length, null, opts);
    },
  };
}

/** A bulk row: its parsed value, or the 4001 message (field first) its line answers with. */
function parseRow<S extends z.ZodType>(
  schema: S,
  raw: unknown,
): { ok: true; value: z.output<S> } | { ok: false; message: string } {
  try {
    return { ok: true, value: parseInput(schema, raw) };
  } catch (e) {
    if (isAppError(e)) return { ok: false, message: e.message };
    throw e;
  }
}
