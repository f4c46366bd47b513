/**
 * #13's multi-process money race: 4 server processes on one database, orders sent to
 * all of them at once through the three merchant doors, each order twice (same merchant_order_no,
 * two different processes), more than the credit — then more than the stock — allows. Accepted
 * is exactly what credit and stock allow, never more; each merchant_order_no makes one order with
 * one debit; available never goes below zero; ledger-check passes; no 5xx, no error-level log.
 * On SQLite the processes run as `serve --workers` runs them (SERVE_CHILD_SHARED: each read waits
 * for a sync of its own, rate limits in nonces.db; docs/scaling.md "SQLite: serve --workers N").
 * CI: 90 distinct orders per round; `MONEY_RACE_ORDERS=1000 npm run soak`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/ops/ledger-check.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { MERCHANT_DOORS, placeVia, type DoorAnswer, type MerchantDoors } from '../helpers/doors.ts';
import { orderRequest, testProduct, uid, type TestProduct } from '../helpers/factories.ts';
import { cents } from '../helpers/money.ts';
import { prepare, spawnServer, type Prepared, type ServerProcess } from './server-process.ts';

const ORDERS = Number(process.env.MONEY_RACE_ORDERS ?? 90);
const PROCESSES = 4;
const IN_FLIGHT = Number(process.env.MONEY_RACE_IN_FLIGHT ?? 100);

describe.each(eachDatabase())('money race, 4 processes on $name', (database) => {
  let prepared: Prepared;
  let servers: ServerProcess[] = [];
  beforeAll(async () => {
    // Credit for a third of the orders at 2.00 each; stock for all of them (round 1).
    prepared = await prepare(database, {
      creditLimit: `${Math.floor(ORDERS / 3) * 2}.00`,
      price: '2.00',
      stock: ORDERS * 10,
    });
    const env = { ...prepared.env, SERVE_CHILD_SHARED: '1' };
    servers = await Promise.all(Array.from({ length: PROCESSES }, () => spawnServer(env)));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill()));
    prepared?.dispose();
    await database.dispose();
  });

  /** Every order sent twice at once, to two different processes and doors; answers by merchant_order_no. */
  async function race(product: TestProduct): Promise<Map<string, DoorAnswer[]>> {
    const doors: MerchantDoors[] = servers.map((s) => ({
      url: s.url,
      m: prepared.merchant,
      key: prepared.key,
      token: prepared.token,
    }));
    const mons = Array.from({ length: ORDERS }, () => `MP-${uid()}`);
    // Both copies of an order go out together; at most IN_FLIGHT requests at once over the four
    // processes (MONEY_RACE_IN_FLIGHT, default 100; 400 and 2,000 pass too: docs/reliability.md),
    // so the race is for money, not for sockets.
    const sends = mons.flatMap((mon, i) =>
      [0, 1].map((copy) => () => {
        const server = (i + copy * 2) % PROCESSES; // the two copies never share a process
        const door = MERCHANT_DOORS[(i + copy) % MERCHANT_DOORS.length]!;
        return placeVia(door, doors[server]!, orderRequest(product, { merchant_order_no: mon })).then(
          (a) => ({ mon, a }),
        );
      }),
    );
    const results: { mon: string; a: DoorAnswer }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(IN_FLIGHT, sends.length) }, async () => {
        while (next < sends.length) results.push(await sends[next++]!());
      }),
    );
    const answers = new Map<string, DoorAnswer[]>();
    for (const { mon, a } of results) answers.set(mon, [...(answers.get(mon) ?? []), a]);
    const all = [...answers.values()].flat();
    expect(all.filter((a) => a.status >= 500)).toEqual([]);
    for (const s of servers) expect(s.logs.filter((l) => l.level >= 50)).toEqual([]);
    return answers;
  }

  /** Exactly `expected` distinct orders, each once, each answered 0 to one copy and 2002 (same order_no) or the same refusal to the other. */
  async function expectExactly(answers: Map<string, DoorAnswer[]>, expected: number, refusal: number) {
    let accepted = 0;
    for (const [mon, [a, b]] of answers) {
      const codes = [a!.code, b!.code].sort((x, y) => x - y);
      if (codes[0] === 0) {
        accepted++;
        // The other copy found the order (2002 with its order_no), or lost the race for money first.
        expect([2002, refusal], mon).toContain(codes[1]);
        if (codes[1] === 2002) expect(a!.orderNo, mon).toBe(b!.orderNo);
      } else {
        expect(codes, mon).toEqual([refusal, refusal]);
      }
    }
    expect(accepted).toBe(expected);
    const ctx = await prepared.openContext();
    try {
      const rows = await ctx.db
        .selectFrom('orders')
        .select(['merchant_order_no'])
        .where('merchant_id', '=', prepared.merchant.merchantId)
        .where('merchant_order_no', 'in', [...answers.keys()])
        .execute();
      expect(rows).toHaveLength(expected);
      const report = await checkLedger(ctx.db, { merchantId: prepared.merchant.merchantId });
      expect(report.problem).toBeNull();
      const credit = await ctx.services.credit.get(prepared.merchant.merchantId);
      expect(cents(credit.available)).toBeGreaterThanOrEqual(0);
      return credit;
    } finally {
      await ctx.close();
    }
  }

  /** One line per round for the soak's record: how many were sent and accepted, in how long. */
  const logRound = (round: string, accepted: number, started: number) =>
    console.log(
      `[money-race] ${round} round`,
      JSON.stringify({
        orders: ORDERS,
        requests: ORDERS * 2,
        accepted,
        seconds: (Date.now() - started) / 1000,
      }),
    );

  it(
    `${ORDERS} orders × 2 copies over 4 processes and 3 doors for credit worth ${Math.floor(ORDERS / 3)}: exactly that many, available 0.00`,
    async () => {
      const started = Date.now();
      const answers = await race(prepared.product);
      const credit = await expectExactly(answers, Math.floor(ORDERS / 3), 2001);
      expect(credit.available).toBe('0.00');
      logRound('credit', Math.floor(ORDERS / 3), started);
    },
    60_000 + ORDERS * 300,
  );

  it(
    `${ORDERS} orders × 2 copies for one SKU with stock for ${Math.floor(ORDERS / 4)}: exactly that many, stock 0`,
    async () => {
      const ctx = await prepared.openContext();
      const product = testProduct({ price: '1.00', stock: Math.floor(ORDERS / 4) });
      try {
        await ctx.services.catalog.upsertProducts([product]);
        await ctx.services.credit.adjust(prepared.merchant.merchantId, {
          type: 'limit_change',
          amount: `${ORDERS * 10}.00`,
        });
      } finally {
        await ctx.close();
      }
      const started = Date.now();
      const answers = await race(product);
      await expectExactly(answers, Math.floor(ORDERS / 4), 3002);
      const check = await prepared.openContext();
      try {
        expect((await check.services.catalog.getProduct(product.goods_id)).skus[0]!.stock).toBe(0);
      } finally {
        await check.close();
      }
      logRound('stock', Math.floor(ORDERS / 4), started);
    },
    60_000 + ORDERS * 300,
  );
});
