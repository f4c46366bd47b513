/**
 * The ledger invariants on crafted rows: each rule breaks on exactly the row that breaks it, and
 * names it. (verify.e2e.test.ts runs the same check on real databases through the CLI.)
 */
import { describe, expect, it } from 'vitest';
import { checkAccount } from '../../src/ops/ledger-check.ts';

const account = { merchant_id: 'M1', currency: 'USD', credit_limit: 10_000, used: 3_000, ledger_seq: 4 };
const entry = (seq: number, type: string, amount: number, before: number, orderNo: string | null = null) => ({
  seq,
  type,
  amount,
  balance_before: before,
  balance_after: before + amount,
  currency: 'USD',
  order_no: orderNo,
  reference_no: `CTX${seq}`,
});
describe('checkAccount', () => {
  // Base case with a real refund: O3 (5.00) debited, cancelled, refunded.
  const base = () => {
    const entries = [
      entry(1, 'limit_change', 10_000, 0),
      entry(2, 'order', -2_000, 10_000, 'O1'),
      entry(3, 'order', -500, 8_000, 'O3'),
      entry(4, 'refund', 500, 7_500, 'O3'),
    ];
    const os = [
      {
        order_no: 'O1',
        amount: 2_000,
        status: 'pending',
        credit_reference_no: 'CTX2',
        refund_reference_no: null,
      },
      {
        order_no: 'O3',
        amount: 500,
        status: 'cancelled',
        credit_reference_no: 'CTX3',
        refund_reference_no: 'CTX4',
      },
    ];
    return { account: { ...account, used: 2_000 }, entries, os };
  };

  it('accepts a consistent account (debits, a refund of a cancelled order)', () => {
    const { account: a, entries, os } = base();
    expect(checkAccount(a, entries, os)).toBeNull();
  });

  it('names a broken chain by its entry', () => {
    const { account: a, entries, os } = base();
    entries[2] = { ...entries[2]!, balance_before: 7_999, balance_after: 7_499 };
    expect(checkAccount(a, entries, os)).toMatchObject({ invariant: 'chain', merchantId: 'M1', seq: 3 });
  });

  it('finds an entry that does not add up, and a gap in seq', () => {
    const { account: a, entries, os } = base();
    expect(checkAccount(a, [entries[0]!, { ...entries[1]!, balance_after: 1 }], os)).toMatchObject({
      invariant: 'entry',
      seq: 2,
    });
    expect(checkAccount(a, [entries[0]!, { ...entries[1]!, seq: 3 }], os)).toMatchObject({
      invariant: 'seq',
      seq: 3,
    });
  });

  it('finds `used` disagreeing with the entries', () => {
    const { account: a, entries, os } = base();
    const p = checkAccount({ ...a, used: 2_100 }, entries, os);
    expect(p).toMatchObject({ invariant: 'available' });
    expect(p!.message).toContain('used 21.00');
  });

  it('finds an order without its debit, or with two', () => {
    const { account: a, entries, os } = base();
    const lost = checkAccount(a, entries, [
      ...os,
      { order_no: 'O9', amount: 1, status: 'pending', credit_reference_no: 'X', refund_reference_no: null },
    ]);
    expect(lost).toMatchObject({ invariant: 'debit', orderNo: 'O9' });
    expect(lost!.message).toContain('0 debit entries');
    // A second debit for O1, chained correctly: only the per-order rule can see it.
    const twice = [...entries, entry(5, 'order', -2_000, 7_500 + 500, 'O1')];
    const p = checkAccount({ ...a, used: 4_000, ledger_seq: 5 }, twice, os);
    expect(p).toMatchObject({ invariant: 'debit', orderNo: 'O1' });
  });

  it('finds a second refund, and a refund of an order that is not cancelled or failed', () => {
    const { account: a, entries, os } = base();
    const twice = [...entries, entry(5, 'refund', 500, 8_000, 'O3')];
    expect(checkAccount({ ...a, used: 1_500, ledger_seq: 5 }, twice, os)).toMatchObject({
      invariant: 'refund',
      orderNo: 'O3',
    });
    const shipped = os.map((o) => (o.order_no === 'O3' ? { ...o, status: 'shipped' } : o));
    const p = checkAccount(a, entries, shipped);
    expect(p).toMatchObject({ invariant: 'refund', orderNo: 'O3' });
    expect(p!.message).toContain('that is shipped');
  });

  it('finds a cancelled order that was never refunded', () => {
    const { account: a, entries, os } = base();
    const failed = os.map((o) => (o.order_no === 'O1' ? { ...o, status: 'failed' } : o));
    const p = checkAccount(a, entries, failed);
    expect(p).toMatchObject({ invariant: 'refund', orderNo: 'O1' });
    expect(p!.message).toContain('0 refund entries');
  });

  it('finds a refund for an order this merchant does not have', () => {
    const { account: a, entries, os } = base();
    const p = checkAccount(
      a,
      entries,
      os.filter((o) => o.order_no !== 'O3'),
    );
    expect(p).toMatchObject({ invariant: 'debit', orderNo: 'O3' });
    expect(p!.message).toContain('does not have');
  });
});
