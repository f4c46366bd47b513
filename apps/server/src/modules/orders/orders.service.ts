import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Writer } from '../../db/writer.ts';
import { AppError, isAppError } from '../../shared/app-error.ts';
import { newId } from '../../shared/ids.ts';
import { formatMoney } from '../../shared/money.ts';
import { nowIso } from '../../shared/time.ts';
import { asParams, type Page, parseInput } from '../../shared/validation.ts';
import * as catalogRepo from '../catalog/catalog.repository.ts';
import * as creditRepo from '../credit/credit.repository.ts';
import {
  type BatchOrder,
  type BatchOrderItem,
  type CreateOrderInput,
  createBatchSchema,
  createOrderSchema,
  listOrdersSchema,
  merchantRef,
  type Order,
  toBatchOrder,
  toOrder,
} from './orders.dto.ts';
import * as repo from './orders.repository.ts';
import type { BatchOrderItemRow, BatchOrderRow, OrderRow } from './orders.table.ts';

export type { BatchOrder, BatchOrderItem, Order, ShippingAddress } from './orders.dto.ts';

export interface OrdersService {
  create(merchantId: string, input: unknown): Promise<Order>;
  createBatch(merchantId: string, input: unknown): Promise<BatchOrder>;
  get(merchantId: string, orderNo: string): Promise<Order>;
  getByMerchantOrderNo(merchantId: string, merchantOrderNo: string): Promise<Order>;
  getBatch(merchantId: string, batchNo: string): Promise<BatchOrder>;
  list(merchantId: string, params: unknown): Promise<Page<Order>>;
}

const duplicate = (orderNo: string) => new AppError(2002, 'Duplicate order', { order_no: orderNo });
const productNotFound = () => new AppError(3001, 'Product not found');
const orderNotFound = () => new AppError(3003, 'Order not found');

/**
 * One order, inside one writer unit: every check and every write below commits together or
 * not at all (a thrown AppError rolls the unit back to its savepoint / aborts its transaction).
 * Locks are always taken sku row → credit account row, so racing units cannot deadlock.
 * The checks ride in the guarded UPDATEs themselves; only a refusal costs a read, to say why.
 */
async function placeOrder(
  trx: Transaction<Database>,
  merchantId: string,
  req: CreateOrderInput,
  batchNo: string | null,
): Promise<OrderRow> {
  const now = nowIso();
  // Duplicate first: cheap, and a retried request must hear 2002 rather than 2001/3002.
  if (req.merchant_order_no) {
    const existing = await repo.findByMerchantOrderNo(trx, merchantId, req.merchant_order_no);
    if (existing) throw duplicate(existing.order_no);
  }

  const sku = await catalogRepo.takeStock(trx, {
    goodsId: req.goods_id,
    skuId: req.sku_id,
    quantity: req.quantity,
    now,
  });
  if (!sku) {
    if (await catalogRepo.isOrderable(trx, req.goods_id, req.sku_id))
      throw new AppError(3002, 'Product out of stock');
    throw productNotFound();
  }

  const amount = sku.price * req.quantity;
  // The guard and the debit are one statement, evaluated on the locked, current row.
  const moved = Number.isSafeInteger(amount)
    ? await creditRepo.moveCredit(trx, {
        merchantId,
        usedDelta: amount,
        limitDelta: 0,
        requireActive: true,
        requireCurrency: sku.currency,
        now,
      })
    : undefined;
  if (!moved) throw await creditRefusal(trx, merchantId, sku.currency);

  const orderNo = newId('ORD');
  const referenceNo = newId('CTX');
  const row: OrderRow = {
    order_no: orderNo,
    merchant_id: merchantId,
    merchant_order_no: req.merchant_order_no ?? null,
    batch_no: batchNo,
    goods_id: req.goods_id,
    sku_id: req.sku_id,
    quantity: req.quantity,
    unit_price: sku.price,
    amount,
    currency: sku.currency,
    status: 'pending',
    shipping_address_json: JSON.stringify(req.shipping_address),
    tracking_no: null,
    credit_reference_no: referenceNo,
    created_at: now,
    updated_at: now,
  };
  // The unique (merchant_id, merchant_order_no) index is the last word on races the check above missed.
  await repo.insertOrder(trx, row);
  await creditRepo.appendEntry(trx, moved, {
    type: 'order',
    amount: -amount,
    orderNo,
    description: `Order ${orderNo}: ${req.quantity} × ${req.sku_id} @ ${formatMoney(sku.price)} ${sku.currency}`,
    now,
    referenceNo,
  });
  return row;
}

