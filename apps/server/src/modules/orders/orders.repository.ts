import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { runSql, stmt } from '../../db/writer.ts';
import type { BatchOrderItemRow, BatchOrderRow, OrderRow, OrderStatus } from './orders.table.ts';
import { cappedTotal, countCapped, paginate, type PageRows } from '../../db/paginate.ts';
import { countMerchantOrders } from '../credit/credit.repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

/*
 * insertOrder and findByMerchantOrderNo run once per order: `stmt` templates rather than builder
 * chains, which cost Kysely ~10 µs each to build and compile (see takeStock in catalog), run by
 * runSql (straight on the writer's SQLite connection).
 */
export async function insertOrder(trx: Transaction<Database>, row: OrderRow): Promise<void> {
  // The lifecycle columns (carrier … refund_reference_no) start null: a new order is pending.
  await runSql(
    trx,
    stmt`insert into orders
    (order_no, merchant_id, merchant_order_no, batch_no, goods_id, sku_id, quantity, unit_price, amount,
      currency, status, shipping_address_json, tracking_no, credit_reference_no, created_at, updated_at)
    values (${row.order_no}, ${row.merchant_id}, ${row.merchant_order_no}, ${row.batch_no}, ${row.goods_id},
      ${row.sku_id}, ${row.quantity}, ${row.unit_price}, ${row.amount}, ${row.currency}, ${row.status},
      ${row.shipping_address_json}, ${row.tracking_no}, ${row.credit_reference_no}, ${row.created_at},
      ${row.updated_at})`,
  );
}

export function findOrder(db: Db, merchantId: string, orderNo: string): Promise<OrderRow | undefined> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('order_no', '=', orderNo)
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
}

export async function findByMerchantOrderNo(
  db: Db,
  merchantId: string,
  merchantOrderNo: string,
): Promise<OrderRow | undefined> {
  const rows = await runSql(
    db,
    stmt<OrderRow>`select * from orders where merchant_id = ${merchantId} and merchant_order_no = ${merchantOrderNo}`,
  );
  return rows[0];
}

export async function findOrders(db: Db, merchantId: string, orderNos: string[]): Promise<OrderRow[]> {
  if (orderNos.length === 0) return [];
  return db
    .selectFrom('orders')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('order_no', 'in', orderNos)
    .execute();
}

/** The filters of `GET /orders` and of the operators' queue; dates are stored-form ISO bounds. */
export interface OrderFilters {
  merchantId?: string | undefined;
  status?: OrderStatus | undefined;
  /** created_at >= createdFrom */
  createdFrom?: string | undefined;
  /** created_at < createdBefore (exclusive: the service turns an inclusive created_to into it) */
  createdBefore?: string | undefined;
  batchNo?: string | undefined;
  /** order_no, merchant_order_no or tracking_no containing it (case-insensitive). */
  search?: string | undefined;
}

/** LIKE pattern matching `text` literally (its % and _ escaped). */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A page of orders, newest first. */
export async function listOrders(
  db: Db,
  f: OrderFilters & {
    page: number;
    pageSize: number;
    /** Count the matches only up to COUNT_CAP (the web lists; db/paginate.ts). */
    capCount?: boolean;
  },
): Promise<PageRows<OrderRow>> {
  const base = filteredOrders(db, f);
  // A merchant's whole list (the portal's, the B-End's GET /orders) is counted from its ledger,
  // whose order debits are one per order, not by walking its orders (7× the cost at 100,000).
  const unfiltered = !f.status && !f.createdFrom && !f.createdBefore && !f.batchNo && !f.search;
  const merchantId = f.merchantId;
  return paginate(
    base.selectAll().orderBy('created_at', 'desc').orderBy('order_no', 'desc'),
    merchantId !== undefined && unfiltered
      ? () => countMerchantOrders(db, merchantId)
      : f.capCount
        ? countCapped(db, base)
        : base.select((eb) => eb.fn.countAll<number>().as('n')),
    { page: f.page, pageSize: f.pageSize },
  );
}

/**
 * Every matching order, newest first as the list shows them, read `chunk` at a time by keyset
 * (created_at, order_no): an export of any length holds one chunk, and an order placed meanwhile
 * neither repeats a row nor shifts the rest.
 */
