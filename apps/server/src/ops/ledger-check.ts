/**
 * The ledger's invariants (bend-v1.md "Credit ledger", docs/architecture.md "Money"), checked on
 * the stored rows of any database. One definition serves `tradepost verify`, `restore` and the
 * tests (test/helpers/ledger.ts adds the wire-DTO side on top).
 *
 * Per credit account, entries in seq order:
 * - `seq`: 1, 2, 3 … with no gap, and the account's ledger_seq is the last one;
 * - `entry`: every entry balances (balance_after = balance_before + amount), never below zero;
 * - `chain`: each entry starts where the previous one ended, the first from 0;
 * - `available`: the last entry ends at the account's available credit (credit_limit − used),
 *   which is ≥ 0, and the amounts sum to it (so `used` is what the entries say it is);
 * - `limit`: the limit changes sum to the credit limit;
 * - `type`: every entry is of a known kind, in the account's currency.
 * Per order:
 * - `debit`: exactly one `order` entry, on the order's merchant, for −amount, the one the order
 *   names as its credit_reference_no; every `order` entry belongs to an existing order;
 * - `refund`: a cancelled or failed order (orders/order-status.ts REFUNDING_STATUSES) has exactly
 *   one `refund` entry, for +amount, the one it names as refund_reference_no; any other has none.
 *
 * Entries are read one account at a time, so memory is bounded by the largest account.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { CreditTransactionType } from '../modules/credit/credit.table.ts';
import { REFUNDING_STATUSES } from '../modules/orders/order-status.ts';
import { formatMoney as m } from '../shared/money.ts';

export type LedgerInvariant = 'seq' | 'entry' | 'chain' | 'available' | 'limit' | 'type' | 'debit' | 'refund';

export interface LedgerProblem {
  readonly invariant: LedgerInvariant;
  readonly merchantId: string;
  readonly seq?: number;
  readonly orderNo?: string;
  /** One line for people, naming the account, entry or order and the numbers that disagree. */
  readonly message: string;
}

export interface LedgerReport {
  readonly ok: boolean;
  readonly accounts: number;
  readonly entries: number;
  readonly orders: number;
  /** The first broken invariant found (accounts in merchant_id order), or null. */
  readonly problem: LedgerProblem | null;
}

const LEDGER_TYPES: readonly CreditTransactionType[] = [
  'limit_change',
  'order',
  'refund',
  'repayment',
  'adjustment',
];

export async function checkLedger(
  db: Kysely<Database>,
  opts: { merchantId?: string } = {},
): Promise<LedgerReport> {
  let accountsQuery = db.selectFrom('credit_accounts').selectAll().orderBy('merchant_id');
  if (opts.merchantId) accountsQuery = accountsQuery.where('merchant_id', '=', opts.merchantId);
  const accounts = await accountsQuery.execute();
  let entries = 0;
  let orders = 0;
  for (const account of accounts) {
    const id = account.merchant_id;
    const rows = await db
      .selectFrom('credit_transactions')
      .select([
        'seq',
        'type',
        'amount',
        'balance_before',
        'balance_after',
        'currency',
        'order_no',
        'reference_no',
      ])
      .where('merchant_id', '=', id)
      .orderBy('seq')
      .execute();
    const orderRows = await db
      .selectFrom('orders')
      .select(['order_no', 'amount', 'status', 'credit_reference_no', 'refund_reference_no'])
      .where('merchant_id', '=', id)
      .execute();
    entries += rows.length;
    orders += orderRows.length;
    const problem = checkAccount(account, rows, orderRows);
    if (problem) return { ok: false, accounts: accounts.length, entries, orders, problem };
  }
  // An order whose merchant has no account cannot have been debited.
  if (!opts.merchantId) {
    const orphan = await db
      .selectFrom('orders')
      .leftJoin('credit_accounts', 'credit_accounts.merchant_id', 'orders.merchant_id')
      .select(['orders.order_no', 'orders.merchant_id'])
      .where('credit_accounts.merchant_id', 'is', null)
      .executeTakeFirst();
    if (orphan) {
      const problem: LedgerProblem = {
        invariant: 'debit',
        merchantId: orphan.merchant_id,
        orderNo: orphan.order_no,
        message: `order ${orphan.order_no}: merchant ${orphan.merchant_id} has no credit account, so no debit`,
      };
      return { ok: false, accounts: accounts.length, entries, orders, problem };
    }
  }
  return { ok: true, accounts: accounts.length, entries, orders, problem: null };
}

interface AccountRow {
  merchant_id: string;
  currency: string;
  credit_limit: number;
  used: number;
  ledger_seq: number;
}
interface EntryRow {
  seq: number;
  type: string;
  amount: number;
  balance_before: number;
  balance_after: number;
  currency: string;
  order_no: string | null;
  reference_no: string;
}
interface OrderRow {
  order_no: string;
  amount: number;
  status: string;
  credit_reference_no: string;
  refund_reference_no: string | null;
}

