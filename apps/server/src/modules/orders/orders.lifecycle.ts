import { fieldMessage } from '@tradepost/web-contract';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../shared/app-error.ts';
import { newId } from '../../shared/ids.ts';
import type { AuditEntry } from '../audit/audit.service.ts';
import * as catalogRepo from '../catalog/catalog.repository.ts';
import type { StockChanged } from '../catalog/catalog.service.ts';
import * as creditRepo from '../credit/credit.repository.ts';
import { type CreditTransaction, toCreditTransaction } from '../credit/credit.service.ts';
import { type OperatorOrder, toOperatorOrder } from './orders.dto.ts';
import { canTransition, REFUNDING_STATUSES, sourcesOf, type OrderStatus } from './order-status.ts';
import * as repo from './orders.repository.ts';

/**
 * One transition of one order, inside a writer unit (the caller's): the guarded UPDATE of the
 * state machine and, for `cancelled`/`failed`, the refund — the `refund` ledger entry through the
 * credit chain and the stock back on the SKU — so the status and the money commit together or
 * not at all. Locks: order row → sku row → credit row, compatible with placing orders (sku →
 * credit), so racing units cannot deadlock. A unit moving several orders takes every lock first
 * (`lockForTransitions`).
 */
export interface TransitionRequest {
  orderNo: string;
  /** Set by merchant doors: the order must be theirs (3003 otherwise). Operators leave it unset. */
  merchantId?: string | undefined;
  to: OrderStatus;
  carrier?: string | null | undefined;
  trackingNo?: string | null | undefined;
  reason?: string | null | undefined;
}

/** What a transition did: handed to `opts.inUnit` (audit log, webhook outbox) and to the caller. */
export interface TransitionOutcome {
  order: OperatorOrder;
  /** The status before; equals `order.status` when nothing changed. */
  from: OrderStatus;
  /** False for an idempotent repeat (cancelling a cancelled order): nothing was written. */
  changed: boolean;
  /** The refund entry written by this transition, if it refunded. */
  refund: CreditTransaction | null;
}

export const orderNotFound = () => new AppError(3003, fieldMessage('orderNotFound'));

/** An order's move as the audit log records it, whoever made it (console, CLI, the merchant). */
export function moveAuditEntry(o: TransitionOutcome, note: string | null | undefined): AuditEntry {
  return {
    action: 'order.status_changed',
    merchantId: o.order.merchant_id,
    targetType: 'order',
    targetId: o.order.order_no,
    before: { status: o.from },
    after: {
      status: o.order.status,
      ...(o.order.tracking_no ? { carrier: o.order.carrier, tracking_no: o.order.tracking_no } : {}),
      ...(o.refund ? { refund_reference_no: o.refund.reference_no } : {}),
    },
    note: note ?? null,
  };
}

/** 2003 names the status; for the merchants' cancel it is the spec's message, else the edge refused. */
export function notAllowed(from: OrderStatus, to: OrderStatus): AppError {
  if (to === 'cancelled') return new AppError(2003, fieldMessage('cannotCancel', { from }));
  return new AppError(2003, fieldMessage('cannotMove', { from, to }));
}

/**
 * PostgreSQL, before the transitions of several orders in one unit (the operators' bulk calls):
 * locks every row they write, in the one order of every writer: the order rows by order_no, then,
 * for a refund, the SKU rows by sku_id and the credit rows by merchant_id (placing locks SKUs,
 * then credit rows, each sorted when several: lockSkus, migration orders-pg-place-group). Locked
 * order by order instead, a bulk cancel holds one order's SKU and credit rows while it waits for
 * the next order's: two bulk cancels, or one and an order being placed, crossing the same SKUs or
 * merchants in opposite orders deadlock. SQLite has one writer and needs nothing.
 */
