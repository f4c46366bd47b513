/**
 * Runs the independent Python client (bend_client.py, written from bend-v1.md alone) against the
 * real server and checks its summary against what the server's own services say. If the server
 * only agreed with our TypeScript SDK (which shares the protocol package with it), a shared
 * misreading of the spec would pass unnoticed; a second implementation in another language cannot
 * share it.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
// The same in-process server starter as the SDK suites: the real server on a temp data dir.
import { startRealServer, type RealServer } from '../../../../packages/sdk/test/helpers/real-server.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { cents } from '../helpers/money.ts';

const run = promisify(execFile);
const script = join(dirname(fileURLToPath(import.meta.url)), 'bend_client.py');
const PYTHON = process.env.TRADEPOST_TEST_PYTHON ?? '/usr/bin/python3';

interface Summary {
  ok: boolean;
  error?: string;
  products_total: number;
  products_page1_count: number;
  goods_id: string;
  sku_id: string;
  unit_price: string;
  credit_before: { available: string; used: string; credit_limit: string; currency: string };
  credit_after: { available: string; used: string; credit_limit: string; currency: string };
  orders: { order_no: string; merchant_order_no: string; amount: string; quantity: number }[];
  error_codes: { duplicate: number; unknown_order: number; bad_sign: number };
  auth_codes: Record<string, number>;
  batch: { status: string; codes: number[]; amount: string };
  transactions: number;
  order_debits: number;
  signed_responses_verified: number;
}

describeEachDatabase('independent Python client (bend-v1.md only)', (database) => {
  let server: RealServer;
  let merchantId: string;
  let app: { app_id: string; secret_key: string; sign_key: string };
  const runId = `py-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    server = await startRealServer(await database.url());
    ({ merchantId, app } = await server.createMerchant('1000.00'));
    const { services } = server.running.ctx;
    await services.catalog.upsertProducts(
      ['Red', 'Green', 'Blue'].map((color, i) => ({
        goods_id: `G-${runId}-${i}`,
        title: `${color} teapot`,
        description: 'Ceramic, 1 l',
        category: 'Kitchen',
        images: [`https://img.example/${runId}-${i}.jpg`],
        currency: 'USD',
        skus: [
          { sku_id: `S-${runId}-${i}-a`, spec: `Color: ${color} / Size: S`, price: '19.90', stock: 40 },
          { sku_id: `S-${runId}-${i}-b`, spec: `Color: ${color} / Size: L`, price: '24.05', stock: 0 },
        ],
      })),
    );
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  it('interoperates: every response verified and decrypted, shapes and ledger as the spec says', async () => {
    let stdout: string;
    try {
      ({ stdout } = await run(PYTHON, [script, server.baseUrl, '--run-id', runId], {
        env: {
          ...process.env,
          TRADEPOST_APP_ID: app.app_id,
          TRADEPOST_SECRET_KEY: app.secret_key,
          TRADEPOST_SIGN_KEY: app.sign_key,
        },
        timeout: 60_000,
      }));
    } catch (err) {
      // A failed check exits 1 with its JSON summary on stdout: show that, not just "exit code 1".
      const out = (err as { stdout?: string; stderr?: string }).stdout || (err as { stderr?: string }).stderr;
      throw new Error(`bend_client.py failed: ${out}`);
    }
    const summary = JSON.parse(stdout) as Summary;
    expect(summary.error).toBeUndefined();
    expect(summary.ok).toBe(true);

    expect(summary.products_total).toBe(3);
    expect(summary.products_page1_count).toBe(2);
    expect(summary.unit_price).toBe('19.90');

    const [headerOrder, envelopeOrder] = summary.orders;
    expect(headerOrder).toMatchObject({ merchant_order_no: `${runId}-H`, quantity: 2, amount: '39.80' });
    expect(envelopeOrder).toMatchObject({ merchant_order_no: `${runId}-E`, quantity: 1, amount: '19.90' });

    expect(summary.credit_before).toMatchObject({
      available: '1000.00',
      used: '0.00',
      credit_limit: '1000.00',
      currency: 'USD',
    });
    expect(summary.batch).toEqual({ status: 'partially_failed', codes: [0, 3002], amount: '19.90' });
    expect(cents(summary.credit_before.available) - cents(summary.credit_after.available)).toBe(
      cents('39.80') + cents('19.90') + cents('19.90'),
    );
    expect(summary.credit_after).toMatchObject({ available: '920.40', used: '79.60' });

    expect(summary.error_codes).toEqual({ duplicate: 2002, unknown_order: 3003, bad_sign: 1001 });
    expect(summary.auth_codes).toEqual({
      replay: 1007,
      stale_timestamp: 1005,
      unknown_app: 1002,
      bad_data: 1006,
      missing_sign: 1004,
    });
    expect(summary.order_debits).toBe(3);
    expect(summary.signed_responses_verified).toBeGreaterThanOrEqual(15);

    // Cross-check with the server's own view, bypassing the wire.
    const { services } = server.running.ctx;
    expect((await services.credit.get(merchantId)).available).toBe('920.40');
    expect((await services.credit.listTransactions(merchantId, { page_size: 100 })).total).toBe(
      summary.transactions,
    );
    for (const o of summary.orders)
      expect((await services.orders.get(merchantId, o.order_no)).amount).toBe(o.amount);
    expect(
      (await services.catalog.getProductBySku(summary.sku_id)).skus.find((s) => s.sku_id === summary.sku_id)
        ?.stock,
    ).toBe(36);
  });
});
