/**
 * The one ledger invariant check (bend-v1.md "Credit ledger"): on the stored rows through
 * src/ops/ledger-check.ts (what `tradepost verify` runs: chain, seq, used, one debit and at most
 * one refund per order), and on the wire DTOs the credit service answers with, which must chain
 * the same way in 2-decimal money.
 *
 * Every caller can reach both: the service suites pass `{ db: opened.db, services }`, the
 * server suites their running server's context (`server.running.ctx`).
 */
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import type { CreditTransaction } from '../../src/modules/credit/credit.service.ts';
import { checkLedger } from '../../src/ops/ledger-check.ts';
import type { Services } from '../../src/services.ts';
import { cents } from './money.ts';

export interface LedgerSource {
  readonly db: Kysely<Database>;
  readonly services: Pick<Services, 'credit'>;
}

/** Every ledger entry of `merchantId` as the credit service lists it (newest first), all pages. */
export async function listAllTransactions(
  source: LedgerSource,
  merchantId: string,
): Promise<CreditTransaction[]> {
  const items: CreditTransaction[] = [];
  for (let page = 1; ; page++) {
    const p = await source.services.credit.listTransactions(merchantId, { page, page_size: 100 });
    items.push(...p.items);
    if (p.items.length === 0 || items.length >= p.total) {
      expect(items).toHaveLength(p.total);
      return items;
    }
  }
}

export async function expectLedgerConsistent(source: LedgerSource, merchantId: string): Promise<void> {
  // The stored rows: the one definition the CLI's `verify` uses too (src/ops/ledger-check.ts).
  const report = await checkLedger(source.db, { merchantId });
  expect(report.problem).toBeNull();
  expect(report.accounts).toBe(1);
  const entries = await source.db
    .selectFrom('credit_transactions')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy('seq', 'asc')
    .execute();
  const account = await source.db
    .selectFrom('credit_accounts')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .executeTakeFirstOrThrow();
  const available = account.credit_limit - account.used;

  // The wire DTOs: the same entries, newest first, in 2-decimal money that chains the same way.
  const credit = await source.services.credit.get(merchantId);
  expect(cents(credit.credit_limit)).toBe(account.credit_limit);
  expect(cents(credit.used)).toBe(account.used);
  expect(cents(credit.available)).toBe(available);
  expect(cents(credit.available)).toBeGreaterThanOrEqual(0);
  const listed = await listAllTransactions(source, merchantId);
  const oldestFirst = [...listed].reverse();
  expect(oldestFirst.map((t) => t.reference_no)).toEqual(entries.map((e) => e.reference_no));
  oldestFirst.forEach((t, i) => {
    expect([cents(t.balance_before), cents(t.amount), cents(t.balance_after)]).toEqual([
      entries[i]!.balance_before,
      entries[i]!.amount,
      entries[i]!.balance_after,
    ]);
    expect(cents(t.balance_after), `entry ${i} does not add up`).toBe(
      cents(t.balance_before) + cents(t.amount),
    );
    expect(cents(t.balance_after)).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(t.balance_before, `chain broken at entry ${i}`).toBe(oldestFirst[i - 1]!.balance_after);
  });
  expect(listed[0]?.balance_after ?? '0.00').toBe(credit.available);
  expect(listed.reduce((s, t) => s + cents(t.amount), 0)).toBe(cents(credit.available));
}

/** The order_no of each of a merchant's order debits, straight from the table (one per debit). */
export async function orderDebits(db: Kysely<Database>, merchantId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('credit_transactions')
    .select('order_no')
    .where('merchant_id', '=', merchantId)
    .where('type', '=', 'order')
    .execute();
  return rows.map((r) => r.order_no!);
}
