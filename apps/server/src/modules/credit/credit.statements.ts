import type { CreditTransaction, CreditTransactionType } from '@tradepost/protocol';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { paginate, type PageTotal } from '../../db/paginate.ts';
import { formatMoney } from '../../shared/money.ts';
import { lowerBound, upperBoundExclusive } from '../../shared/time.ts';
import type { Page } from '../../shared/validation.ts';
import { countOrderEntries, NOT_ORDERS } from './credit.repository.ts';
import { toCreditTransaction } from './credit.service.ts';

/**
 * Read-only views of one merchant's ledger for the portal and the console: filtered pages, the
 * same filter streamed (CSV export of any size in constant memory), and the daily spend series.
 * The filter is applied by one builder, so the table and its export can never disagree.
 */
export interface LedgerFilter {
  types?: readonly CreditTransactionType[] | undefined;
  /**
   * Inclusive bounds, each a day `YYYY-MM-DD` (the whole UTC day) or an ISO instant with a zone
   * (the web app sends its reader's local days so), compared in stored UTC form.
   */
  from?: string | undefined;
  to?: string | undefined;
  /** Only one order's entries (its debit and refund). */
  orderNo?: string | undefined;
}

/**
 * How far an entry's `created_at` may run ahead of a later entry's (created_at is taken when the
 * request began, seq under the account's lock when it commits): a `from` bound is widened by this
 * to find where in the chain the range begins, then applied exactly.
 */
const CLOCK_SLACK_MS = 3_600_000;

const shifted = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * The newest entry of the merchant's chain created before `iso` (0 when none), as a subquery.
 * Found walking the chain back from its newest entry: it costs the entries after that instant,
 * not the ledger. Every entry created before `iso` lies at or below it; every entry created at or
 * after `iso` + CLOCK_SLACK_MS lies above it.
 */
function lastSeqBefore(db: Kysely<Database>, merchantId: string, iso: string) {
  return sql<number>`coalesce((${db
    .selectFrom('credit_transactions as b')
    .select('b.seq')
    .where('b.merchant_id', '=', merchantId)
    .where('b.created_at', '<', iso)
    .orderBy('b.seq', 'desc')
    .limit(1)}), 0)`;
}

function filtered(db: Kysely<Database>, merchantId: string, f: LedgerFilter) {
  let q = db.selectFrom('credit_transactions').where('merchant_id', '=', merchantId);
  if (f.types && f.types.length > 0) q = q.where('type', 'in', [...f.types]);
  // Types that are all in the partial index (a filter to orders walks the chain, mostly them).
  if (f.types?.length && !f.types.includes('order')) q = q.where(NOT_ORDERS);
  // A date bound also bounds the chain (lastSeqBefore), so the range costs its own entries and those
  // after it, not the ledger before it.
  if (f.from) {
    const from = lowerBound(f.from);
    q = q
      .where('created_at', '>=', from)
      .where('seq', '>', lastSeqBefore(db, merchantId, shifted(from, -CLOCK_SLACK_MS)));
  }
  if (f.to) {
    const to = upperBoundExclusive(f.to);
    q = q.where('created_at', '<', to).where('seq', '<=', lastSeqBefore(db, merchantId, to));
  }
  if (f.orderNo) q = q.where('order_no', '=', f.orderNo);
  return q;
}

/**
 * A page of the ledger as it stood at entry `asOf` (default: the newest entry now), so that the
 * pages of one reading hold still while orders keep adding entries: page 2 neither repeats an entry
 * of page 1 nor skips one. `newer`: the matching entries after `asOf`, for a "newer entries" notice.
 */
export async function ledgerPage(
  db: Kysely<Database>,
  merchantId: string,
  f: LedgerFilter,
  p: { page: number; pageSize: number; asOf?: number | undefined },
): Promise<Page<CreditTransaction> & { as_of: number | null; newer: number }> {
  const asOf = p.asOf ?? (await newestSeq(db, merchantId));
  const q = filtered(db, merchantId, f);
  const upTo = asOf === null ? q : q.where('seq', '<=', asOf);
  const count = (qb: typeof q) => qb.select((eb) => eb.fn.countAll<number>().as('n'));
  const [{ rows, total }, newer] = await Promise.all([
    paginate(upTo.selectAll().orderBy('seq', 'desc'), countUpTo(db, merchantId, f, asOf, count(upTo)), p),
    asOf === null
      ? 0
      : count(q.where('seq', '>', asOf))
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n)),
  ]);
  return {
    items: rows.map(toCreditTransaction),
    page: p.page,
    page_size: p.pageSize,
    total,
    as_of: asOf,
    newer,
  };
}

/**
 * How many entries match `f` up to `asOf`, without counting the chain where it can be avoided: the
 * chain is numbered 1, 2, 3… with no gap, so the whole ledger up to `asOf` is `asOf` entries, and
 * its order debits are countOrderEntries. Else `counted`.
 */
function countUpTo(
  db: Kysely<Database>,
  merchantId: string,
  f: LedgerFilter,
  asOf: number | null,
  counted: PageTotal,
): PageTotal {
  const types = f.types ?? [];
  if (f.from || f.to || f.orderNo || asOf === null) return counted;
  if (types.length === 0) return async () => asOf;
  if (types.length === 1 && types[0] === 'order') return () => countOrderEntries(db, merchantId, asOf);
  return counted;
}