export async function* eachOrderChunk(db: Db, f: OrderFilters, chunk = 500): AsyncGenerator<OrderRow[]> {
  let after: [createdAt: string, orderNo: string] | undefined;
  for (;;) {
    let q = filteredOrders(db, f).selectAll();
    // A row value, not `a < x or (a = x and b < y)`: both databases seek the index to it, so each
    // chunk costs the same however deep into the export it is.
    const from = after;
    if (from) q = q.where((eb) => eb(eb.refTuple('created_at', 'order_no'), '<', eb.tuple(...from)));
    const rows = await q.orderBy('created_at', 'desc').orderBy('order_no', 'desc').limit(chunk).execute();
    if (rows.length) yield rows;
    if (rows.length < chunk) return;
    const last = rows[rows.length - 1]!;
    after = [last.created_at, last.order_no];
  }
}

function filteredOrders(db: Db, f: OrderFilters) {
  let base = db.selectFrom('orders');
  if (f.merchantId !== undefined) base = base.where('merchant_id', '=', f.merchantId);
  if (f.status) base = base.where('status', '=', f.status);
  if (f.createdFrom) base = base.where('created_at', '>=', f.createdFrom);
  if (f.createdBefore) base = base.where('created_at', '<', f.createdBefore);
  if (f.batchNo) base = base.where('batch_no', '=', f.batchNo);
  if (f.search) {
    const like = containsPattern(f.search);
    const esc = sql.lit('\\');
    base = base.where(
      sql<boolean>`(lower(order_no) like lower(${like}) escape ${esc}
        or lower(merchant_order_no) like lower(${like}) escape ${esc}
        or lower(tracking_no) like lower(${like}) escape ${esc})`,
    );
  }
  return base;
}

