/**
 * The big-ledger fixture of `bench:ledger` and `bench:exports`: a busy merchant's two years of
 * orders, ledger entries and audit entries, written straight into the tables.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../apps/server/src/config.ts';
import { type Context, createContext } from '../apps/server/src/context.ts';

/** A server context of its own (a fresh data dir; on PostgreSQL, `databaseUrl`'s fresh schema). */
export async function benchContext(name: string, databaseUrl: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), `tradepost-bench-${name}-`));
  const ctx = await createContext(
    loadConfig({
      TRADEPOST_DATA_DIR: dir,
      TRADEPOST_DEMO: '0',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    }),
  );
  const close = async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { ctx, close };
}

/**
 * A merchant (`ledger-<orders>@example.com` / `bench-password`) whose ledger is its opening limit,
 * `orders` order debits (with their orders) and a repayment every 10,000, written straight into
 * `ctx`'s tables: order debits 10 minutes apart (about two years), each with its order (the newest
 * 50 pending, the rest delivered) and an audit entry. Answers the merchant's id.
 */
export async function fillLedger(ctx: Context, orders: number): Promise<string> {
  const { merchantId } = await ctx.services.merchants.create({
    email: `ledger-${orders}@example.com`,
    password: 'bench-password',
    name: 'Ledger Co',
    creditLimit: '1000.00',
    currency: 'USD',
  });
  const now = Date.now();
  await ctx.writer.run(async (trx) => {
    for (let start = 0; start < orders; start += 500) {
      const rows = Array.from({ length: Math.min(500, orders - start) }, (_, k) => {
        const i = start + k;
        return {
          reference_no: `LEDGER-${orders}-${i}`,
          merchant_id: merchantId,
          seq: i + 2, // after the opening limit (1)
          type: i % 10_000 === 9_999 ? ('repayment' as const) : ('order' as const),
          amount: 0,
          balance_before: 100_000,
          balance_after: 100_000,
          currency: 'USD',
          order_no: null,
          description: 'bench',
          created_at: new Date(now - (orders - i) * 600_000).toISOString(),
        };
      });
      await trx.insertInto('credit_transactions').values(rows).execute();
      // Each order debit's order, as the order path writes them together (the columns left out are
      // null: a new order's merchant_order_no, batch and lifecycle).
      const placed = rows
        .filter((r) => r.type === 'order')
        .map((r) => ({
          order_no: `ORD-${r.reference_no}`,
          merchant_id: merchantId,
          goods_id: 'BENCH-GOODS',
          sku_id: 'BENCH-SKU',
          quantity: 1,
          unit_price: 0,
          amount: 0,
          currency: 'USD',
          // The newest 50 still pending, the rest delivered: a console filter of each kind.
          status: Number(r.seq) > orders + 1 - 50 ? ('pending' as const) : ('delivered' as const),
          shipping_address_json: '{}',
          credit_reference_no: r.reference_no,
          created_at: r.created_at,
          updated_at: r.created_at,
        }));
      if (placed.length > 0) await trx.insertInto('orders').values(placed).execute();
      // An audit entry per order (an operator's step, say): the console's audit log grows alike.
      const audited = rows.map((r) => ({
        id: `AUD-${r.reference_no}`,
        at: r.created_at,
        actor_type: 'operator' as const,
        actor_id: 'OP-BENCH',
        actor_label: 'ops@example.com',
        action: 'order.status_changed' as const,
        merchant_id: merchantId,
        target_type: 'order',
        target_id: `ORD-${r.reference_no}`,
      }));
      await trx.insertInto('audit_log').values(audited).execute();
    }
    await trx
      .updateTable('credit_accounts')
      .set({ ledger_seq: orders + 1 })
      .where('merchant_id', '=', merchantId)
      .execute();
  });
  if (ctx.dialect === 'postgres') await sql`analyze`.execute(ctx.db);
  return merchantId;
}
