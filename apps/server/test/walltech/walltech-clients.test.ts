/* eslint-disable @typescript-eslint/no-explicit-any -- wire envelopes read as untyped data, in both their JSON and XML shapes */
/**
 * WallTech clients against the real server: the protocol package's own client signer
 * (buildWalltechHeaders), and an independent Python signer written from the spec alone.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachDatabase } from '../helpers/databases.ts';
import { address, testProduct } from '../helpers/factories.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';
import { walltech, type TokenCredentials } from './walltech-http.ts';

const PY_CLIENT = fileURLToPath(new URL('./walltech_client.py', import.meta.url));
const run = promisify(execFile);

describe.each(eachDatabase())('WallTech clients on $name', (database) => {
  let server: TestServer;
  let m: TestMerchant;
  let cred: TokenCredentials;
  const product = testProduct({ price: '2.00', stock: 30 });
  const sku = product.skus[0]!;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url() });
    m = await server.createMerchant({ creditLimit: '50.00' });
    await server.addProducts([product]);
    cred = await server.services.tokens.create(m.merchantId, { name: 'clients' });
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  it('the protocol client signer (buildWalltechHeaders) reads and places an order', async () => {
    const products = await walltech(`${server.url}/api/v1/products?page=1&page_size=5`, cred);
    expect(products.body.data.items.map((p: { goods_id: string }) => p.goods_id)).toContain(product.goods_id);
    const placed = await walltech(`${server.url}/api/v1/orders`, cred, {
      body: {
        goods_id: product.goods_id,
        sku_id: sku.sku_id,
        quantity: 2,
        merchant_order_no: 'TS-WT-1',
        shipping_address: address,
      },
    });
    expect(placed.body).toMatchObject({ code: 0, data: { amount: '4.00', merchant_order_no: 'TS-WT-1' } });
  });

  it('the independent Python signer reproduces the spec vectors', async () => {
    const { stdout } = await run('python3', [PY_CLIENT, '--vectors']);
    expect(stdout.trim().split('\n')).toEqual([
      'yWUH6sTKY3tDqfRMhnNZIWIVY6c=',
      'HUWDj48o0U62zogRPeLNeTbGrZc=',
    ]);
  });

  const python = async (style: string, tz = 'UTC') => {
    const { stdout } = await run(
      'python3',
      [PY_CLIENT, server.url, cred.token, cred.secret_key, product.goods_id!, sku.sku_id!, style],
      {
        timeout: 30_000,
        env: { ...process.env, TZ: tz },
      },
    );
    return JSON.parse(stdout) as Record<string, any>;
  };

  // walltech.md "Dates as clients in the wild send them": gmt is what our spec shows; numeric
  // (formatdate() writes '-0000') and local (formatdate(localtime=True) in Shanghai writes '+0800',
  // the next day in the evening) are what integrations built on Python's formatter send.
  it.each([
    ['gmt', 'UTC'],
    ['numeric', 'UTC'],
    ['local', 'Asia/Shanghai'],
    ['local', 'America/St_Johns'],
  ])(
    'the independent Python client (X-WallTech-Date %s, TZ=%s) reads and places an order',
    async (style, tz) => {
      const out = await python(style, tz);
      expect(out.products.code).toBe(0);
      expect(out.credit).toMatchObject({ code: 0, data: { currency: 'USD' } });
      const merchantOrderNo = `PY-WT-${style}-${tz}`;
      expect(out.order).toMatchObject({
        code: 0,
        data: { merchant_order_no: merchantOrderNo, quantity: 3, amount: '6.00' },
      });
      const stored = await server.services.orders.getByMerchantOrderNo(m.merchantId, merchantOrderNo);
      expect(stored.order_no).toBe(out.order.data.order_no);
    },
  );

  it('a date whose zone does not match its clock is refused as skew (1005), never accepted', async () => {
    const out = await python('raw_gmt_time_with_local_zone', 'Asia/Shanghai');
    for (const answer of [out.products, out.credit, out.order]) expect(answer.code).toBe(1005);
  });
});
