import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from './database.ts';

/**
 * One page of a list query plus the total it pages through: the shape every list endpoint needs
 * (bend-v1.md `Page<T>`). The caller builds the filtered query once and hands in its ordered
 * select and its count, so filters can never differ between the two.
 */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/**
 * The total: the filtered query's `count(*) as n`, a function that knows it without counting
 * the rows (a merchant's ledger is numbered without gaps, its orders are its order debits), or
 * a count that stops at COUNT_CAP (countCapped).
 */
export type PageTotal =
  | { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }
  | (() => Promise<number>)
  | CappedCount;

/** A page's rows and total; `total_capped`: there are more than `total` (a CappedCount). */
export interface PageRows<Row> {
  rows: Row[];
  total: number;
  total_capped?: true;
}

export async function paginate<Row>(
  ordered: { limit(n: number): { offset(n: number): { execute(): Promise<Row[]> } } },
  count: PageTotal,
  p: PageRequest,
): Promise<PageRows<Row>> {
  const [rows, total] = await Promise.all([
    ordered
      .limit(p.pageSize)
      .offset((p.page - 1) * p.pageSize)
      .execute(),
    typeof count === 'function'
      ? count().then((n) => ({ total: n }))
      : 'upToCap' in count
        ? count.upToCap().then(cappedTotal)
        : count.executeTakeFirstOrThrow().then((r) => ({ total: Number(r.n) })),
  ]);
  return { rows, ...total };
}

/**
 * The lists people page through in the web app (the console's orders and audit log, a merchant's
 * filtered orders, the webhook event log) count at most this many matching rows: past it the page
 * says `total_capped` ("more than 1,000"), and a count costs the same at a million rows as at a
 * thousand, where a plain `count(*)` walks every match on each page view. The B-End's totals stay
 * exact (bend-v1).
 */
export const COUNT_CAP = 1000;

/** A count that stops past COUNT_CAP: `upToCap` counts at most COUNT_CAP + 1 matches. */
export interface CappedCount {
  upToCap(): Promise<number>;
}

/** The matching rows of `filtered`, counted by `paginate` only up to COUNT_CAP (+ 1, to know of more). */
export function countCapped(
  db: Kysely<Database>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table's filtered select
  filtered: SelectQueryBuilder<Database, any, object>,
): CappedCount {
  return {
    upToCap: async () => {
      const r = await db
        .selectFrom(
          filtered
            .select(sql.lit(1).as('one'))
            .limit(COUNT_CAP + 1)
            .as('matching'),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}

/** A CappedCount's result as a page's total: COUNT_CAP and `total_capped` past it. */
export function cappedTotal(counted: number): { total: number; total_capped?: true } {
  return counted > COUNT_CAP ? { total: COUNT_CAP, total_capped: true } : { total: counted };
}
