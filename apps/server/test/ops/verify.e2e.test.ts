/**
 * `tradepost verify` on both databases, as an operator runs it: a real ledger verifies (exit 0);
 * a deliberately broken chain, a second debit and a lost debit are each found and named (exit 1,
 * `ledger_broken`, the invariant, merchant and entry or order); a master key that does not open
 * the stored secrets is refused (exit 1, `invalid_config`), as the server refuses it.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { checkLedger } from '../../src/ops/ledger-check.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { newMerchant, newProduct, orderRequest } from '../helpers/factories.ts';
import { runCli, useCliTarget, withTargetContext } from '../cli/cli-helpers.ts';

// Each case runs the real CLI several times: on a loaded 2-core machine a run takes seconds.
vi.setConfig({ testTimeout: 180_000 });

describeEachDatabase('tradepost verify', (database) => {
  const { target } = useCliTarget(database);
  /** After a repair: the same check, in-process (one CLI start less per case). */
  const expectVerified = () =>
    withTargetContext(target, async (ctx) => expect((await checkLedger(ctx.db)).problem).toBeNull());

  /** A merchant with three orders; returns its id and the order numbers. */
  const seed = () =>
    withTargetContext(target, async (ctx) => {
      const m = await newMerchant(ctx.services, '500.00');
      const p = await newProduct(ctx.services, { price: '12.50' });
      const orders = [];
      for (let i = 0; i < 3; i++)
        orders.push(await ctx.services.orders.create(m.merchantId, orderRequest(p)));
      return { merchantId: m.merchantId, orderNos: orders.map((o) => o.order_no) };
    });

  it('passes on a real ledger, and says what it checked', async () => {
    await seed();
    const run = await runCli(target, ['verify', '--json']);
    expect(run.code).toBe(0);
    const result = run.json();
    expect(result).toMatchObject({ ok: true });
    expect(result.entries).toBeGreaterThanOrEqual(4);
    expect(result.orders).toBeGreaterThanOrEqual(3);
    const human = await runCli(target, ['verify']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Ledger verified: \d+ credit accounts, \d+ ledger entries, \d+ orders/);
  });

  it('run where there is no Tradepost database, says so and creates nothing there', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tradepost-verify-empty-'));
    try {
      // SQLite: an empty data dir; PostgreSQL: a schema no server migrated.
      const url = target.databaseUrl ? new URL(target.databaseUrl) : undefined;
      url?.searchParams.set('options', `-c search_path=verify_empty_${Date.now()}`);
      const run = await runCli({ dataDir: empty, databaseUrl: url?.toString() }, ['verify', '--json'], {
        env: { TRADEPOST_MASTER_KEY: '11'.repeat(32) },
      });
      expect(run.code, run.stderr).toBe(1);
      expect(run.json()).toMatchObject({ error: { code: 'not_found' } });
      expect(run.stderr).toContain("run verify with the server's TRADEPOST_DATA_DIR or DATABASE_URL");
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses a master key that does not open the stored secrets, as the next start would', async () => {
    const { merchantId } = await seed();
    await withTargetContext(target, (ctx) => ctx.services.tokens.create(merchantId, { name: 'sealed' }));
    const other = '22'.repeat(32);
    const run = await runCli(target, ['verify', '--json'], { env: { TRADEPOST_MASTER_KEY: other } });
    expect(run.code, run.stderr).toBe(1);
    const { error } = run.json() as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain('TRADEPOST_MASTER_KEY: the master key (fingerprint');
    expect(error.message).toContain('does not open the secrets stored in this database');
  });

  describe('finds a broken ledger', () => {
    it('a chain broken in the middle: names the merchant and the entry', async () => {
      const { merchantId } = await seed();
      // Shift entry 3 by one cent on both sides (it still balances itself; only the chain breaks).
      await withTargetContext(target, (ctx) =>
        sql`update credit_transactions set balance_before = balance_before + 1, balance_after = balance_after + 1
            where merchant_id = ${merchantId} and seq = 3`.execute(ctx.db),
      );
      const run = await runCli(target, ['verify', '--json']);
      expect(run.code).toBe(1);
      const { error } = run.json() as { error: Record<string, unknown> };
      expect(error).toMatchObject({
        code: 'ledger_broken',
        invariant: 'chain',
        merchant_id: merchantId,
        seq: 3,
      });
      expect(error.message).toContain(`merchant ${merchantId} entry seq 3`);
      expect(run.stderr).toContain('[chain]');
      // Repair it, so the next case starts from a ledger whose first problem is its own.
      await withTargetContext(target, (ctx) =>
        sql`update credit_transactions set balance_before = balance_before - 1, balance_after = balance_after - 1
            where merchant_id = ${merchantId} and seq = 3`.execute(ctx.db),
      );
      await expectVerified();
    });

    it('a cancelled order whose refund went missing: names the order', async () => {
      const { merchantId, orderNos } = await seed();
      const orderNo = orderNos[2]!;
      // Cancel (refunded in the same unit), then take the refund away the way a lost write would:
      // the last entry gone and the account moved back, so the chain and sums still hold and only
      // the per-order rule can see it. (A second refund cannot even be stored: a unique index.)
      const refund = await withTargetContext(target, async (ctx) => {
        await ctx.services.orders.cancel(merchantId, orderNo, { reason: 'verify drill' });
        const row = await ctx.db
          .selectFrom('credit_transactions')
          .selectAll()
          .where('order_no', '=', orderNo)
          .where('type', '=', 'refund')
          .executeTakeFirstOrThrow();
        await ctx.db.deleteFrom('credit_transactions').where('reference_no', '=', row.reference_no).execute();
        await sql`update credit_accounts set used = used + ${row.amount}, ledger_seq = ledger_seq - 1
                  where merchant_id = ${merchantId}`.execute(ctx.db);
        return row;
      });
      const run = await runCli(target, ['verify', '--json']);
      expect(run.code).toBe(1);
      const { error } = run.json() as { error: Record<string, unknown> };
      expect(error).toMatchObject({
        code: 'ledger_broken',
        invariant: 'refund',
        merchant_id: merchantId,
        order_no: orderNo,
      });
      expect(error.message).toContain('0 refund entries for an order that is cancelled');
      // Put it back (the cases share one database).
      await withTargetContext(target, async (ctx) => {
        await ctx.db.insertInto('credit_transactions').values(refund).execute();
        await sql`update credit_accounts set used = used - ${refund.amount}, ledger_seq = ledger_seq + 1
                  where merchant_id = ${merchantId}`.execute(ctx.db);
      });
      await expectVerified();
    });

    it('an order whose debit went missing', async () => {
      const { merchantId, orderNos } = await seed();
      const orderNo = orderNos[1]!;
      // Re-point the debit at another order: the chain and sums still hold, the per-order rule does not.
      await withTargetContext(target, (ctx) =>
        sql`update credit_transactions set order_no = ${orderNos[0]!}
            where merchant_id = ${merchantId} and order_no = ${orderNo}`.execute(ctx.db),
      );
      const run = await runCli(target, ['verify', '--json']);
      expect(run.code).toBe(1);
      const { error } = run.json() as { error: Record<string, unknown> };
      expect(error).toMatchObject({ code: 'ledger_broken', invariant: 'debit', merchant_id: merchantId });
      expect([orderNos[0], orderNo]).toContain(error.order_no);
    });
  });
});
