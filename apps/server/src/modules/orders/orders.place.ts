import { fieldMessage } from '@tradepost/web-contract';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { afterCommit } from '../../db/writer.ts';
import { countLedgerEntry } from '../../ops/metrics.ts';
import { AppError } from '../../shared/app-error.ts';
import { newId } from '../../shared/ids.ts';
import { formatMoney, MAX_BALANCE_MINOR } from '../../shared/money.ts';
import { nowIso } from '../../shared/time.ts';
import * as catalogRepo from '../catalog/catalog.repository.ts';
import type { StockChanged } from '../catalog/catalog.service.ts';
import * as creditRepo from '../credit/credit.repository.ts';
import { type CreateOrderInput, type Order, toOrder } from './orders.dto.ts';
import { placeStatement } from './orders.place-group.ts';
import * as repo from './orders.repository.ts';
import type { NewOrderFields, OrderRow } from './orders.table.ts';

export const duplicate = (orderNo: string) => new AppError(2002, 'Duplicate order', { order_no: orderNo });
const productNotFound = () => new AppError(3001, 'Product not found');
const outOfStock = () => new AppError(3002, 'Product out of stock');

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
  /** Told the SKU's stock after this order, for the product pages once the unit commits. */
  stockChanged: StockChanged,
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
    if (await catalogRepo.isOrderable(trx, req.goods_id, req.sku_id)) throw outOfStock();
    throw productNotFound();
  }
  stockChanged(trx, req.sku_id, sku.stock);

  const amount = sku.price * req.quantity;
  // The guard and the debit are one statement, evaluated on the locked, current row. An amount
  // past the most the wire carries (and so far inside 2^53) is never debited, whatever the credit.
  const moved =
    amount <= MAX_BALANCE_MINOR
      ? await creditRepo.moveCredit(trx, {
          merchantId,
          usedDelta: amount,
          limitDelta: 0,
          requireActive: true,
          requireCurrency: sku.currency,
          now,
        })
      : undefined;
  if (!moved) throw await creditRefusal(trx, merchantId, sku.currency, amount);

  const row = orderRow(newOrderFields(merchantId, req, batchNo, now), sku.price, sku.currency);
  const { order_no: orderNo, credit_reference_no: referenceNo } = row;
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

/** A new order's fields, with its order and ledger reference numbers drawn now. */
function newOrderFields(
  merchantId: string,
  req: CreateOrderInput,
  batchNo: string | null,
  now: string,
): NewOrderFields {
  return {
    order_no: newId('ORD'),
    merchant_id: merchantId,
    merchant_order_no: req.merchant_order_no ?? null,
    batch_no: batchNo,
    goods_id: req.goods_id,
    sku_id: req.sku_id,
    quantity: req.quantity,
    shipping_address_json: JSON.stringify(req.shipping_address),
    credit_reference_no: newId('CTX'),
    created_at: now,
  };
}

/**
 * The row of a new (pending) order at `price`; the lifecycle columns (carrier … refund_reference_no)
 * start null. Written out field by field: in Node 20's V8 `{ ...fields, twelve more }` took ~19 µs
 * a call (measured alone), this 0.05; a copy with properties added after it is V8's slow case.
 */
function orderRow(fields: NewOrderFields, price: number, currency: string): OrderRow {
  return {
    order_no: fields.order_no,
    merchant_id: fields.merchant_id,
    merchant_order_no: fields.merchant_order_no,
    batch_no: fields.batch_no,
    goods_id: fields.goods_id,
    sku_id: fields.sku_id,
    quantity: fields.quantity,
    shipping_address_json: fields.shipping_address_json,
    credit_reference_no: fields.credit_reference_no,
    created_at: fields.created_at,
    unit_price: price,
    amount: price * fields.quantity,
    currency,
    status: 'pending',
    tracking_no: null,
    updated_at: fields.created_at,
    carrier: null,
    shipped_at: null,
    delivered_at: null,
    cancelled_at: null,
    cancel_reason: null,
    refund_reference_no: null,
  };
}

/**
 * Why the credit guard refused an order of `amount` (minor units) of a product priced in
 * `currency`, checked in this order.
 */
async function creditRefusal(
  trx: Transaction<Database>,
  merchantId: string,
  currency: string,
  amount: number,
): Promise<AppError> {
  const account = await creditRepo.findAccount(trx, merchantId);
  return refusalOf(
    account && { status: account.status, currency: account.currency },
    currency,
    amount > MAX_BALANCE_MINOR,
  );
}

/** 2001's message when the line is frozen (bend-v1: still 2001); the web doors say it in words. */
export const CREDIT_FROZEN = 'Insufficient credit: the credit account is frozen';

/**
 * The refusal, in the order no account → frozen → currency → amount → credit. `tooLarge`: the
 * order's amount is past MAX_BALANCE_MINOR, which no account can be debited (a credit balance
 * can leave more available than that) and no wire amount can state: 4001 on the quantity.
 */
