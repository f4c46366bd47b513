import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { newId } from '../../shared/ids.ts';
import { MAX_BALANCE_MINOR } from '../../shared/money.ts';
import type { CreditAccountRow, CreditTransactionRow, CreditTransactionType } from './credit.table.ts';
import { paginate } from '../../db/paginate.ts';
import { afterCommit, runSql, stmt } from '../../db/writer.ts';
import { countLedgerEntry } from '../../ops/metrics.ts';

type Db = Kysely<Database> | Transaction<Database>;

export function findAccount(db: Db, merchantId: string): Promise<CreditAccountRow | undefined> {
  return db
    .selectFrom('credit_accounts')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
}

export async function insertAccount(
  trx: Transaction<Database>,
  a: { merchantId: string; currency: string; now: string },
): Promise<void> {
  await trx
    .insertInto('credit_accounts')
    .values({
      merchant_id: a.merchantId,
      currency: a.currency,
      credit_limit: 0,
      used: 0,
      status: 'active',
      ledger_seq: 0,
      created_at: a.now,
      updated_at: a.now,
    })
    .execute();
}

/**
 * Moves money in ONE conditional UPDATE: the guard (available stays ≥ 0, the limit stays in
 * 0..MAX, what lowers `used` — a repayment, a positive adjustment — keeps it ≥ 0, optionally the
 * account is active and in a given currency) and the change are evaluated
 * atomically against the current row, which the database locks until commit, so racing debits
 * cannot overdraw. Returns the row as updated, or undefined when the guard refused (the caller
 * reads the account to say why).
 */
export async function moveCredit(
  trx: Transaction<Database>,
  m: {
    merchantId: string;
    usedDelta: number;
    limitDelta: number;
    requireActive: boolean;
    requireCurrency?: string;
    /**
     * A refund may take `used` below zero (a credit balance: the merchant had already repaid the
     * order); repayments and adjustments may not. What does not lower `used` (an order, a limit
     * change, a negative adjustment) is never refused for a credit balance the account already has.
     */
    allowCreditBalance?: boolean;
    now: string;
  },
): Promise<CreditAccountRow | undefined> {
  // A `stmt` template, not a builder chain: this runs once per order (see takeStock in catalog).
  const rows = await runSql(
    trx,
    stmt<CreditAccountRow>`update credit_accounts
    set used = used + ${m.usedDelta}, credit_limit = credit_limit + ${m.limitDelta},
      ledger_seq = ledger_seq + 1, updated_at = ${m.now}
    where merchant_id = ${m.merchantId}
      ${m.allowCreditBalance || m.usedDelta >= 0 ? stmt`` : stmt`and used + ${m.usedDelta} >= 0`}
      and (credit_limit + ${m.limitDelta}) - (used + ${m.usedDelta}) >= 0
      and credit_limit + ${m.limitDelta} between 0 and ${MAX_BALANCE_MINOR}
      ${m.requireActive ? stmt`and status = 'active'` : stmt``}
      ${m.requireCurrency !== undefined ? stmt`and currency = ${m.requireCurrency}` : stmt``}
    returning *`,
  );
  return rows[0];
}

/**
 * Appends the ledger entry for a move just made by moveCredit: `account` is the row it
 * returned, so balance_after is the available credit after this very change and seq is the
 * account's new ledger_seq — entries chain in the order their UPDATEs were serialized.
 */
export async function appendEntry(
  trx: Transaction<Database>,
  account: CreditAccountRow,
  e: {
    type: CreditTransactionType;
    amount: number;
    orderNo: string | null;
    description: string;
    now: string;
    referenceNo?: string;
  },
): Promise<CreditTransactionRow> {
  const balanceAfter = account.credit_limit - account.used;
  const row: CreditTransactionRow = {
    reference_no: e.referenceNo ?? newId('CTX'),
    merchant_id: account.merchant_id,
    seq: account.ledger_seq,
    type: e.type,
    amount: e.amount,
    balance_before: balanceAfter - e.amount,
    balance_after: balanceAfter,
    currency: account.currency,
    order_no: e.orderNo,
    description: e.description,
    created_at: e.now,
  };
  await runSql(
    trx,
    stmt`insert into credit_transactions
    (reference_no, merchant_id, seq, type, amount, balance_before, balance_after, currency, order_no,
      description, created_at)
    values (${row.reference_no}, ${row.merchant_id}, ${row.seq}, ${row.type}, ${row.amount},
      ${row.balance_before}, ${row.balance_after}, ${row.currency}, ${row.order_no}, ${row.description},
      ${row.created_at})`,
  );
  afterCommit(trx, () => countLedgerEntry(row.type));
  return row;
}

