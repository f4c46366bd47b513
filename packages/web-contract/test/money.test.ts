import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ENTRY_DESCRIPTIONS,
  MAX_BALANCE_MINOR,
  entryNote,
  creditAfterEntry,
  creditEntryBody,
  creditEntryRefusal,
  creditEntryRefusalText,
  formatMoney,
  moneyInput,
  parseMoney,
  zodFields,
  type CreditEntryType,
} from '../src/index.ts';

describe('money', () => {
  it('parses and formats through the digits', () => {
    expect(parseMoney('12.3')).toBe(1230);
    expect(parseMoney(' -0.05 ')).toBe(-5);
    expect(Object.is(parseMoney('-0.00'), 0)).toBe(true);
    expect(parseMoney('9999999999999.99')).toBe(MAX_BALANCE_MINOR);
    for (const bad of ['', '1.234', '1e3', '10000000000000', '0x10', '1,00'])
      expect(parseMoney(bad)).toBeNull();
    expect(formatMoney(1230)).toBe('12.30');
    expect(formatMoney(-5)).toBe('-0.05');
    expect(() => formatMoney(0.5)).toThrow(RangeError);
  });

  it('a form amount too long to hold reads as too large, not as no amount', () => {
    const issues = (text: string) => {
      const r = moneyInput.safeParse(text);
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(issues('9999999999999.99')).toEqual([]);
    expect(issues('99999999999999999999')).toEqual(['must be at most 9999999999999.99']);
    for (const bad of ['abc', '1.234', '1,000', '１２', '-10000000000000'])
      expect(issues(bad)).toEqual(['must be an amount like 12.30']);
  });
});

describe('credit entry rules', () => {
  // Limit 100.00, 60.00 used, 40.00 available.
  const line = { creditLimit: 10_000, used: 6_000 };
  const refusal = (type: CreditEntryType, amount: number, l = line) =>
    creditEntryRefusal(l, { type, amount })?.id ?? null;

  it('a repayment or a positive adjustment lowers used, never below 0', () => {
    expect(creditAfterEntry(line, { type: 'repayment', amount: 1_000 })).toEqual({
      creditLimit: 10_000,
      used: 5_000,
    });
    expect(refusal('repayment', 6_000)).toBeNull();
    expect(refusal('repayment', 6_001)).toBe('exceedsUsed');
    expect(refusal('adjustment', 6_001)).toBe('exceedsUsed');
    expect(refusal('repayment', -1)).toBe('repaymentPositive');
    expect(refusal('repayment', 0)).toBe('notZero');
    // A credit balance (a refund after repaying) is not repaid further.
    expect(refusal('repayment', 1, { creditLimit: 10_000, used: -500 })).toBe('exceedsUsed');
  });

  it('a negative adjustment keeps available ≥ 0', () => {
    expect(refusal('adjustment', -4_000)).toBeNull();
    expect(refusal('adjustment', -4_001)).toBe('exceedsAvailable');
  });

  it('a limit change keeps the limit in 0..MAX and not below used', () => {
    expect(creditAfterEntry(line, { type: 'limit_change', amount: -4_000 })).toEqual({
      creditLimit: 6_000,
      used: 6_000,
    });
    expect(refusal('limit_change', -4_000)).toBeNull();
    expect(refusal('limit_change', -4_001)).toBe('limitBelowUsed');
    expect(refusal('limit_change', -10_001, { creditLimit: 10_000, used: -500 })).toBe('limitBelowZero');
    expect(refusal('limit_change', MAX_BALANCE_MINOR - 10_000)).toBeNull();
    expect(refusal('limit_change', MAX_BALANCE_MINOR - 9_999)).toBe('limitAboveMax');
  });

  it('a refusal reads as the catalog message the server sends', () => {
    const r = creditEntryRefusal(line, { type: 'repayment', amount: 6_001 });
    expect(r && creditEntryRefusalText(r)).toBe('exceeds the used credit (60.00)');
  });

  it("the console's check: the form's shape, then the rules against the figures shown", () => {
    const ruled = (amount: string) => {
      expect(creditEntryBody.safeParse({ type: 'adjustment', amount, note: 'n' }).success).toBe(true);
      const refusal = creditEntryRefusal(line, { type: 'adjustment', amount: parseMoney(amount)! });
      return refusal && creditEntryRefusalText(refusal);
    };
    expect(ruled('-40.01')).toBe('exceeds the available credit (40.00)');
    expect(ruled('-40.00')).toBeNull();
    // A malformed amount gets the shape's message alone.
    const bad = creditEntryBody.safeParse({ type: 'repayment', amount: '1.234', note: 'n' });
    expect(bad.success || zodFields(bad.error)).toEqual({ amount: 'must be an amount like 12.30' });
  });
});

describe('ledger entry notes', () => {
  it("an operator's note on a money movement; not an order's, a refund's or a default text", () => {
    expect(entryNote({ type: 'repayment', description: 'wire 123' })).toBe('wire 123');
    expect(entryNote({ type: 'limit_change', description: DEFAULT_ENTRY_DESCRIPTIONS.opening })).toBeNull();
    expect(entryNote({ type: 'adjustment', description: DEFAULT_ENTRY_DESCRIPTIONS.adjustment })).toBeNull();
    expect(entryNote({ type: 'order', description: 'Order ORD1: 1 × S1 @ 2.00 USD' })).toBeNull();
    expect(entryNote({ type: 'refund', description: 'Refund of ORD1 (cancelled)' })).toBeNull();
  });
});