/** Why the credit guard refused an order of a product priced in `currency`, checked in this order. */
async function creditRefusal(
  trx: Transaction<Database>,
  merchantId: string,
  currency: string,
): Promise<AppError> {
  const account = await creditRepo.findAccount(trx, merchantId);
  if (!account) return new AppError(2001, 'Insufficient credit: no credit account');
  if (account.status !== 'active')
    return new AppError(2001, 'Insufficient credit: the credit account is frozen');
  if (account.currency !== currency) {
    return new AppError(
      4001,
      `goods_id: priced in ${currency}, the credit account is in ${account.currency}`,
    );
  }
  return new AppError(2001, 'Insufficient credit');
}

export function createOrdersService(deps: { db: Kysely<Database>; writer: Writer }): OrdersService {
  const { db, writer } = deps;

  async function createValidated(
    merchantId: string,
    req: CreateOrderInput,
    batchNo: string | null,
  ): Promise<OrderRow> {
    try {
      return await writer.run((trx) => placeOrder(trx, merchantId, req, batchNo));
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
  }

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

  return {
    async create(merchantId, input) {
      const req = parseInput(createOrderSchema, input);
      return toOrder(await createValidated(merchantId, req, null));
    },

    async createBatch(merchantId, input) {
      const b = parseInput(createBatchSchema, input);
      const batchNo = newId('BAT');
      // Every item is its own order in its own writer unit: on SQLite they share group commits,
      // on PostgreSQL they are separate transactions; one item's failure touches no other.
      const results = await Promise.all(
        b.orders.map(async (raw, index): Promise<{ item: BatchOrderItem; orderNo: string | null }> => {
          // Echo the item's own reference only when it is a valid one (the order schema's rule).
          const mon = merchantRef.safeParse((raw as { merchant_order_no?: unknown } | null)?.merchant_order_no);
          const merchantOrderNo = mon.success ? mon.data : null;
          try {
            const req = parseInput(createOrderSchema, raw, `orders[${index}].`);
            const row = await createValidated(merchantId, req, batchNo);
            return {
              item: {
                index,
                merchant_order_no: merchantOrderNo,
                code: 0,
                message: 'success',
                order: toOrder(row),
              },
              orderNo: row.order_no,
            };
          } catch (e) {
            const err = isAppError(e) ? e : new AppError(5001);
            let message = err.message;
            const data = err.data as { order_no?: string } | null;
            if (err.code === 2002 && data?.order_no)
              message = `Duplicate order: existing order_no ${data.order_no}`;
            return {
              item: { index, merchant_order_no: merchantOrderNo, code: err.code, message, order: null },
              orderNo: null,
            };
          }
        }),
      );
      const succeeded = results.filter((r) => r.item.code === 0).length;
      const total = results.length;
      const batch: BatchOrderRow = {
        batch_no: batchNo,
        merchant_id: merchantId,
        merchant_batch_no: b.merchant_batch_no ?? null,
        status: succeeded === total ? 'completed' : succeeded === 0 ? 'failed' : 'partially_failed',
        total,
        succeeded,
        failed: total - succeeded,
        created_at: nowIso(),
      };
      const itemRows: BatchOrderItemRow[] = results.map((r) => ({
        batch_no: batchNo,
        item_index: r.item.index,
        merchant_order_no: r.item.merchant_order_no,
        code: r.item.code,
        message: r.item.message,
        order_no: r.orderNo,
      }));
      await writer.run((trx) => repo.insertBatch(trx, batch, itemRows));
      return toBatchOrder(
        batch,
        results.map((r) => r.item),
      );
    },

    async get(merchantId, orderNo) {
      const row = typeof orderNo === 'string' ? await repo.findOrder(db, merchantId, orderNo) : undefined;
      if (!row) throw orderNotFound();
      return toOrder(row);
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
      const { rows, total } = await repo.listOrders(db, merchantId, {
        page: p.page,
        pageSize: p.page_size,
        status: p.status,
      });
      return { items: rows.map(toOrder), page: p.page, page_size: p.page_size, total };
    },
  };
}
