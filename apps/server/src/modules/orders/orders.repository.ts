import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { BatchOrderItemRow, BatchOrderRow, OrderRow, OrderStatus } from './orders.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertOrder(trx: Transaction<Database>, row: OrderRow): Promise<void> {
  await trx.insertInto('orders').values(row).execute();
}

export function findOrder(db: Db, merchantId: string, orderNo: string): Promise<OrderRow | undefined> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('order_no', '=', orderNo)
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
}

export function findByMerchantOrderNo(
  db: Db,
  merchantId: string,
  merchantOrderNo: string,
): Promise<OrderRow | undefined> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('merchant_order_no', '=', merchantOrderNo)
    .executeTakeFirst();
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
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('order_no', 'desc')
      .limit(p.pageSize)
      .offset((p.page - 1) * p.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
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