/** The first broken invariant of one account, or null. Exported for unit tests on crafted rows. */
export function checkAccount(
  account: AccountRow,
  entries: readonly EntryRow[],
  orders: readonly OrderRow[],
): LedgerProblem | null {
  const merchantId = account.merchant_id;
  const at = (
    invariant: LedgerInvariant,
    message: string,
    where: { seq?: number; orderNo?: string } = {},
  ) => ({
    invariant,
    merchantId,
    ...where,
    message: `merchant ${merchantId}${where.seq !== undefined ? ` entry seq ${where.seq}` : ''}${where.orderNo ? ` order ${where.orderNo}` : ''}: ${message}`,
  });

  let previous = 0;
  let sum = 0;
  let limitSum = 0;
  for (const [i, e] of entries.entries()) {
    const seq = e.seq;
    if (seq !== i + 1)
      return at('seq', `expected seq ${i + 1}, found ${seq} (a gap or a duplicate)`, { seq });
    if (!(LEDGER_TYPES as readonly string[]).includes(e.type))
      return at('type', `unknown entry type "${e.type}"`, { seq });
    if (e.currency !== account.currency)
      return at('type', `entry in ${e.currency}, account in ${account.currency}`, { seq });
    if (e.balance_after !== e.balance_before + e.amount)
      return at(
        'entry',
        `balance_before ${m(e.balance_before)} + amount ${m(e.amount)} ≠ balance_after ${m(e.balance_after)}`,
        { seq },
      );
    if (e.balance_after < 0) return at('entry', `balance_after ${m(e.balance_after)} is below zero`, { seq });
    if (e.balance_before !== previous)
      return at('chain', `starts at ${m(e.balance_before)} but the previous entry ended at ${m(previous)}`, {
        seq,
      });
    previous = e.balance_after;
    sum += e.amount;
    if (e.type === 'limit_change') limitSum += e.amount;
  }
  if (account.ledger_seq !== entries.length)
    return at('seq', `account ledger_seq ${account.ledger_seq} but ${entries.length} entries`);
  const available = account.credit_limit - account.used;
  if (available < 0)
    return at('available', `used ${m(account.used)} exceeds the limit ${m(account.credit_limit)}`);
  if (previous !== available || sum !== available)
    return at(
      'available',
      `entries sum to ${m(sum)} and end at ${m(previous)}, but limit − used = ${m(available)} (used ${m(account.used)})`,
    );
  if (limitSum !== account.credit_limit)
    return at('limit', `limit changes sum to ${m(limitSum)}, the credit limit is ${m(account.credit_limit)}`);

  const byOrder = new Map<string, { debits: EntryRow[]; refunds: EntryRow[] }>();
  for (const e of entries) {
    if (e.type !== 'order' && e.type !== 'refund') continue;
    if (e.order_no === null)
      return at(e.type === 'order' ? 'debit' : 'refund', `${e.type} entry names no order`, { seq: e.seq });
    const slot = byOrder.get(e.order_no) ?? { debits: [], refunds: [] };
    (e.type === 'order' ? slot.debits : slot.refunds).push(e);
    byOrder.set(e.order_no, slot);
  }
  for (const o of orders) {
    const orderNo = o.order_no;
    const slot = byOrder.get(orderNo) ?? { debits: [], refunds: [] };
    byOrder.delete(orderNo);
    if (slot.debits.length !== 1)
      return at('debit', `${slot.debits.length} debit entries (expected exactly 1)`, { orderNo });
    const debit = slot.debits[0]!;
    if (debit.amount !== -o.amount)
      return at('debit', `debit of ${m(debit.amount)} for an order of ${m(o.amount)}`, { orderNo });
    if (debit.reference_no !== o.credit_reference_no)
      return at('debit', `order names entry ${o.credit_reference_no}, its debit is ${debit.reference_no}`, {
        orderNo,
      });
    const refunding = REFUNDING_STATUSES.has(o.status as never);
    const expected = refunding ? 1 : 0;
    if (slot.refunds.length !== expected)
      return at(
        'refund',
        `${slot.refunds.length} refund entries for an order that is ${o.status} (expected ${expected}: ` +
          `${[...REFUNDING_STATUSES].join('/')} orders are refunded once, others never)`,
        { orderNo },
      );
    const refund = slot.refunds[0];
    if (refund) {
      if (refund.amount !== o.amount)
        return at('refund', `refund of ${m(refund.amount)} for an order of ${m(o.amount)}`, { orderNo });
      if (refund.reference_no !== o.refund_reference_no)
        return at(
          'refund',
          `order names refund ${o.refund_reference_no}, its refund is ${refund.reference_no}`,
          {
            orderNo,
          },
        );
    }
  }
  // What is left names orders this merchant does not have.
  for (const [orderNo, slot] of byOrder) {
    const e = slot.debits[0] ?? slot.refunds[0]!;
    return at(
      e.type === 'order' ? 'debit' : 'refund',
      `${e.type} entry for an order this merchant does not have`,
      { seq: e.seq, orderNo },
    );
  }
  return null;
}
