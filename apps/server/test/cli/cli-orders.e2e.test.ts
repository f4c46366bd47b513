/**
 * End to end: the operator verbs `order ship|set-status|cancel` and `merchant
 * freeze|unfreeze|suspend|reactivate` through the real bin/tradepost.js in a child process, on
 * each database: exact --json shapes (the Order), exit codes (0, 1 not_found/conflict, 2
 * invalid_argument), and what the database holds afterwards (one refund, stock back).
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import {
  newMerchant,
  newProduct,
  orderRequest,
  type NewMerchant,
  type ProductRef,
} from '../helpers/factories.ts';
import { expectLedgerConsistent } from '../helpers/ledger.ts';
import { argv, runCli, useCliTarget, withTargetContext } from './cli-helpers.ts';

type JsonError = { error: { code: string; message: string } };

// Each CLI run is a fresh Node process opening the database: seconds apiece on a loaded machine.
const SLOW = 300_000;

describeEachDatabase('tradepost CLI orders and merchant switches', (database) => {
  const { target } = useCliTarget(database);
  let m: NewMerchant;
  let p: ProductRef;
  const place = () =>
    withTargetContext(target, async (ctx) =>
      ctx.services.orders.create(m.merchantId, orderRequest(p, { quantity: 3 })),
    );

  beforeAll(async () => {
    await withTargetContext(target, async (ctx) => {
      m = await newMerchant(ctx.services, '500.00');
      p = await newProduct(ctx.services, { price: '4.00', stock: 20 });
    });
  }, SLOW);

  it(
    'set-status processing, then ship: prints the Order; shipping a pending order is a conflict (exit 1)',
    async () => {
      const o = await place();
      const early = await runCli(
        target,
        argv`order ship --order-no ${o.order_no} --carrier DHL --tracking-no JD1 --json`,
      );
      expect(early.code).toBe(1);
      expect((early.json() as JsonError).error).toEqual({
        code: 'conflict',
        message: 'Order cannot move from pending to shipped',
      });

      const processing = await runCli(
        target,
        argv`order set-status --order-no ${o.order_no} --status processing --json`,
      );
      expect(processing.code, processing.stderr).toBe(0);
      expect(processing.json()).toMatchObject({
        order_no: o.order_no,
        status: 'processing',
        merchant_id: m.merchantId,
      });

      const shipped = await runCli(
        target,
        argv`order ship --order-no ${o.order_no} --carrier ${'Royal Mail'} --tracking-no RM123GB --json`,
      );
      expect(shipped.code, shipped.stderr).toBe(0);
      const order = shipped.json();
      expect(order).toMatchObject({ status: 'shipped', carrier: 'Royal Mail', tracking_no: 'RM123GB' });
      expect(order.shipped_at).toEqual(expect.stringMatching(/Z$/));
      const human = await runCli(target, argv`order set-status --order-no ${o.order_no} --status delivered`);
      expect([human.code, human.stdout.trim()]).toEqual([0, `Order ${o.order_no} is delivered.`]);
    },
    SLOW,
  );

  it(
    'cancel refunds once; again exits 0 with the same Order; unknown order is not_found',
    async () => {
      const o = await place();
      const first = await runCli(
        target,
        argv`order cancel --order-no ${o.order_no} --reason ${'customer request'} --json`,
      );
      expect(first.code, first.stderr).toBe(0);
      const cancelled = first.json();
      expect(cancelled).toMatchObject({ status: 'cancelled', cancel_reason: 'customer request' });
      const again = await runCli(target, argv`order cancel --order-no ${o.order_no} --json`);
      expect([again.code, again.json()]).toEqual([0, cancelled]);
      const missing = await runCli(target, argv`order cancel --order-no ORDNOSUCH --json`);
      expect(missing.code).toBe(1);
      expect((missing.json() as JsonError).error.code).toBe('not_found');
      await withTargetContext(target, async (ctx) => {
        const refunds = await ctx.services.credit.listTransactions(m.merchantId, {
          type: 'refund',
          page_size: 100,
        });
        expect(refunds.items.filter((t) => t.order_no === o.order_no)).toHaveLength(1);
        await expectLedgerConsistent({ db: ctx.db, services: ctx.services }, m.merchantId);
      });
    },
    SLOW,
  );

  it(
    'set-status failed with a reason refunds; bad arguments exit 2 and change nothing',
    async () => {
      const o = await place();
      for (const args of [
        argv`order set-status --order-no ${o.order_no} --status shipped --json`,
        argv`order ship --order-no ${o.order_no} --carrier DHL --json`,
      ]) {
        const run = await runCli(target, args);
        expect(run.code, args.join(' ')).toBe(2);
        expect((run.json() as JsonError).error.code).toBe('invalid_argument');
      }
      const long = await runCli(
        target,
        argv`order cancel --order-no ${o.order_no} --reason ${'r'.repeat(201)} --json`,
      );
      expect([long.code, (long.json() as JsonError).error.code]).toEqual([2, 'invalid_argument']);
      const failed = await runCli(
        target,
        argv`order set-status --order-no ${o.order_no} --status failed --reason ${'supplier out'} --json`,
      );
      expect(failed.code, failed.stderr).toBe(0);
      expect(failed.json()).toMatchObject({
        status: 'failed',
        cancel_reason: 'supplier out',
        refund_reference_no: expect.stringMatching(/^CTX/),
      });
    },
    SLOW,
  );

  it(
    'merchant freeze/unfreeze and suspend/reactivate: --json state, unknown e-mail not_found',
    async () => {
      const freeze = await runCli(target, argv`merchant freeze --email ${m.email} --json`);
      expect([freeze.code, freeze.json()]).toEqual([
        0,
        { merchant_id: m.merchantId, email: m.email, credit_status: 'frozen' },
      ]);
      await withTargetContext(target, async (ctx) => {
        expect((await ctx.services.credit.get(m.merchantId)).status).toBe('frozen');
        const refused = await ctx.services.orders
          .create(m.merchantId, orderRequest(p))
          .catch((e: { code: number }) => e.code);
        expect(refused).toBe(2001);
      });
      const unfreeze = await runCli(target, argv`merchant unfreeze --email ${m.email} --json`);
      expect(unfreeze.json()).toMatchObject({ credit_status: 'active' });
      const suspend = await runCli(target, argv`merchant suspend --email ${m.email} --json`);
      expect([suspend.code, suspend.json()]).toEqual([
        0,
        { merchant_id: m.merchantId, email: m.email, status: 'suspended' },
      ]);
      await withTargetContext(target, async (ctx) => {
        expect((await ctx.services.merchants.findByEmail(m.email))?.status).toBe('suspended');
      });
      const reactivate = await runCli(target, argv`merchant reactivate --email ${m.email}`);
      expect([reactivate.code, reactivate.stdout.trim()]).toEqual([
        0,
        `Merchant ${m.email} (${m.merchantId}) is active.`,
      ]);
      const unknown = await runCli(target, argv`merchant freeze --email nobody@example.com --json`);
      expect([unknown.code, (unknown.json() as JsonError).error.code]).toEqual([1, 'not_found']);
    },
    SLOW,
  );
});
