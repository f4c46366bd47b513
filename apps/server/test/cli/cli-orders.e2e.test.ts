/**
 * End to end: the operator verbs `order ship|set-status|cancel` and `merchant
 * freeze|unfreeze|suspend|reactivate` through the real bin/tradepost.js in a child process, on
 * each database: exact --json shapes (the Order), exit codes (0, 1 not_found/conflict, 2
 * invalid_argument), and what the database holds afterwards (one refund, stock back). Each
 * change leaves exactly one audit entry, the console's (same action, before/after, note), named
 * as the CLI (`system`/`cli`); a refused or repeated command leaves none.
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
import {
  argv,
  auditEntriesOf,
  CLI_AUDIT_ACTOR,
  runCli,
  useCliTarget,
  withTargetContext,
} from './cli-helpers.ts';

type JsonError = { error: { code: string; message: string } };

// Each CLI run is a fresh Node process opening the database: seconds apiece on a loaded machine.
const SLOW = 300_000;

describeEachDatabase('tradepost CLI orders and merchant switches', (database) => {
  const { target } = useCliTarget(database);
  let m: NewMerchant;
  let p: ProductRef;
  /** An order's move as the console's order history shows it, made by the CLI. */
  const move = (
    orderNo: string,
    from: string,
    after: Record<string, unknown>,
    note: string | null = null,
  ) => ({
    ...CLI_AUDIT_ACTOR,
    action: 'order.status_changed',
    merchant_id: m.merchantId,
    target_type: 'order',
    target_id: orderNo,
    before: { status: from },
    after,
    note,
  });
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

      // One entry per move (the refused early ship: none), in the console's order history too.
      const track = { carrier: 'Royal Mail', tracking_no: 'RM123GB' };
      expect(await auditEntriesOf(target, { targetId: o.order_no })).toEqual([
        move(o.order_no, 'pending', { status: 'processing' }),
        move(o.order_no, 'processing', { status: 'shipped', ...track }),
        move(o.order_no, 'shipped', { status: 'delivered', ...track }),
      ]);
      await withTargetContext(target, async (ctx) => {
        const history = await ctx.services.audit.forOrder(o.order_no, { page: 1, pageSize: 100 });
        expect(history.items.map((e) => e.after?.status)).toEqual(['delivered', 'shipped', 'processing']);
        // GET /admin/api/audit?q=<order_no> finds them.
        const found = await ctx.services.audit.search({ page: 1, pageSize: 100, q: o.order_no });
        expect(found.total).toBe(3);
      });
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
      // The cancel is audited once, with its refund and reason; the repeat and the miss: nothing.
      expect(await auditEntriesOf(target, { targetId: o.order_no })).toEqual([
        move(
          o.order_no,
          'pending',
          { status: 'cancelled', refund_reference_no: cancelled.refund_reference_no },
          'customer request',
        ),
      ]);
      expect(await auditEntriesOf(target, { targetId: 'ORDNOSUCH' })).toEqual([]);
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
      expect(await auditEntriesOf(target, { targetId: o.order_no })).toEqual([]);
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
      expect(await auditEntriesOf(target, { targetId: o.order_no })).toEqual([
        move(
          o.order_no,
          'pending',
          { status: 'failed', refund_reference_no: failed.json().refund_reference_no },
          'supplier out',
        ),
      ]);
      // A refused edge (failed -> processing) leaves no entry either.
      const refused = await runCli(
        target,
        argv`order set-status --order-no ${o.order_no} --status processing --json`,
      );
      expect([refused.code, (refused.json() as JsonError).error.code]).toEqual([1, 'conflict']);
      expect(await auditEntriesOf(target, { targetId: o.order_no })).toHaveLength(1);
    },
    SLOW,
  );

  it(
    'merchant freeze/unfreeze and suspend/reactivate: --json state, unknown e-mail not_found; each audited',
    async () => {
      const switches = () =>
        auditEntriesOf(target, { merchantId: m.merchantId }).then((rows) =>
          rows.filter((e) => e.action.startsWith('credit.') || e.action.startsWith('merchant.')),
        );
      const before = (await switches()).length;
      const freeze = await runCli(
        target,
        argv`merchant freeze --email ${m.email} --note ${'overdue invoices'} --json`,
      );
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
      // Freezing an active line twice: the second changes nothing and records nothing.
      const again = await runCli(target, argv`merchant unfreeze --email ${m.email} --json`);
      expect(again.code, again.stderr).toBe(0);

      const entry = (action: string, type: string, from: string, to: string, note: string | null) => ({
        ...CLI_AUDIT_ACTOR,
        action,
        merchant_id: m.merchantId,
        target_type: type,
        target_id: m.merchantId,
        before: { status: from },
        after: { status: to },
        note,
      });
      expect((await switches()).slice(before)).toEqual([
        entry('credit.frozen', 'credit_account', 'active', 'frozen', 'overdue invoices'),
        entry('credit.unfrozen', 'credit_account', 'frozen', 'active', null),
        entry('merchant.suspended', 'merchant', 'active', 'suspended', null),
        entry('merchant.reactivated', 'merchant', 'suspended', 'active', null),
      ]);
    },
    SLOW,
  );
});
