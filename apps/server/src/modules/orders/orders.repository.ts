import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { BatchOrderItemRow, BatchOrderRow, OrderRow, OrderStatus } from './orders.table.ts';
import { paginate } from '../../db/paginate.ts';

type Db = Kysely<Database> | Transaction<Database>;

/*
 * insertOrder and findByMerchantOrderNo run once per order: `sql` templates rather than builder
 * chains, which cost Kysely ~10 µs each to build and compile (see takeStock in catalog).
 */
export async function insertOrder(trx: Transaction<Database>, row: OrderRow): Promise<void> {
  await sql`insert into orders
    (order_no, merchant_id, merchant_order_no, batch_no, goods_id, sku_id, quantity, unit_price, amount,
      currency, status, shipping_address_json, tracking_no, credit_reference_no, created_at, updated_at)
    values (${row.order_no}, ${row.merchant_id}, ${row.merchant_order_no}, ${row.batch_no}, ${row.goods_id},
      ${row.sku_id}, ${row.quantity}, ${row.unit_price}, ${row.amount}, ${row.currency}, ${row.status},
      ${row.shipping_address_json}, ${row.tracking_no}, ${row.credit_reference_no}, ${row.created_at},
      ${row.updated_at})`.execute(trx);
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
  const { rows } = await sql<OrderRow>`select * from orders
    where merchant_id = ${merchantId} and merchant_order_no = ${merchantOrderNo}`.execute(db);
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

export async function listOrders(
  db: Db,
  merchantId: string,
  p: { page: number; pageSize: number; status?: OrderStatus | undefined },
): Promise<{ rows: OrderRow[]; total: number }> {
  let base = db.selectFrom('orders').where('merchant_id', '=', merchantId);
  if (p.status) base = base.where('status', '=', p.status);
  return paginate(
    base.selectAll().orderBy('created_at', 'desc').orderBy('order_no', 'desc'),
    base.select((eb) => eb.fn.countAll<number>().as('n')),
    p,
  );
}

export async function insertBatch(
  trx: Transaction<Database>,
  batch: BatchOrderRow,
  items: BatchOrderItemRow[],
): Promise<void> {
  await trx.insertInto('batch_orders').values(batch).execute();
  // Chunked: SQLite caps bound parameters per statement (6 columns × 100 rows stays well under).
  for (let i = 0; i < items.length; i += 100) {
    await trx
      .insertInto('batch_order_items')
      .values(items.slice(i, i + 100))
      .execute();
  }
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