/**
 * Claims a console credit entry's idempotency key for the entry about to be made (`referenceNo`):
 * true when the key is new. On PostgreSQL a racing claim of the same key waits for the first
 * unit's commit and then finds it taken; a unit that rolls back releases its claim.
 */
export async function claimEntryRequest(
  trx: Transaction<Database>,
  r: { merchantId: string; idempotencyKey: string; referenceNo: string; now: string },
): Promise<boolean> {
  const claimed = await trx
    .insertInto('credit_entry_requests')
    .values({
      merchant_id: r.merchantId,
      idempotency_key: r.idempotencyKey,
      reference_no: r.referenceNo,
      created_at: r.now,
    })
    .onConflict((oc) => oc.columns(['merchant_id', 'idempotency_key']).doNothing())
    .returning('reference_no')
    .executeTakeFirst();
  return claimed !== undefined;
}

/** The ledger entry an idempotency key made for this merchant. */
export function entryOfRequest(
  db: Db,
  merchantId: string,
  idempotencyKey: string,
): Promise<CreditTransactionRow | undefined> {
  return db
    .selectFrom('credit_entry_requests as r')
    .innerJoin('credit_transactions as t', 't.reference_no', 'r.reference_no')
    .selectAll('t')
    .where('r.merchant_id', '=', merchantId)
    .where('r.idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

export async function setAccountStatus(
  trx: Transaction<Database>,
  merchantId: string,
  status: 'active' | 'frozen',
  now: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('credit_accounts')
    .set({ status, updated_at: now })
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * The condition of the partial index `credit_transactions_not_orders` (migration
 * 2026-11-30-ledger-not-orders-index), as written there: SQLite uses a partial index only for a
 * query that states its term literally, so a filter to types that are not orders adds it.
 */
export const NOT_ORDERS = sql<boolean>`type <> 'order'`;

/**
 * How many order debits the merchant's chain holds up to entry `upTo`: the chain is numbered 1, 2, …
 * with no gap, so `upTo` less the other entries, which the partial index counts.
 */
export async function countOrderEntries(db: Db, merchantId: string, upTo: number): Promise<number> {
  const others = await db
    .selectFrom('credit_transactions')
    .where('merchant_id', '=', merchantId)
    .where(NOT_ORDERS)
    .where('seq', '<=', upTo)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return upTo - Number(others.n);
}

/**
 * How many orders the merchant has placed, without walking them: each order is recorded with
 * exactly one `order` debit, in the transaction that records the order (ops/ledger-check.ts
 * verifies it), so its chain's order entries count them.
 */
export async function countMerchantOrders(db: Db, merchantId: string): Promise<number> {
  const account = await findAccount(db, merchantId);
  return account ? countOrderEntries(db, merchantId, account.ledger_seq) : 0;
}

/**
 * One page of a merchant's ledger, newest first, through the (merchant_id, seq) index. The
 * unfiltered total is the account's `ledger_seq`: entries are numbered 1, 2, … by the very
 * UPDATE that moves the money (moveCredit + appendEntry), so no count(*) walks the ledger; of one
 * type, the partial index finds and counts what is not an order, and orders are the rest.
 */
export async function listEntries(
  db: Db,
  merchantId: string,
  p: {
    page: number;
    pageSize: number;
    type?: CreditTransactionType | undefined;
    /** Keyset: only entries older than this one (the total still counts them all). */
    beforeSeq?: number | undefined;
  },
): Promise<{ rows: CreditTransactionRow[]; total: number }> {
  let base = db.selectFrom('credit_transactions').where('merchant_id', '=', merchantId);
  if (p.type) base = base.where('type', '=', p.type);
  const rare = p.type !== undefined && p.type !== 'order';
  if (rare) base = base.where(NOT_ORDERS);
  const rows = p.beforeSeq === undefined ? base : base.where('seq', '<', p.beforeSeq);
  const count = rare
    ? base.select((eb) => eb.fn.countAll<number>().as('n'))
    : p.type === 'order'
      ? () => countMerchantOrders(db, merchantId)
      : async () => (await findAccount(db, merchantId))?.ledger_seq ?? 0;
  return paginate(rows.selectAll().orderBy('seq', 'desc'), count, p);
}

/** The whole chain, oldest first (for audits and tests). */
export function allEntries(db: Db, merchantId: string): Promise<CreditTransactionRow[]> {
  return db
    .selectFrom('credit_transactions')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy('seq', 'asc')
    .execute();
}