function refusalOf(
  account: { status: string; currency: string } | undefined,
  currency: string,
  tooLarge = false,
): AppError {
  if (!account) return new AppError(2001, 'Insufficient credit: no credit account');
  if (account.status !== 'active') return new AppError(2001, CREDIT_FROZEN);
  if (account.currency !== currency) {
    return new AppError(
      4001,
      `goods_id: ${fieldMessage('pricedIn', { currency, account: account.currency })}`,
    );
  }
  if (tooLarge) {
    return new AppError(
      4001,
      `quantity: ${fieldMessage('orderAmountMax', { max: formatMoney(MAX_BALANCE_MINOR) })}`,
    );
  }
  return new AppError(2001, 'Insufficient credit');
}

/**
 * What `tradepost_place_order` writes with the order when given one (PostgreSQL; migration
 * 2026-11-29-orders-pg-place-events): an outbox event and a delivery row per endpoint named (those
 * still enabled). `known_endpoints`: every enabled endpoint of the merchant the builder knew of;
 * any other makes the event wait for the worker's fan-out as well.
 */
export interface StatementEvent {
  event_id: string;
  type: string;
  /** The exact body every attempt sends. */
  payload: string;
  created_at: string;
  give_up_at: string;
  /** `lease_until`: written claimed under it (migration 2026-11-29-webhooks-deliveries-written-claimed); null: pending. */
  deliveries: Array<{ endpoint_id: string; delivery_id: string; lease_until: string | null }>;
  known_endpoints: string[];
}

/**
 * The price (and currency) each SKU was last placed at, so that an event built before the call
 * states the price the call will charge; checked under the SKU's lock (`repriced` otherwise).
 */
const lastPrices = new Map<string, { price: number; currency: string }>();

/**
 * PostgreSQL: the same order, every check and write of placeOrder, as ONE statement (the
 * function of migration 2026-11-29-orders-pg-place-events). Given the pool (`writer.single`) the
 * statement commits by itself, with the other orders of the same tick (orders.place-group.ts),
 * and the SKU and credit rows are locked for that one round trip; given a unit's `trx` (a batch
 * item, or a caller's `inUnit` to run after) it is one statement of that transaction. A refusal writes nothing; a racing twin's merchant_order_no
 * still raises the unique violation (23505), as on SQLite.
 *
 * `event` (the webhook outbox's order.created) is built here from the Order about to be placed,
 * at the SKU's last known price, and written by the same statement. If the price is unknown or
 * changed meanwhile, the call writes nothing and answers the price: built again and re-sent (a
 * second round trip for the first order of a SKU in this process, or after a price change).
 */
export async function placeOrderPg(
  db: Kysely<Database> | Transaction<Database>,
  merchantId: string,
  req: CreateOrderInput,
  batchNo: string | null,
  stockChanged: StockChanged,
  event?: (order: Order) => StatementEvent,
): Promise<OrderRow> {
  const fields = newOrderFields(merchantId, req, batchNo, nowIso());
  for (let tries = 1; ; tries++) {
    const expected = event && lastPrices.get(req.sku_id);
    const built =
      event &&
      (expected
        ? {
            ...event(toOrder(orderRow(fields, expected.price, expected.currency))),
            unit_price: expected.price,
            currency: expected.currency,
          }
        : { unit_price: null, currency: null });
    const r = await placeStatement(db, built ? { ...fields, event: built } : fields);
    const currency = r.r_currency ?? '';
    if (r.r_price !== null) {
      if (lastPrices.size > 10_000) lastPrices.clear(); // bounded: a hint, not a registry
      lastPrices.set(req.sku_id, { price: r.r_price, currency });
    }
    switch (r.r_outcome) {
      case 'placed':
        afterCommit(db, () => countLedgerEntry('order'));
        stockChanged(db, req.sku_id, r.r_stock!);
        return orderRow(fields, r.r_price!, currency);
      case 'repriced':
        // Nothing written; a price that keeps changing under us is not worth chasing forever.
        if (tries >= 3) throw new Error('tradepost_place_order: the price kept changing');
        continue;
      case 'duplicate':
        throw duplicate(r.r_detail!);
      case 'not_found':
        throw productNotFound();
      case 'out_of_stock':
        throw outOfStock();
      case 'no_account':
        throw refusalOf(undefined, currency);
      case 'frozen':
        throw refusalOf({ status: 'frozen', currency }, currency);
      case 'currency':
        throw refusalOf({ status: 'active', currency: r.r_detail! }, currency);
      case 'amount': // migration 2026-11-30-orders-pg-place-amount-cap
        throw refusalOf({ status: 'active', currency }, currency, true);
      case 'insufficient':
        throw refusalOf({ status: 'active', currency }, currency);
      default:
        throw new Error(`tradepost_place_order: unknown outcome ${r.r_outcome}`);
    }
  }
}
