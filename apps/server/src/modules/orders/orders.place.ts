import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../shared/app-error.ts';
import { newId } from '../../shared/ids.ts';
import { formatMoney } from '../../shared/money.ts';
import { nowIso } from '../../shared/time.ts';
import * as catalogRepo from '../catalog/catalog.repository.ts';
import * as creditRepo from '../credit/credit.repository.ts';
import type { CreateOrderInput } from './orders.dto.ts';
import * as repo from './orders.repository.ts';
import type { OrderRow } from './orders.table.ts';

export const duplicate = (orderNo: string) => new AppError(2002, 'Duplicate order', { order_no: orderNo });
const productNotFound = () => new AppError(3001, 'Product not found');

/**
 * One order, inside one writer unit: every check and every write below commits together or
 * not at all (a thrown AppError rolls the unit back to its savepoint / aborts its transaction).
 * Locks are always taken sku row → credit account row, so racing units cannot deadlock.
 * The checks ride in the guarded UPDATEs themselves; only a refusal costs a read, to say why.
 */
export async function placeOrder(
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
    carrier: null,
    shipped_at: null,
    delivered_at: null,
    cancelled_at: null,
    cancel_reason: null,
    refund_reference_no: null,
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
