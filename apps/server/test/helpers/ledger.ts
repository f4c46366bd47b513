/**
 * The one ledger invariant check (bend-v1.md "Credit ledger"), on the stored rows and on the
 * wire DTOs the credit service answers with:
 *
 * - every entry balances: balance_after = balance_before + amount;
 * - each entry starts where the previous one ended, from 0, and seq has no gaps;
 * - the last entry ends at the account's available credit (credit_limit − used);
 * - the entries sum to that available credit, and by kind: the limit changes sum to the limit;
 * - nothing is below zero: not the available credit, not any entry's balance.
 *
 * Every caller can reach both: the service suites pass `{ db: opened.db, services }`, the
 * server suites their running server's context (`server.running.ctx`).
 */
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import type { CreditTransaction } from '../../src/modules/credit/credit.service.ts';
import type { Services } from '../../src/services.ts';
import { cents } from './money.ts';

export interface LedgerSource {
  readonly db: Kysely<Database>;
  readonly services: Pick<Services, 'credit'>;
}

const LEDGER_TYPES = ['limit_change', 'order', 'refund', 'repayment', 'adjustment'] as const;

/** Every ledger entry of `merchantId` as the credit service lists it (newest first), all pages. */
export async function listAllTransactions(source: LedgerSource, merchantId: string): Promise<CreditTransaction[]> {
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
  // The stored rows.
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
  expect(available).toBeGreaterThanOrEqual(0);
  let previous = 0;
  entries.forEach((e, i) => {
    expect(e.seq).toBe(i + 1);
    expect(e.balance_before).toBe(previous);
    expect(e.balance_after).toBe(e.balance_before + e.amount);
    expect(e.balance_after).toBeGreaterThanOrEqual(0);
    previous = e.balance_after;
  });
  expect(account.ledger_seq).toBe(entries.length);
  expect(previous).toBe(available);
  expect(entries.reduce((sum, e) => sum + e.amount, 0)).toBe(available);
  // By kind: limit changes − debits + credits = available, and nothing of any other kind.
  const byType = (t: string) => entries.filter((e) => e.type === t).reduce((s, e) => s + e.amount, 0);
  expect(entries.map((e) => e.type).filter((t) => !(LEDGER_TYPES as readonly string[]).includes(t))).toEqual([]);
  expect(LEDGER_TYPES.reduce((s, t) => s + byType(t), 0)).toBe(available);
  expect(byType('limit_change')).toBe(account.credit_limit);

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
    expect(cents(t.balance_after), `entry ${i} does not add up`).toBe(cents(t.balance_before) + cents(t.amount));
    expect(cents(t.balance_after)).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(t.balance_before, `chain broken at entry ${i}`).toBe(oldestFirst[i - 1]!.balance_after);
  });
  expect(listed[0]?.balance_after ?? '0.00').toBe(credit.available);
  expect(listed.reduce((s, t) => s + cents(t.amount), 0)).toBe(cents(credit.available));
}
