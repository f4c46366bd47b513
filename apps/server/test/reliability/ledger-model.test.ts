/**
 * The ledger and credit rules as a model (#13 "property-based tests of the ledger"), checked
 * against the real services on each database with fast-check: random sequences of orders,
 * batches (with repeated merchant_order_no / merchant_batch_no), cancels, operator moves
 * (processing, ship, fail), limit changes, repayments, adjustments and freezes. After every
 * command the service must have answered what the model predicts (code by code, batch item by
 * batch item), and credit, stock and the stored ledger must match it: ops/ledger-check.ts (chain,
 * `used`, available ≥ 0, one debit per order, one refund per cancelled/failed order) passes.
 *
 * The model is written from the spec (bend-v1.md "Credit ledger", "Extensions v1.1") and
 * docs/architecture.md "Money", not from the code: its own edge table, its own refusal order.
 * CI: MODEL_RUNS (default 10) sequences of up to 40 commands per database; `MODEL_RUNS=200 npm run soak`.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import { checkLedger } from '../../src/ops/ledger-check.ts';
import type { Services } from '../../src/services.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { newMerchant, orderRequest, testProduct, type TestProduct } from '../helpers/factories.ts';
import { cents } from '../helpers/money.ts';
import { codeOf, useServices } from '../services/fixtures.ts';

const RUNS = Number(process.env.MODEL_RUNS ?? 10);

type Status = 'pending' | 'processing' | 'shipped' | 'delivered' | 'cancelled' | 'failed';
/** The spec's edges (bend-v1.md "Extensions v1.1"), written out here on purpose. */
const EDGES: Record<Status, Status[]> = {
  pending: ['processing', 'cancelled', 'failed'],
  processing: ['shipped', 'cancelled', 'failed'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
  failed: [],
};
const MAX_LIMIT = 999_999_999_999_999; // 9,999,999,999,999.99 in cents

interface Model {
  price: number;
  limit: number;
  used: number;
  frozen: boolean;
  stock: number;
  orders: { orderNo: string; amount: number; quantity: number; status: Status }[];
  mons: Set<string>;
  mbns: Set<string>;
}

interface Real {
  s: Services;
  opened: OpenedDatabase;
  merchantId: string;
  product: TestProduct;
}

/** The code the model expects for one order of `quantity` with `mon`, applying it when accepted. */
function placeInModel(
  m: Model,
  quantity: number,
  mon: string | undefined,
  orderNo: () => string | undefined,
): number {
  if (mon !== undefined && m.mons.has(mon)) return 2002;
  if (m.stock < quantity) return 3002;
  const amount = m.price * quantity;
  if (m.frozen || m.limit - m.used < amount) return 2001;
  m.stock -= quantity;
  m.used += amount;
  if (mon !== undefined) m.mons.add(mon);
  m.orders.push({ orderNo: orderNo() ?? '?', amount, quantity, status: 'pending' });
  return 0;
}

/** The code the model expects for moving an order to `to`, applying it when accepted. */
function moveInModel(m: Model, i: number, to: Status): number {
  const o = m.orders[i]!;
  const refunding = to === 'cancelled' || to === 'failed';
  if (!EDGES[o.status].includes(to)) return refunding && o.status === to ? 0 : 2003;
  o.status = to;
  if (refunding) {
    m.used -= o.amount;
    m.stock += o.quantity;
  }
  return 0;
}

/** The code the model expects for a credit entry of `amount` cents (available credit's change). */
function adjustInModel(m: Model, type: 'repayment' | 'adjustment' | 'limit_change', amount: number): number {
  if (amount === 0) return 4001;
  if (type === 'limit_change') {
    const limit = m.limit + amount;
    if (limit < 0 || limit > MAX_LIMIT || limit - m.used < 0) return 4001;
    m.limit = limit;
    return 0;
  }
  if (type === 'repayment' && amount < 0) return 4001;
  // A repayment or a positive adjustment lowers `used`, never below zero (docs: only a refund
  // may leave a credit balance); a negative adjustment may not take available below zero.
  const used = m.used - amount;
  if (amount > 0 && used < 0) return 4001;
  if (m.limit - used < 0) return 2001;
  m.used = used;
  return 0;
}

const money = (c: number) =>
  `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;

/** After every command: the service's figures are the model's, and ledger-check passes. */
async function expectAgrees(m: Model, r: Real): Promise<void> {
  const credit = await r.s.credit.get(r.merchantId);
  expect([cents(credit.credit_limit), cents(credit.used), credit.status]).toEqual([
    m.limit,
    m.used,
    m.frozen ? 'frozen' : 'active',
  ]);
  expect((await r.s.catalog.getProduct(r.product.goods_id)).skus[0]!.stock).toBe(m.stock);
  const report = await checkLedger(r.opened.db, { merchantId: r.merchantId });
  expect(report.problem).toBeNull();
  expect(report.orders).toBe(m.orders.length);
}

type Cmd = fc.AsyncCommand<Model, Real>;
const cmd = (name: string, check: (m: Model) => boolean, run: (m: Model, r: Real) => Promise<void>): Cmd => ({
  check,
  async run(m, r) {
    await run(m, r);
    await expectAgrees(m, r);
  },
  toString: () => name,
});

const monArb = fc.option(
  fc.nat(15).map((n) => `M${n}`),
  { nil: undefined },
);

const commands = [
  fc.record({ quantity: fc.integer({ min: 1, max: 4 }), mon: monArb }).map(({ quantity, mon }) =>
    cmd(
      `order(${quantity}, ${mon})`,
      () => true,
      async (m, r) => {
        let placed: string | undefined;
        const code = await codeOf(async () => {
          placed = (
            await r.s.orders.create(
              r.merchantId,
              orderRequest(r.product, { quantity, ...(mon ? { merchant_order_no: mon } : {}) }),
            )
          ).order_no;
        });
        expect(code).toBe(placeInModel(m, quantity, mon, () => placed));
      },
    ),
  ),
  fc
    .record({
      mbn: fc.option(
        fc.nat(4).map((n) => `B${n}`),
        { nil: undefined },
      ),
      items: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 3 }), mon: monArb }), {
        minLength: 1,
        maxLength: 6,
      }),
    })
    .map(({ mbn, items }) =>
      cmd(
        `batch(${mbn}, ${JSON.stringify(items)})`,
        () => true,
        async (m, r) => {
          const body = {
            ...(mbn ? { merchant_batch_no: mbn } : {}),
            orders: items.map((i) =>
              orderRequest(r.product, {
                quantity: i.quantity,
                ...(i.mon ? { merchant_order_no: i.mon } : {}),
              }),
            ),
          };
          if (mbn !== undefined && m.mbns.has(mbn)) {
            expect(await codeOf(() => r.s.orders.createBatch(r.merchantId, body))).toBe(2002);
            return;
          }
          const batch = await r.s.orders.createBatch(r.merchantId, body);
          if (mbn !== undefined) m.mbns.add(mbn);
          const expected = items.map((i, k) =>
            placeInModel(m, i.quantity, i.mon, () => batch.items[k]?.order?.order_no),
          );
          expect(batch.items.map((i) => i.code)).toEqual(expected);
        },
      ),
    ),
  ...(
    [
      ['cancel', 'cancelled'],
      ['fail', 'failed'],
      ['process', 'processing'],
      ['ship', 'shipped'],
      ['deliver', 'delivered'],
    ] as const
  ).map(([name, to]) =>
    fc.nat().map((pick) =>
      cmd(
        `${name}(#${pick})`,
        (m) => m.orders.length > 0,
        async (m, r) => {
          const i = pick % m.orders.length;
          const orderNo = m.orders[i]!.orderNo;
          const code = await codeOf(() =>
            to === 'cancelled'
              ? r.s.orders.cancel(r.merchantId, orderNo, { reason: 'model' })
              : r.s.orders.transition(
                  orderNo,
                  to,
                  to === 'shipped'
                    ? { carrier: 'DHL', tracking_no: 'T1' }
                    : to === 'failed'
                      ? { reason: 'model' }
                      : {},
                ),
          );
          expect(code).toBe(moveInModel(m, i, to));
        },
      ),
    ),
  ),
  fc
    .record({
      type: fc.constantFrom('repayment' as const, 'adjustment' as const, 'limit_change' as const),
      amount: fc.oneof(
        fc.integer({ min: -6000, max: 6000 }),
        fc.integer({ min: -20, max: 20 }).map((k) => k * 50),
      ),
    })
    .map(({ type, amount }) =>
      cmd(
        `${type}(${money(amount)})`,
        () => true,
        async (m, r) => {
          const code = await codeOf(() =>
            r.s.credit.adjust(r.merchantId, { type, amount: money(amount), note: 'model' }),
          );
          expect(code).toBe(adjustInModel(m, type, amount));
        },
      ),
    ),
  // The merchant pays what it owes (so a later refund leaves a credit balance).
  fc.constant(
    cmd(
      'repay all used',
      (m) => m.used > 0,
      async (m, r) => {
        const amount = m.used;
        await r.s.credit.adjust(r.merchantId, { type: 'repayment', amount: money(amount), note: 'model' });
        expect(adjustInModel(m, 'repayment', amount)).toBe(0);
      },
    ),
  ),
  fc.boolean().map((freeze) =>
    cmd(
      freeze ? 'freeze' : 'unfreeze',
      () => true,
      async (m, r) => {
        await r.s.credit.setStatus(r.merchantId, freeze ? 'frozen' : 'active');
        m.frozen = freeze;
      },
    ),
  ),
];

