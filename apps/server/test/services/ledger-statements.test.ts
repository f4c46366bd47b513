/**
 * The ledger's read views (modules/credit/credit.statements.ts) answer exactly what a plain filter
 * of the whole chain answers, on each database, though they avoid walking it: the partial index of
 * entries that are not orders, the chain's gapless numbering for counts, and date bounds turned
 * into bounds of the chain. The ledger here mixes every type over days, with created_at running a
 * little behind a later entry's (as requests that waited for a lock do), and entries on each side
 * of the date bounds.
 */
import type { CreditTransaction, CreditTransactionType } from '@tradepost/protocol';
import { expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import { listEntries } from '../../src/modules/credit/credit.repository.ts';
import { toCreditTransaction } from '../../src/modules/credit/credit.service.ts';
import {
  createSpendSeries,
  type LedgerFilter,
  ledgerLatest,
  ledgerPage,
} from '../../src/modules/credit/credit.statements.ts';
import type { Services } from '../../src/services.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { newMerchant } from '../helpers/factories.ts';
import { useServices } from './fixtures.ts';

const DAY = 86_400_000;
const TYPES: CreditTransactionType[] = [
  'order',
  'order',
  'order',
  'refund',
  'order',
  'repayment',
  'order',
  'adjustment',
];

describeEachDatabase('ledger statements', (database) => {
  let opened: OpenedDatabase;
  let s: Services;
  useServices(database, (o, services) => {
    opened = o;
    s = services;
  });

  /**
   * 200 entries after the opening limit, 20 minutes apart over the ~3 days before `now`; one in seven
   * created 40 minutes behind its place, so before the entry the chain puts before it.
   */
  async function ledger(now: number) {
    const m = await newMerchant(s, '1000.00');
    const rows = Array.from({ length: 200 }, (_, i) => {
      const type = TYPES[i % TYPES.length]!;
      const amount = type === 'order' ? -(i + 1) : type === 'adjustment' ? -3 : i + 1;
      // Also every entry 20–40 minutes past a UTC midnight: created before that midnight, after
      // the entry before it, which is past it: a date bound falls between the two.
      const slot = now - (200 - i) * 20 * 60_000;
      const late = slot % DAY >= 20 * 60_000 && slot % DAY < 40 * 60_000;
      const behind = i % 7 === 3 || late ? 40 * 60_000 : 0;
      return {
        reference_no: `ST-${m.merchantId}-${i}`,
        merchant_id: m.merchantId,
        seq: i + 2,
        type,
        amount,
        balance_before: 0,
        balance_after: amount,
        currency: 'USD',
        order_no: type === 'order' || type === 'refund' ? `ORD-${i}` : null,
        description: type,
        created_at: new Date(slot - behind).toISOString(),
      };
    });
    await opened.writer.run(async (trx) => {
      await trx.insertInto('credit_transactions').values(rows).execute();
      // The opening limit first in time as in the chain, as a merchant's history starts.
      await trx
        .updateTable('credit_transactions')
        .set({ created_at: new Date(now - 30 * DAY).toISOString() })
        .where('merchant_id', '=', m.merchantId)
        .where('seq', '=', 1)
        .execute();
      await trx
        .updateTable('credit_accounts')
        .set({ ledger_seq: 201 })
        .where('merchant_id', '=', m.merchantId)
        .execute();
    });
    const all = (
      await opened.db
        .selectFrom('credit_transactions')
        .selectAll()
        .where('merchant_id', '=', m.merchantId)
        .orderBy('seq', 'desc')
        .execute()
    ).map((r) => ({ row: r, tx: toCreditTransaction(r) }));
    return { merchantId: m.merchantId, all };
  }

  const plain = (all: Awaited<ReturnType<typeof ledger>>['all'], f: LedgerFilter, asOf: number) =>
    all.filter(
      ({ row }) =>
        row.seq <= asOf &&
        (!f.types || f.types.includes(row.type)) &&
        (!f.from || row.created_at >= new Date(`${f.from}T00:00:00.000Z`).toISOString()) &&
        (!f.to || row.created_at < new Date(Date.parse(`${f.to}T00:00:00.000Z`) + DAY).toISOString()),
    );

  it('pages, latest entries and daily spend equal a plain filter of the whole chain', async () => {
    const now = Date.now();
    const { merchantId, all } = await ledger(now);
    const day = (d: number) => new Date(now - d * DAY).toISOString().slice(0, 10);
    const filters: LedgerFilter[] = [
      {},
      { types: ['order'] },
      { types: ['repayment'] },
      { types: ['limit_change', 'repayment', 'adjustment'] },
      { types: ['refund', 'order'] },
      { from: day(1) },
      { from: day(2) },
      { to: day(1) },
      { to: day(2) },
      { from: day(2), to: day(1) },
      { types: ['order'], from: day(2), to: day(0) },
      { types: ['adjustment'], from: day(1) },
      { from: day(0), to: day(0) },
      { from: day(60) },
      { to: day(60) },
    ];
    const ids = (xs: CreditTransaction[]) => xs.map((t) => t.reference_no);
    for (const f of filters) {
      for (const asOf of [201, 150]) {
        const expected = plain(all, f, asOf);
        for (const p of [1, 3]) {
          const got = await ledgerPage(opened.db, merchantId, f, { page: p, pageSize: 7, asOf });
          expect([f, asOf, p, got.total, got.newer, ids(got.items)]).toEqual([
            f,
            asOf,
            p,
            expected.length,
            plain(all, f, 201).length - expected.length,
            ids(expected.slice((p - 1) * 7, p * 7).map((e) => e.tx)),
          ]);
        }
      }
      expect([f, ids(await ledgerLatest(opened.db, merchantId, f, 30))]).toEqual([
        f,
        ids(
          plain(all, f, 201)
            .slice(0, 30)
            .map((e) => e.tx),
        ),
      ]);
    }
    // The B-End's page (credit.repository listEntries): of each type, its total and first page.
    for (const type of ['order', 'refund', 'repayment', 'adjustment', 'limit_change'] as const) {
      const expected = plain(all, { types: [type] }, 201);
      const got = await listEntries(opened.db, merchantId, { page: 1, pageSize: 5, type });
      expect([type, got.total, got.rows.map((r) => r.reference_no)]).toEqual([
        type,
        expected.length,
        expected.slice(0, 5).map((e) => e.row.reference_no),
      ]);
    }
    // Net spend per UTC day: order debits less refunds, each day of the last 8.
    const spend = await createSpendSeries(opened.db)(merchantId, 8, new Date(now));
    const first = day(7);
    const sums = new Map<string, number>();
    for (const { row } of all)
      if ((row.type === 'order' || row.type === 'refund') && row.created_at >= `${first}T`)
        sums.set(row.created_at.slice(0, 10), (sums.get(row.created_at.slice(0, 10)) ?? 0) - row.amount);
    expect(spend.map((d) => [d.date, d.amount])).toEqual(
      Array.from({ length: 8 }, (_, i) => {
        const date = day(7 - i);
        return [date, ((sums.get(date) ?? 0) / 100).toFixed(2)];
      }),
    );
  });
  it("the spend of a day whose refunds outweigh its orders reads below zero, not as a quiet day's", async () => {
    const m = await newMerchant(s, '1000.00');
    const now = Date.UTC(2026, 10, 30, 12);
    const entry = (seq: number, type: 'order' | 'refund', amount: number, at: number) => ({
      reference_no: `SP-${m.merchantId}-${seq}`,
      merchant_id: m.merchantId,
      seq,
      type,
      amount,
      balance_before: 0,
      balance_after: amount,
      currency: 'USD',
      order_no: `ORD-SP-${seq < 4 ? seq : seq - 2}`,
      description: type,
      created_at: new Date(at).toISOString(),
    });
    await opened.writer.run(async (trx) => {
      await trx
        .insertInto('credit_transactions')
        .values([
          entry(2, 'order', -1000, now - DAY),
          entry(3, 'order', -250, now - DAY),
          entry(4, 'refund', 1000, now - 60_000),
          entry(5, 'order', -300, now - 30_000),
        ])
        .execute();
      await trx
        .updateTable('credit_accounts')
        .set({ ledger_seq: 5 })
        .where('merchant_id', '=', m.merchantId)
        .execute();
    });
    expect(await createSpendSeries(opened.db)(m.merchantId, 3, new Date(now))).toEqual([
      { date: '2026-11-28', amount: '0.00' },
      { date: '2026-11-29', amount: '12.50' },
      { date: '2026-11-30', amount: '-7.00' },
    ]);
  });
  it("the dashboard's series keeps the closed days and reads the open ones as entries come", async () => {
    const m = await newMerchant(s, '1000.00');
    const series = createSpendSeries(opened.db);
    let seq = 1;
    const debit = async (cents: number, at: string) => {
      seq += 1;
      await opened.writer.run(async (trx) => {
        await trx
          .insertInto('credit_transactions')
          .values({
            reference_no: `SS-${m.merchantId}-${seq}`,
            merchant_id: m.merchantId,
            seq,
            type: 'order',
            amount: -cents,
            balance_before: 0,
            balance_after: -cents,
            currency: 'USD',
            order_no: `ORD-SS-${seq}`,
            description: 'order',
            created_at: at,
          })
          .execute();
        await trx
          .updateTable('credit_accounts')
          .set({ ledger_seq: seq })
          .where('merchant_id', '=', m.merchantId)
          .execute();
      });
    };
    const read = async (now: string) =>
      (await series(m.merchantId, 3, new Date(now))).map((d) => `${d.date} ${d.amount}`);

    await debit(1000, '2026-11-29T10:00:00.000Z');
    expect(await read('2026-11-30T12:00:00.000Z')).toEqual([
      '2026-11-28 0.00',
      '2026-11-29 10.00',
      '2026-11-30 0.00',
    ]);
    // Today's orders show on the next view.
    await debit(250, '2026-11-30T11:59:00.000Z');
    expect(await read('2026-11-30T12:00:00.000Z')).toEqual([
      '2026-11-28 0.00',
      '2026-11-29 10.00',
      '2026-11-30 2.50',
    ]);
    // Past midnight, yesterday is still open for an hour: an order begun before midnight and
    // committed after it counts on yesterday, also once the day has closed.
    expect(await read('2026-12-01T00:30:00.000Z')).toEqual([
      '2026-11-29 10.00',
      '2026-11-30 2.50',
      '2026-12-01 0.00',
    ]);
    await debit(300, '2026-11-30T23:50:00.000Z');
    expect(await read('2026-12-01T00:30:00.000Z')).toEqual([
      '2026-11-29 10.00',
      '2026-11-30 5.50',
      '2026-12-01 0.00',
    ]);
    await debit(100, '2026-12-01T01:59:00.000Z');
    expect(await read('2026-12-01T02:00:00.000Z')).toEqual([
      '2026-11-29 10.00',
      '2026-11-30 5.50',
      '2026-12-01 1.00',
    ]);
    expect(await read('2026-12-02T02:00:00.000Z')).toEqual([
      '2026-11-30 5.50',
      '2026-12-01 1.00',
      '2026-12-02 0.00',
    ]);
  });
});