/** Any merchant's order (operators); `merchantId` scopes it to one merchant (the merchant doors). */
export function findOrderAny(
  db: Db,
  orderNo: string,
  merchantId?: string,
  /** PostgreSQL only (SQLite has no FOR UPDATE, and one writer): lock the row until commit. */
  forUpdate = false,
): Promise<OrderRow | undefined> {
  let q = db.selectFrom('orders').selectAll().where('order_no', '=', orderNo);
  if (merchantId !== undefined) q = q.where('merchant_id', '=', merchantId);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The fields a transition sets besides status and updated_at (null-valued ones are left alone). */
export interface TransitionFields {
  carrier?: string;
  tracking_no?: string;
  shipped_at?: string;
  delivered_at?: string;
  cancelled_at?: string;
  cancel_reason?: string | null;
  refund_reference_no?: string;
}

/**
 * THE guard of the state machine: one UPDATE that moves the order only if it is still in one of
 * `from` (evaluated on the locked, current row). Of any number of racing transitions exactly one
 * matches; the rest get undefined and read the row to say why. Returns the updated row.
 */
export async function updateStatus(
  trx: Transaction<Database>,
  u: {
    orderNo: string;
    merchantId?: string | undefined;
    from: readonly OrderStatus[];
    to: OrderStatus;
    fields: TransitionFields;
    now: string;
  },
): Promise<OrderRow | undefined> {
  if (u.from.length === 0) return undefined;
  let q = trx
    .updateTable('orders')
    .set({ ...u.fields, status: u.to, updated_at: u.now })
    .where('order_no', '=', u.orderNo)
    .where('status', 'in', [...u.from]);
  if (u.merchantId !== undefined) q = q.where('merchant_id', '=', u.merchantId);
  return q.returningAll().executeTakeFirst();
}

/** The batch row, written first in its writer unit (its counts are set by finishBatch). */
export async function insertBatchRow(trx: Transaction<Database>, batch: BatchOrderRow): Promise<void> {
  await trx.insertInto('batch_orders').values(batch).execute();
}

export async function finishBatch(
  trx: Transaction<Database>,
  batch: Pick<BatchOrderRow, 'batch_no' | 'status' | 'succeeded' | 'failed'>,
  items: BatchOrderItemRow[],
): Promise<void> {
  await trx
    .updateTable('batch_orders')
    .set({ status: batch.status, succeeded: batch.succeeded, failed: batch.failed })
    .where('batch_no', '=', batch.batch_no)
    .execute();
  // Chunked: SQLite caps bound parameters per statement (6 columns × 100 rows stays well under).
  for (let i = 0; i < items.length; i += 100) {
    await trx
      .insertInto('batch_order_items')
      .values(items.slice(i, i + 100))
      .execute();
  }
}

export function findBatchByMerchantBatchNo(
  db: Db,
  merchantId: string,
  merchantBatchNo: string,
): Promise<BatchOrderRow | undefined> {
  return db
    .selectFrom('batch_orders')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('merchant_batch_key', '=', merchantBatchNo)
    .executeTakeFirst();
}

/**
 * PostgreSQL: locks the rows of `table` whose `key` is one of `keys`, FOR UPDATE in `key` order
 * (one sorted statement per 500), so units locking overlapping sets always meet in the same order.
 * Answers the locked rows' `columns`. SQLite has one writer and needs nothing.
 */
async function lockSorted<R>(
  trx: Transaction<Database>,
  table: 'orders' | 'skus' | 'credit_accounts',
  key: 'order_no' | 'sku_id' | 'merchant_id',
  keys: readonly string[],
  columns: readonly string[] = [key],
): Promise<R[]> {
  const ids = [...new Set(keys)].sort();
  const rows: R[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const { rows: locked } = await sql<R>`select ${sql.join(columns.map((c) => sql.ref(c)))}
      from ${sql.table(table)} where ${sql.ref(key)} in (${sql.join(ids.slice(i, i + 500))})
      order by ${sql.ref(key)} for update`.execute(trx);
    rows.push(...locked);
  }
  return rows;
}

/**
 * PostgreSQL: locks a batch's SKU rows in one sorted statement before its orders take stock, so
 * two batches (or a batch and single orders, which lock sku → credit) always lock in the same
 * order and cannot deadlock. SQLite has one writer and needs nothing.
 */
export async function lockSkus(trx: Transaction<Database>, skuIds: readonly string[]): Promise<void> {
  await lockSorted(trx, 'skus', 'sku_id', skuIds);
}

/** PostgreSQL: locks the merchants' credit rows, sorted by merchant_id (as lockSkus). */
export async function lockCreditAccounts(
  trx: Transaction<Database>,
  merchantIds: readonly string[],
): Promise<void> {
  await lockSorted(trx, 'credit_accounts', 'merchant_id', merchantIds);
}

/** PostgreSQL: locks the order rows, sorted by order_no (as lockSkus); their SKUs and merchants. */
export function lockOrders(
  trx: Transaction<Database>,
  orderNos: readonly string[],
): Promise<Pick<OrderRow, 'sku_id' | 'merchant_id'>[]> {
  return lockSorted(trx, 'orders', 'order_no', orderNos, ['sku_id', 'merchant_id']);
}

export function findBatch(db: Db, merchantId: string, batchNo: string): Promise<BatchOrderRow | undefined> {
  return db
    .selectFrom('batch_orders')
    .selectAll()
    .where('batch_no', '=', batchNo)
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
}

export function batchItems(db: Db, batchNo: string): Promise<BatchOrderItemRow[]> {
  return db
    .selectFrom('batch_order_items')
    .selectAll()
    .where('batch_no', '=', batchNo)
    .orderBy('item_index', 'asc')
    .execute();
}

/**
 * The orders waiting in `status`: counted up to COUNT_CAP, as the console's queue counts them, and
 * the oldest one's creation time. Both walk the (status, created_at) index: the cost stays flat
 * however many orders there are.
 */
export async function waitingIn(
  db: Kysely<Database>,
  status: OrderStatus,
): Promise<{ count: number; count_capped?: true; oldest: string | null }> {
  const inStatus = db.selectFrom('orders').where('status', '=', status);
  const [counted, oldest] = await Promise.all([
    countCapped(db, inStatus).upToCap(),
    inStatus.select('created_at').orderBy('created_at').limit(1).executeTakeFirst(),
  ]);
  const { total, total_capped } = cappedTotal(counted);
  return {
    count: total,
    ...(total_capped ? { count_capped: true } : {}),
    oldest: oldest?.created_at ?? null,
  };
}
