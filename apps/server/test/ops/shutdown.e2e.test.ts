/**
 * SIGTERM under order load, on a real server process (SQLite): every order the server
 * acknowledged exists afterwards with exactly one debit and the ledger verifies; no request sent
 * over an open connection was cut — each got its full answer; a new connection was refused, or
 * (opened in the instant the listening socket closed, still in the kernel's accept queue) reset
 * before the server read a byte of it, its order never made; the process exits 0.
 */
import { spawn } from 'node:child_process';
import { Agent } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createContext } from '../../src/context.ts';
import { checkLedger } from '../../src/ops/ledger-check.ts';
import { buildRequest, decode, type RawResponse } from '../helpers/bend-http.ts';
import { postOver, type PostError } from '../helpers/post-over.ts';
import { newMerchant, newProduct, orderRequest, uid } from '../helpers/factories.ts';
import type { TestMerchant } from '../helpers/test-server.ts';
import { BIN } from '../cli/cli-helpers.ts';

vi.setConfig({ testTimeout: 180_000 });

const dataDir = mkdtempSync(join(tmpdir(), 'tradepost-sigterm-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env = {
  TRADEPOST_DATA_DIR: dataDir,
  TRADEPOST_DEMO: '0',
  LOG_LEVEL: 'warn',
  PORT: '0',
  HOST: '127.0.0.1',
};

it('SIGTERM under order load: nothing acknowledged is lost, no request is cut, exit 0', async () => {
  const ctx = await createContext(loadConfig(env));
  let merchant: TestMerchant;
  let product: Awaited<ReturnType<typeof newProduct>>;
  try {
    const m = await newMerchant(ctx.services, '1000000.00');
    product = await newProduct(ctx.services, { price: '1.00', stock: 1_000_000 });
    merchant = { ...m, app: await ctx.services.apps.create(m.merchantId, 'sigterm') };
  } finally {
    await ctx.close();
  }

  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(seen);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`serve exited early (${code}): ${seen}${stderr}`)));
  });

  const acked: string[] = [];
  const refused: string[] = [];
  /** merchant_order_no of requests whose new connection was reset (the accept-queue race). */
  const resetNew: string[] = [];
  const broken: string[] = [];
  let stop = false;
  // One keep-alive pool for all clients, as fetch's: a client may open a new connection any time.
  // node:http rather than fetch because its request says whether its socket was reused.
  const agent = new Agent({ keepAlive: true });
  const client = async () => {
    while (!stop) {
      const merchantOrderNo = `SIG-${uid()}`;
      const { url: u, init } = buildRequest(
        url,
        merchant,
        'POST',
        '/orders',
        orderRequest(product, { merchant_order_no: merchantOrderNo }),
      );
      let raw: RawResponse;
      try {
        raw = await postOver(agent, u, init);
      } catch (e) {
        const { code, reusedSocket } = e as PostError;
        // Refused before anything was sent: the client may go elsewhere; this one stops.
        if (code === 'ECONNREFUSED') refused.push(code);
        else if (code === 'ECONNRESET' && !reusedSocket) resetNew.push(merchantOrderNo);
        else broken.push(`${code ?? String(e)}${reusedSocket ? ' on a reused connection' : ''}`);
        return;
      }
      const result = decode(merchant, raw);
      if (raw.status === 200 && result.payload.code === 0)
        acked.push((result.payload.data as { order_no: string }).order_no);
      else broken.push(`HTTP ${raw.status} code ${result.payload.code}`);
    }
  };
  const clients = Array.from({ length: 8 }, client);
  while (acked.length < 40) await new Promise((r) => setTimeout(r, 5));
  child.kill('SIGTERM');
  const code = await exited;
  stop = true;
  await Promise.all(clients);
  agent.destroy();

  expect(code, stderr).toBe(0);
  expect(broken).toEqual([]);
  expect(refused.length + resetNew.length).toBeGreaterThan(0);
  expect(acked.length).toBeGreaterThanOrEqual(40);

  const after = await createContext(loadConfig(env));
  try {
    expect((await checkLedger(after.db)).problem).toBeNull();
    const debits = await after.db
      .selectFrom('credit_transactions')
      .select('order_no')
      .where('merchant_id', '=', merchant.merchantId)
      .where('type', '=', 'order')
      .execute();
    const count = new Map<string, number>();
    for (const d of debits) count.set(d.order_no!, (count.get(d.order_no!) ?? 0) + 1);
    for (const orderNo of acked) expect(count.get(orderNo), orderNo).toBe(1);
    // A reset new connection was never read: its order does not exist.
    if (resetNew.length > 0) {
      const made = await after.db
        .selectFrom('orders')
        .select('merchant_order_no')
        .where('merchant_id', '=', merchant.merchantId)
        .where('merchant_order_no', 'in', resetNew)
        .execute();
      expect(made).toEqual([]);
    }
  } finally {
    await after.close();
  }
});
