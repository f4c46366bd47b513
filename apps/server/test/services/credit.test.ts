/** credit.get / adjust / setStatus / listTransactions on each database. */
import { expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import { utilizationPercent } from '../../src/modules/credit/credit.service.ts';
import type { Services } from '../../src/services.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { newMerchant, newProduct, orderRequest } from '../helpers/factories.ts';
import { expectLedgerConsistent } from '../helpers/ledger.ts';
import { codeOf, errorOf, useServices } from './fixtures.ts';

it('utilization_percent rounds down to 2 decimals, exactly: 100.00 only when nothing is left', () => {
  expect(utilizationPercent(0, 0)).toBe('0.00');
  expect(utilizationPercent(2350, 10000)).toBe('23.50');
  expect(utilizationPercent(1, 3)).toBe('33.33');
  expect(utilizationPercent(2, 3)).toBe('66.66');
  expect(utilizationPercent(1, 80000)).toBe('0.00');
  expect(utilizationPercent(1, 20000)).toBe('0.00'); // 0.005
  expect(utilizationPercent(9_999_500, 10_000_000)).toBe('99.99'); // 5.00 of 100,000.00 left
  expect(utilizationPercent(999_999_999_999_999, 999_999_999_999_999)).toBe('100.00');
});

describeEachDatabase('credit', (database) => {
  let opened: OpenedDatabase;
  let s: Services;
  useServices(database, (o, services) => {
    opened = o;
    s = services;
  });

  it('a new merchant starts with one limit_change entry from zero', async () => {
    const m = await newMerchant(s, '5000.00', 'EUR');
    expect(await s.credit.get(m.merchantId)).toEqual({
      currency: 'EUR',
      credit_limit: '5000.00',
      used: '0.00',
      available: '5000.00',
      utilization_percent: '0.00',
      status: 'active',
    });
    const page = await s.credit.listTransactions(m.merchantId, {});
    expect(page).toMatchObject({ page: 1, page_size: 20, total: 1 });
    expect(page.items[0]).toMatchObject({
      type: 'limit_change',
      amount: '5000.00',
      balance_before: '0.00',
      balance_after: '5000.00',
      currency: 'EUR',
      order_no: null,
    });
    expect(page.items[0]!.reference_no).toMatch(/^CTX/);
  });

  it('repayment lowers used; adjustment is signed; limit_change moves the limit by the delta', async () => {
    const m = await newMerchant(s, '100.00');
    const p = await newProduct(s, { price: '40.00' });
    await s.orders.create(m.merchantId, orderRequest(p, { quantity: 2 })); // used 80
    const rep = await s.credit.adjust(m.merchantId, {
      type: 'repayment',
      amount: '30.00',
      note: 'Wire 2026-11',
    });
    expect(rep).toMatchObject({
      type: 'repayment',
      amount: '30.00',
      balance_before: '20.00',
      balance_after: '50.00',
      description: 'Wire 2026-11',
    });
    const adjDown = await s.credit.adjust(m.merchantId, { type: 'adjustment', amount: '-5.25' });
    expect(adjDown).toMatchObject({ amount: '-5.25', balance_before: '50.00', balance_after: '44.75' });
    const adjUp = await s.credit.adjust(m.merchantId, { type: 'adjustment', amount: '0.25' });
    expect(adjUp).toMatchObject({ amount: '0.25', balance_after: '45.00' });
    const lim = await s.credit.adjust(m.merchantId, { type: 'limit_change', amount: '-40.00' });
    expect(lim).toMatchObject({
      type: 'limit_change',
      amount: '-40.00',
      balance_before: '45.00',
      balance_after: '5.00',
    });
    expect(await s.credit.get(m.merchantId)).toMatchObject({
      credit_limit: '60.00',
      used: '55.00',
      available: '5.00',
      utilization_percent: '91.66',
    });
    const all = await s.credit.listTransactions(m.merchantId, {});
    expect(all.items.map((t) => t.type)).toEqual([
      'limit_change',
      'adjustment',
      'adjustment',
      'repayment',
      'order',
      'limit_change',
    ]);
    expect((await s.credit.listTransactions(m.merchantId, { type: 'adjustment' })).total).toBe(2);
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  it('a ledger read by cursor while entries arrive: every entry once, none missed; offset pages repeat', async () => {
    const m = await newMerchant(s, '1000.00');
    const limitUp = () =>
      s.credit.adjust(m.merchantId, { type: 'limit_change', amount: '1.00' }).then((e) => e.reference_no);
    for (let i = 0; i < 11; i++) await limitUp();
    const all = (await s.credit.listTransactions(m.merchantId, { page_size: 100 })).items;
    expect(all).toHaveLength(12);

    const read: string[] = [];
    let page = await s.credit.listTransactions(m.merchantId, { page_size: 5 });
    expect(page).toMatchObject({ page: 1, total: 12 });
    for (;;) {
      read.push(...page.items.map((e) => e.reference_no));
      await limitUp(); // a new entry between two pages
      if (!page.next_cursor) break;
      page = await s.credit.listTransactions(m.merchantId, { page_size: 5, cursor: page.next_cursor });
      expect(page.page).toBe(0);
    }
    expect(read).toEqual(all.map((e) => e.reference_no));
    // The same walk by offset reads an entry twice for each one that arrived (why the cursor).
    const first = await s.credit.listTransactions(m.merchantId, { page_size: 5, page: 1 });
    await limitUp();
    const second = await s.credit.listTransactions(m.merchantId, { page_size: 5, page: 2 });
    expect(second.items[0]!.reference_no).toBe(first.items.at(-1)!.reference_no);

    for (const cursor of ['x', '-1', '1.5', '1'.repeat(16)])
      expect(await codeOf(() => s.credit.listTransactions(m.merchantId, { cursor }))).toBe(4001);
  });

  it('refuses what would break the invariants, changing nothing', async () => {
    const m = await newMerchant(s, '100.00');
    const p = await newProduct(s, { price: '60.00' });
    await s.orders.create(m.merchantId, orderRequest(p));
    const before = await s.credit.get(m.merchantId);
    expect(await codeOf(() => s.credit.adjust(m.merchantId, { type: 'repayment', amount: '60.01' }))).toBe(
      4001,
    );
    expect(await codeOf(() => s.credit.adjust(m.merchantId, { type: 'adjustment', amount: '-40.01' }))).toBe(
      2001,
    );
    expect(await codeOf(() => s.credit.adjust(m.merchantId, { type: 'adjustment', amount: '60.01' }))).toBe(
      4001,
    );
    expect(
      await codeOf(() => s.credit.adjust(m.merchantId, { type: 'limit_change', amount: '-40.01' })),
    ).toBe(4001);
    expect(await codeOf(() => s.credit.adjust(m.merchantId, { type: 'repayment', amount: '-1.00' }))).toBe(
      4001,
    );
    expect(await codeOf(() => s.credit.adjust(m.merchantId, { type: 'repayment', amount: '0.00' }))).toBe(
      4001,
    );
    expect(await codeOf(() => s.credit.adjust(m.merchantId, { type: 'repayment', amount: '1.234' }))).toBe(
      4001,
    );
    expect(
      await codeOf(() => s.credit.adjust(m.merchantId, { type: 'refund' as 'repayment', amount: '1.00' })),
    ).toBe(4001);
    expect(await s.credit.get(m.merchantId)).toEqual(before);
    expect((await s.credit.listTransactions(m.merchantId, {})).total).toBe(2);
    await expectLedgerConsistent({ db: opened.db, services: s }, m.merchantId);
  });

  it('freezing blocks orders but not repayments', async () => {
    const m = await newMerchant(s, '100.00');
    const p = await newProduct(s, { price: '10.00' });
    await s.orders.create(m.merchantId, orderRequest(p));
    expect((await s.credit.setStatus(m.merchantId, 'frozen')).status).toBe('frozen');
    expect(await codeOf(() => s.orders.create(m.merchantId, orderRequest(p)))).toBe(2001);
    expect((await s.credit.adjust(m.merchantId, { type: 'repayment', amount: '10.00' })).balance_after).toBe(
      '100.00',
    );
    expect((await s.credit.setStatus(m.merchantId, 'active')).status).toBe('active');
  });

  it('setStatus works when taken off the service (no `this`)', async () => {
    const m = await newMerchant(s, '100.00');
    const { setStatus } = s.credit;
    expect(await setStatus(m.merchantId, 'frozen')).toMatchObject({
      status: 'frozen',
      credit_limit: '100.00',
    });
    await setStatus(m.merchantId, 'active');
  });

  it('2001 for a merchant without an account; pagination validated', async () => {
    expect(await codeOf(() => s.credit.get('MCHNOPE'))).toBe(2001);
    expect(await codeOf(() => s.credit.adjust('MCHNOPE', { type: 'repayment', amount: '1.00' }))).toBe(2001);
    const m = await newMerchant(s);
    expect(await codeOf(() => s.credit.listTransactions(m.merchantId, { page_size: '500' }))).toBe(4001);
    expect(await codeOf(() => s.credit.listTransactions(m.merchantId, { type: 'bogus' }))).toBe(4001);
    // In the contract's words, naming the types (it was zod's own "Invalid option: expected one of …").
    expect((await errorOf(() => s.credit.listTransactions(m.merchantId, { type: 'bogus' }))).message).toBe(
      'type: must be one of order, refund, repayment, adjustment, limit_change',
    );
    // As a console or CLI caller could send it, past the type the service declares.
    const order = { type: 'order', amount: '1.00' } as unknown as Parameters<typeof s.credit.adjust>[1];
    expect((await errorOf(() => s.credit.adjust(m.merchantId, order))).message).toBe(
      'type: must be one of repayment, adjustment, limit_change',
    );
  });
});