/** The merchant's newest ledger entry's `seq` (the chain's unique index answers it), or null. */
async function newestSeq(db: Kysely<Database>, merchantId: string): Promise<number | null> {
  const row = await db
    .selectFrom('credit_transactions')
    .where('merchant_id', '=', merchantId)
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return row?.seq === null || row?.seq === undefined ? null : Number(row.seq);
}

/**
 * The newest `limit` matching entries, with no total: for the lists that show "the latest N"
 * (dashboard, credit history), where a page's count query would be paid for and thrown away.
 */
export async function ledgerLatest(
  db: Kysely<Database>,
  merchantId: string,
  f: LedgerFilter,
  limit: number,
): Promise<CreditTransaction[]> {
  const rows = await filtered(db, merchantId, f).selectAll().orderBy('seq', 'desc').limit(limit).execute();
  return rows.map(toCreditTransaction);
}

/**
 * Every matching entry, newest first (the table's order), fetched in keyset chunks: memory stays
 * one chunk whatever the ledger's size, and entries appended meanwhile (higher seq) are not mixed
 * into a running export.
 */
export async function* ledgerEntries(
  db: Kysely<Database>,
  merchantId: string,
  f: LedgerFilter,
  chunk = 500,
): AsyncGenerator<CreditTransaction> {
  let before: number | null = null;
  for (;;) {
    let q = filtered(db, merchantId, f).selectAll();
    if (before !== null) q = q.where('seq', '<', before);
    const rows = await q.orderBy('seq', 'desc').limit(chunk).execute();
    for (const r of rows) yield toCreditTransaction(r);
    if (rows.length < chunk) return;
    before = Number(rows[rows.length - 1]!.seq);
  }
}

const DAY_MS = 86_400_000;

/** Midnight UTC of the day `at` falls in. */
const dayStart = (at: number) => at - (((at % DAY_MS) + DAY_MS) % DAY_MS);

/**
 * Net spend per UTC day of the entries created from `from` on (before `to` when given): order
 * debits less refunds, as the ledger signs them (debits negative), keyed by `YYYY-MM-DD`.
 */
async function netByDay(
  db: Kysely<Database>,
  merchantId: string,
  from: number,
  to: number | null,
): Promise<Map<string, number>> {
  let q = db
    .selectFrom('credit_transactions')
    .select((eb) => [
      eb.fn<string>('substr', ['created_at', eb.val(1), eb.val(10)]).as('day'),
      eb.fn.sum<number | string>('amount').as('net'),
    ])
    .where('merchant_id', '=', merchantId)
    .where('type', 'in', ['order', 'refund'])
    .where('created_at', '>=', new Date(from).toISOString())
    // The days' part of the chain only, not the ledger before them (as `filtered`'s `from`).
    .where('seq', '>', lastSeqBefore(db, merchantId, new Date(from - CLOCK_SLACK_MS).toISOString()));
  if (to !== null) q = q.where('created_at', '<', new Date(to).toISOString());
  const rows = await q.groupBy('day').execute();
  return new Map(rows.map((r) => [r.day, Number(r.net)]));
}

export type SpendSeries = (
  merchantId: string,
  days: number,
  now?: Date,
) => Promise<Array<{ date: string; amount: string }>>;

/**
 * Net spend per UTC day for the last `days` days (today included), oldest first, every day
 * present: order debits less refunds, positive; below zero on a day whose refunds (of orders
 * placed before it) outweigh its orders, so the chart shows the refunds rather than a quiet day.
 *
 * A day is closed once CLOCK_SLACK_MS have passed since it ended: no entry committed later can be
 * dated in it, and the ledger is append-only, so its sum never changes. The closed days' sums are
 * kept per merchant (the latest `maxMerchants` asked for) until the next day closes; each call
 * reads only the open days' entries, so its cost follows today's entries, not the 30 days'.
 */
export function createSpendSeries(db: Kysely<Database>, maxMerchants = 10_000): SpendSeries {
  const closed = new Map<string, { key: string; net: Map<string, number> }>();
  return async (merchantId, days, now = new Date()) => {
    const first = dayStart(now.getTime()) - (days - 1) * DAY_MS;
    const open = Math.max(first, dayStart(now.getTime() - CLOCK_SLACK_MS));
    const key = `${first}:${open}`;
    let known = closed.get(merchantId);
    closed.delete(merchantId);
    if (known?.key !== key)
      known = { key, net: open > first ? await netByDay(db, merchantId, first, open) : new Map() };
    closed.set(merchantId, known);
    if (closed.size > maxMerchants) closed.delete(closed.keys().next().value!);
    const recent = await netByDay(db, merchantId, open, null);
    const out: Array<{ date: string; amount: string }> = [];
    for (let i = 0; i < days; i++) {
      const date = new Date(first + i * DAY_MS).toISOString().slice(0, 10);
      // Debits are negative in the ledger: spend is their negation.
      out.push({ date, amount: formatMoney(-(known.net.get(date) ?? recent.get(date) ?? 0)) });
    }
    return out;
  };
}
