/**
 * Adversarial review: secrets never reach the log (even at LOG_LEVEL=trace, even on error paths)
 * and are never stored in plain text in the SQLite files.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildActionQuery, buildWalltechHeaders } from '@tradepost/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { bend } from '../helpers/bend-http.ts';
import { address, testProduct } from '../helpers/factories.ts';
import type { TestMerchant } from '../helpers/test-server.ts';

describe('secrets stay out of logs and off disk (SQLite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tradepost-adv-secrets-'));
  const lines: string[] = [];
  let running: RunningServer;
  let secrets: Record<string, string>;
  let m: TestMerchant;

  beforeAll(async () => {
    const config = loadConfig({
      TRADEPOST_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      TRADEPOST_DEMO: '0',
      LOG_LEVEL: 'trace',
    });
    running = await startServer(config, {
      quiet: true,
      logger: { level: 'trace', stream: { write: (line: string) => void lines.push(line) } },
    });
    const sv = running.ctx.services;
    const email = 'secrets@example.com';
    const password = 'pw-never-logged-7f3a';
    const { merchantId } = await sv.merchants.create({ email, password, name: 'S', creditLimit: '100.00' });
    const app = await sv.apps.create(merchantId, 'erp');
    m = { merchantId, email, password, app };
    const product = testProduct();
    await sv.catalog.upsertProducts([product]);
    const apiKey = await sv.apiKeys.create(email);
    const token = await sv.tokens.create(merchantId, { name: 'wms' });
    secrets = {
      secretKey: app.secret_key,
      signKey: app.sign_key,
      apiKey: apiKey.api_key,
      tokenSecret: token.secret_key,
      password,
      masterKey: config.masterKey.toString('hex'),
    };

    // Success and failure paths on every door, including an unexpected (E006) error.
    await bend(running.url, m, 'POST', '/orders', {
      goods_id: product.goods_id,
      sku_id: product.skus[0]!.sku_id,
      quantity: 1,
      shipping_address: address,
    });
    await bend(running.url, m, 'GET', '/credit', undefined, { transport: 'envelope' });
    await bend(running.url, m, 'POST', '/orders', { quantity: 'x' });
    const qs = buildActionQuery({ action: 'CreateOrder', userId: email, apiKey: apiKey.api_key });
    await fetch(`${running.url}/api/action?${qs}`, {
      method: 'POST',
      body: `{"a":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
    });
    await fetch(
      `${running.url}/api/action?${buildActionQuery({ action: 'GetCredit', userId: email, apiKey: apiKey.api_key })}`,
    );
    const url = `${running.url}/api/v1/credit`;
    await fetch(url, {
      headers: buildWalltechHeaders({ token: token.token, secretKey: token.secret_key, method: 'GET', url }),
    });
    await fetch(url, {
      headers: { authorization: `WallTech ${token.token}:${'A'.repeat(27)}=`, 'x-walltech-date': 'nope' },
    });
  });
  afterAll(async () => {
    await running?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('no secret, password or master key appears in the trace-level log', () => {
    expect(lines.length).toBeGreaterThan(5);
    const log = lines.join('');
    for (const [name, value] of Object.entries(secrets)) expect(log.includes(value), name).toBe(false);
  });

  it('no App key, API key, token secret or password is stored in plain text in the data dir', async () => {
    // Checkpoint so the WAL's content is in the main file too; read every file anyway.
    for (const file of readdirSync(dataDir)) {
      if (file === 'master.key') continue;
      const bytes = readFileSync(join(dataDir, file));
      for (const [name, value] of Object.entries(secrets)) {
        if (name === 'masterKey') continue;
        expect(bytes.includes(Buffer.from(value)), `${name} in ${file}`).toBe(false);
      }
    }
  });
});
