import type { Credit, CreditExposure } from '@tradepost/web-contract';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { formatMoney } from '../../shared/money.ts';
import { toCredit, utilizationPercent } from './credit.service.ts';

/**
 * An exact sum of a bigint column over every account. Each amount is summed in two parts, its
 * billions of minor units and the rest: neither part's sum can overflow (SQLite's sum() of 64-bit
 * integers throws past 2^63, and any sum past 2^53 is no exact JavaScript number), and the two
 * are joined as a bigint. Both databases truncate `/` and `%` towards zero, so high·10⁹ + low is
 * the amount for a negative one too.
 */
const PART = 1_000_000_000;
const exactSum = (expr: ReturnType<typeof sql.raw>) => ({
  high: sql<string>`cast(sum(${expr} / ${sql.lit(PART)}) as text)`,
  low: sql<string>`cast(sum(${expr} % ${sql.lit(PART)}) as text)`,
});
const joined = (high: string | null, low: string | null): bigint =>
  BigInt(high ?? '0') * BigInt(PART) + BigInt(low ?? '0');

const limit = exactSum(sql.raw('credit_limit'));
// A merchant in credit (used < 0, after a refund of a repaid order) owes nothing: counts 0.
const drawn = exactSum(sql.raw('(case when used > 0 then used else 0 end)'));

/** The credit granted and drawn in each currency, by currency code. Reads every account once. */
export async function creditExposure(db: Kysely<Database>): Promise<CreditExposure[]> {
  const rows = await db
    .selectFrom('credit_accounts')
    .select((eb) => [
      'currency',
      eb.fn.countAll<number>().as('accounts'),
      limit.high.as('limit_high'),
      limit.low.as('limit_low'),
      drawn.high.as('drawn_high'),
      drawn.low.as('drawn_low'),
      sql<number>`sum(case when status = 'frozen' then 1 else 0 end)`.as('frozen'),
    ])
    .groupBy('currency')
    .orderBy('currency')
    .execute();
  return rows.map((r) => {
    const creditLimit = joined(r.limit_high, r.limit_low);
    const drawnSum = joined(r.drawn_high, r.drawn_low);
    return {
      currency: r.currency,
      accounts: Number(r.accounts),
      credit_limit: formatMoney(creditLimit),
      drawn: formatMoney(drawnSum),
      utilization_percent: utilizationPercent(drawnSum, creditLimit),
      frozen: Number(r.frozen),
    };
  });
}

/** The `n` merchants using the largest share of their line (something drawn), most first. */
export async function mostUtilized(
  db: Kysely<Database>,
  n: number,
): Promise<Array<{ merchant_id: string; name: string; credit: Credit }>> {
  const rows = await db
    .selectFrom('credit_accounts as a')
    .innerJoin('merchants as m', 'm.merchant_id', 'a.merchant_id')
    .selectAll('a')
    .select('m.name')
    .where('a.used', '>', 0)
    .where('a.credit_limit', '>', 0)
    // As a real number on both databases (integer division would make every share 0).
    .orderBy(sql`cast(a.used as double precision) / a.credit_limit`, 'desc')
    .orderBy('a.merchant_id')
    .limit(n)
    .execute();
  return rows.map((r) => ({ merchant_id: r.merchant_id, name: r.name, credit: toCredit(r) }));
}
