/* eslint-disable @typescript-eslint/no-explicit-any -- wire envelopes read as untyped data, in both their JSON and XML shapes */
/**
 * Clients nobody here wrote, pointed at the running server: the falabella-seller-center-sdk from
 * npm (its Wrapper signs every request itself) and the seed document's own Python example,
 * brought up to Python 3. Each gets products, credit, and places an order.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachDatabase } from '../helpers/databases.ts';
import { address, testProduct } from '../helpers/factories.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';

// The SDK's default export hard-codes Falabella's host, so take its two halves (CommonJS) and
// give the Wrapper our base URL, as its constructor allows.
const require = createRequire(import.meta.url);
type AxiosLike = { data: any; status: number };
const Wrapper = require('falabella-seller-center-sdk/dist/Wrapper').default as new (
  apiKey: string,
  userId: string,
  baseURL?: string,
  timeout?: number,
) => { axiosInstance: unknown };
const SDK = require('falabella-seller-center-sdk/dist/SDK').default as new (axiosInstance: unknown) => {
  get(action: string, params?: object): Promise<AxiosLike>;
  // The SDK types `post`'s action as its own short list of Falabella actions.
  post(action: any, data: string, params?: object): Promise<AxiosLike>;
};

const SEED_EXAMPLE = fileURLToPath(new URL('./seed_example.py', import.meta.url));
const run = promisify(execFile);

describe.each(eachDatabase())('third-party Action API clients on $name', (database) => {
  let server: TestServer;
  let m: TestMerchant;
  let key: { user_id: string; api_key: string };
  const product = testProduct({ price: '7.25', stock: 20 });
  const sku = product.skus[0]!;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url() });
    m = await server.createMerchant({ creditLimit: '100.00' });
    await server.addProducts([product]);
    key = await server.services.apiKeys.create(m.email);
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  it('falabella-seller-center-sdk: GetProducts, GetCredit, CreateOrder (POST, string body)', async () => {
    const { axiosInstance } = new Wrapper(key.api_key, key.user_id, `${server.url}/api/action`, 10_000);
    const sdk = new SDK(axiosInstance);

    const products = await sdk.get('GetProducts', { Page: 1, PageSize: 10 });
    expect(products.status).toBe(200);
    expect(products.data.SuccessResponse.Body.items.map((p: { goods_id: string }) => p.goods_id)).toContain(
      product.goods_id,
    );

    const credit = await sdk.get('GetCredit');
    expect(credit.data.SuccessResponse.Body).toMatchObject({ credit_limit: '100.00', available: '100.00' });

    const body = JSON.stringify({
      goods_id: product.goods_id,
      sku_id: sku.sku_id,
      quantity: 2,
      merchant_order_no: 'SDK-1',
      shipping_address: address,
    });
    const order = await sdk.post('CreateOrder', body);
    expect(order.data.SuccessResponse.Head).toMatchObject({
      RequestAction: 'CreateOrder',
      ResponseType: 'Order',
    });
    expect(order.data.SuccessResponse.Body).toMatchObject({ merchant_order_no: 'SDK-1', amount: '14.50' });

    const after = await sdk.get('GetCredit');
    expect(after.data.SuccessResponse.Body.available).toBe('85.50');
  });

  it("the seed's Python example signs the spec's reference vector", async () => {
    const { stdout } = await run('python3', [SEED_EXAMPLE, '--vector']);
    expect(stdout.trim()).toBe('3ceb8ed91049dfc718b0d2d176fb2ed0e5fd74f76c5971f34cdab48412476041');
  });

  it("the seed's Python example (Python 3): products, credit, an order via a JSON POST body", async () => {
    const { stdout } = await run(
      'python3',
      [SEED_EXAMPLE, server.url, key.user_id, key.api_key, product.goods_id!, sku.sku_id!],
      {
        timeout: 30_000,
      },
    );
    const out = JSON.parse(stdout) as Record<string, any>;
    expect(
      out.products.SuccessResponse.Body.items.some(
        (p: { goods_id: string }) => p.goods_id === product.goods_id,
      ),
    ).toBe(true);
    expect(out.credit.SuccessResponse.Body.currency).toBe('USD');
    expect(out.order.SuccessResponse.Body).toMatchObject({
      merchant_order_no: 'PY-SEED-1',
      amount: '7.25',
      status: 'pending',
    });
    const stored = await server.services.orders.getByMerchantOrderNo(m.merchantId, 'PY-SEED-1');
    expect(stored.order_no).toBe(out.order.SuccessResponse.Body.order_no);
  });
});