describeEachDatabase('ledger model', (database) => {
  let opened: OpenedDatabase;
  let s: Services;
  useServices(database, (o, services) => {
    opened = o;
    s = services;
  });

  // Found by the model (shrunk): `used` below zero after the refund of a repaid order made every
  // later limit change, negative adjustment and order fail the "used stays ≥ 0" guard, which is
  // only meant for what lowers `used`.
  it('a credit balance (the refund of a repaid order) blocks no order, limit change or negative adjustment', async () => {
    const merchant = await newMerchant(s, '50.00');
    const product = testProduct({ price: '1.50', stock: 20 });
    await s.catalog.upsertProducts([product]);
    const order = await s.orders.create(merchant.merchantId, orderRequest(product));
    await s.credit.adjust(merchant.merchantId, { type: 'repayment', amount: '1.50' });
    await s.orders.transition(order.order_no, 'failed', { reason: 'supplier' });
    expect(await s.credit.get(merchant.merchantId)).toMatchObject({ used: '-1.50', available: '51.50' });
    await s.credit.adjust(merchant.merchantId, { type: 'limit_change', amount: '-0.50' });
    await s.credit.adjust(merchant.merchantId, { type: 'adjustment', amount: '-0.50' });
    await s.orders.create(merchant.merchantId, orderRequest(product));
    expect(await s.credit.get(merchant.merchantId)).toMatchObject({
      credit_limit: '49.50',
      used: '0.50',
      available: '49.00',
    });
    // Still refused: a repayment beyond what is used, and a limit below zero or below `used`.
    expect(
      await codeOf(() => s.credit.adjust(merchant.merchantId, { type: 'repayment', amount: '0.51' })),
    ).toBe(4001);
    expect(
      await codeOf(() => s.credit.adjust(merchant.merchantId, { type: 'limit_change', amount: '-49.01' })),
    ).toBe(4001);
    const report = await checkLedger(opened.db, { merchantId: merchant.merchantId });
    expect(report.problem).toBeNull();
  });

  it(
    `${RUNS} random command sequences: the services answer as the model, the ledger always checks`,
    async () => {
      const started = Date.now();
      let commandsRun = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 9 }).map((n) => n * 100 + 50), // a price in cents, e.g. 3.50
          fc.commands(commands, { maxCommands: 40, size: 'max' }),
          async (price, cmds) => {
            const merchant = await newMerchant(s, '50.00');
            const product = testProduct({ price: money(price), stock: 20 });
            await s.catalog.upsertProducts([product]);
            const model: Model = {
              price,
              limit: 5000,
              used: 0,
              frozen: false,
              stock: 20,
              orders: [],
              mons: new Set(),
              mbns: new Set(),
            };
            commandsRun += [...cmds].length;
            await fc.asyncModelRun(
              () => ({ model, real: { s, opened, merchantId: merchant.merchantId, product } }),
              cmds,
            );
          },
        ),
        { numRuns: RUNS },
      );
      console.log(
        `[ledger-model:${database.name}]`,
        JSON.stringify({ runs: RUNS, commands: commandsRun, seconds: (Date.now() - started) / 1000 }),
      );
    },
    60_000 + RUNS * 5_000,
  );
});