export async function lockForTransitions(
  trx: Transaction<Database>,
  orderNos: readonly string[],
  to: OrderStatus,
): Promise<void> {
  const orders = await repo.lockOrders(trx, orderNos);
  if (!REFUNDING_STATUSES.has(to)) return;
  await repo.lockSkus(
    trx,
    orders.map((o) => o.sku_id),
  );
  await repo.lockCreditAccounts(
    trx,
    orders.map((o) => o.merchant_id),
  );
}

export async function applyTransition(
  trx: Transaction<Database>,
  t: TransitionRequest,
  now: string,
  /** PostgreSQL: read the order with FOR UPDATE, so the status read is the one the UPDATE moves. */
  lockRows: boolean,
  /** Told the SKU's stock after a refund's restock, for the product pages. */
  stockChanged: StockChanged,
): Promise<TransitionOutcome> {
  const refunding = REFUNDING_STATUSES.has(t.to);
  const fields: repo.TransitionFields = {};
  if (t.to === 'shipped') {
    if (!t.carrier) throw new AppError(4001, `carrier: ${fieldMessage('requiredToShipOrder')}`);
    if (!t.trackingNo) throw new AppError(4001, `tracking_no: ${fieldMessage('requiredToShipOrder')}`);
    Object.assign(fields, { carrier: t.carrier, tracking_no: t.trackingNo, shipped_at: now });
  } else if (t.carrier || t.trackingNo) {
    throw new AppError(4001, `${t.carrier ? 'carrier' : 'tracking_no'}: ${fieldMessage('onlyWhenShipping')}`);
  }
  if (t.to === 'delivered') fields.delivered_at = now;
  const refundReference = newId('CTX');
  if (refunding) {
    Object.assign(fields, {
      cancelled_at: now,
      cancel_reason: t.reason ?? null,
      refund_reference_no: refundReference,
    });
  }

  // Read (and on PostgreSQL lock) first: the refusal names the status, and the outcome names the
  // status the order left. SQLite has one writer, so its read is already the current row.
  const current = await repo.findOrderAny(trx, t.orderNo, t.merchantId, lockRows);
  if (!current) throw orderNotFound();
  if (!canTransition(current.status, t.to)) {
    // A repeated cancel (or fail) is a safe retry: the same answer, nothing refunded again.
    if (refunding && current.status === t.to) {
      return { order: toOperatorOrder(current), from: current.status, changed: false, refund: null };
    }
    throw notAllowed(current.status, t.to);
  }
  // Still the guard that decides: of racing transitions exactly one UPDATE matches.
  const row = await repo.updateStatus(trx, {
    orderNo: t.orderNo,
    merchantId: t.merchantId,
    from: sourcesOf(t.to),
    to: t.to,
    fields,
    now,
  });
  if (!row) throw new Error(`order ${t.orderNo} changed under its lock`);

  let refund: CreditTransaction | null = null;
  if (refunding) {
    const stock = await catalogRepo.returnStock(trx, { skuId: row.sku_id, quantity: row.quantity, now });
    if (stock !== undefined) stockChanged(trx, row.sku_id, stock);
    // Never refused for the merchant's state: a frozen account or one already repaid (used goes
    // below zero, a credit balance) still gets its money back.
    const moved = await creditRepo.moveCredit(trx, {
      merchantId: row.merchant_id,
      usedDelta: -row.amount,
      limitDelta: 0,
      requireActive: false,
      allowCreditBalance: true,
      now,
    });
    if (!moved)
      throw new Error(`refund of ${row.order_no}: the credit account of ${row.merchant_id} refused it`);
    const entry = await creditRepo.appendEntry(trx, moved, {
      type: 'refund',
      amount: row.amount,
      orderNo: row.order_no,
      description: `Refund of ${row.order_no} (${t.to})${t.reason ? `: ${t.reason}` : ''}`,
      now,
      referenceNo: refundReference,
    });
    refund = toCreditTransaction(entry);
  }
  return { order: toOperatorOrder(row), from: current.status, changed: true, refund };
}
