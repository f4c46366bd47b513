/**
 * The B-End example clients (docs/examples/bend/) are checked here against the real server, so
 * the documentation cannot drift from what the server does:
 *
 * - each example (Node.js, Python, Java, Go, PHP) runs as a child process against the real server
 *   and its printed summary is checked against the server's own services (the order exists, the
 *   idempotent retry charged nothing, the order was listed, its cancel refunded exactly its amount
 *   once);
 * - each example is run once more through a proxy that alters every response's `sign`, and must
 *   refuse the answer (so "verify before decrypting" is really done, not just written);
 * - each says which URL it wants when given the server's root, and which variables when its keys
 *   are missing, before it sends anything;
 * - when the first product listed has no SKU it can order, each orders the first one that has; with
 *   none on the page, each says so and exits non-zero, ordering nothing.
 *
 * The guide itself (docs/api/bend-v1.md) is checked in bend-guide.test.ts.
 *
 * A language whose toolchain is missing is skipped with a printed notice (never counted as passed).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductInput } from '../../src/modules/catalog/catalog.service.ts';
import { testProduct } from '../helpers/factories.ts';
import { cents } from '../helpers/money.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import {
  examplesDir,
  languages,
  ownStderr,
  runExample,
  summaryOf,
  WRONG_BASE,
  type Language,
} from './example-languages.ts';

for (const lang of languages) {
  if (!lang.available)
    console.warn(`[docs/bend-examples] SKIPPED ${lang.name} example: needs ${lang.missing}; it was NOT run.`);
}

// Under CI a skipped example is a failure: .ci/run installs every toolchain, and a CI that stays
// green without running an example client proves nothing about it (#13 item 8).
describe.runIf(process.env.CI === 'true')('example toolchains under CI', () => {
  it.each(languages)('$name: its toolchain is installed', (lang) => {
    expect(lang.available, `CI=true requires ${lang.missing}`).toBe(true);
  });
});

const run = (lang: Language, env: Record<string, string>) =>
  runExample(lang, join(examplesDir, lang.dir), env);

interface Summary {
  products_total: number;
  goods_id: string;
  sku_id: string;
  order_no: string;
  merchant_order_no: string;
  amount: string;
  duplicate_code: number;
  duplicate_order_no: string | null;
  pending_total: number;
  pending_first: string | null;
  cancelled_status: string;
  refund_reference_no: string | null;
  available: string;
}

// Not forwarded by the test proxy (Java's client, for one, offers an h2c upgrade on http://).
const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
  'keep-alive',
  'te',
  'trailer',
  'proxy-connection',
]);

describe('B-End example clients against the real server', () => {
  let server: TestServer;
  let products: ProductInput[];
  let proxy: Server;
  let proxyUrl: string;

  beforeAll(async () => {
    server = await startTestServer();
    products = await server.addProducts([
      testProduct({ price: '12.30', stock: 100 }),
      testProduct({ price: '7.05', stock: 100 }),
    ]);
    // A man in the middle that changes one hex digit of every response's `sign`.
    proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (typeof value === 'string' && !HOP_BY_HOP.has(name)) headers[name] = value;
        }
        const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks);
        fetch(server.url + (req.url ?? '/'), { method: req.method ?? 'GET', headers, body })
          .then(async (upstream) => {
            let text = await upstream.text();
            try {
              const json = JSON.parse(text) as Record<string, unknown>;
              if (typeof json.sign === 'string') {
                json.sign = json.sign.slice(0, -1) + (json.sign.endsWith('0') ? '1' : '0');
                text = JSON.stringify(json);
              }
            } catch {
              /* not JSON: pass through */
            }
            res.writeHead(upstream.status, { 'content-type': 'application/json' });
            res.end(text);
          })
          .catch(() => {
            res.writeHead(502);
            res.end();
          });
      });
    });
    await new Promise<void>((ready) => proxy.listen(0, '127.0.0.1', ready));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((closed) => (proxy ? proxy.close(() => closed()) : closed()));
    await server?.close();
  });

  for (const lang of languages) {
    it.skipIf(!lang.available)(
      `${lang.name}: lists, reads, orders (idempotently), lists orders, cancels and reads credit`,
      async () => {
        const { services } = server;
        const merchant = await server.createMerchant({ creditLimit: '1000.00' });
        const merchantOrderNo = `${lang.dir}-${randomBytes(6).toString('hex')}`;
        const before = await services.credit.get(merchant.merchantId);

        const result = await run(lang, {
          TRADEPOST_BASE_URL: `${server.url}/api/v1`,
          TRADEPOST_APP_ID: merchant.app.app_id,
          TRADEPOST_SECRET_KEY: merchant.app.secret_key,
          TRADEPOST_SIGN_KEY: merchant.app.sign_key,
          MERCHANT_ORDER_NO: merchantOrderNo,
        });
        const summary = summaryOf<Summary>(lang, result);

        // GET /products with params: the whole catalog of this server.
        expect(summary.products_total).toBe((await services.catalog.listProducts({})).total);
        expect(summary.products_total).toBe(products.length);
        // GET /products/:id: a product we created, and one of its SKUs.
        const product = products.find((p) => p.goods_id === summary.goods_id);
        expect(product).toBeDefined();
        const sku = product!.skus.find((s) => s.sku_id === summary.sku_id);
        expect(sku).toBeDefined();

        // POST /orders: the order exists, as the example reported it.
        expect(summary.merchant_order_no).toBe(merchantOrderNo);
        const order = await services.orders.getByMerchantOrderNo(merchant.merchantId, merchantOrderNo);
        expect(order.order_no).toBe(summary.order_no);
        expect(order).toMatchObject({ goods_id: summary.goods_id, sku_id: summary.sku_id, quantity: 2 });
        expect(order.amount).toBe(summary.amount);
        expect(cents(order.amount)).toBe(cents(sku!.price) * 2);

        // The same order again: 2002 with the existing order_no, and nothing charged.
        expect(summary.duplicate_code).toBe(2002);
        expect(summary.duplicate_order_no).toBe(order.order_no);

        // GET /orders?status=pending: this merchant's one order, before it was cancelled.
        expect(summary.pending_total).toBe(1);
        expect(summary.pending_first).toBe(order.order_no);

        // POST /orders/:order_no/cancel: cancelled, refunded once, by exactly the amount paid.
        expect(summary.cancelled_status).toBe('cancelled');
        expect(order.status).toBe('cancelled');
        expect(summary.refund_reference_no).toBe(order.refund_reference_no);
        const ledger = await services.credit.listTransactions(merchant.merchantId, { page_size: 100 });
        const [debit, ...moreDebits] = ledger.items.filter((t) => t.type === 'order');
        const [refund, ...moreRefunds] = ledger.items.filter((t) => t.type === 'refund');
        expect([moreDebits, moreRefunds]).toEqual([[], []]);
        expect(debit).toMatchObject({ order_no: order.order_no, amount: `-${order.amount}` });
        expect(refund).toMatchObject({ order_no: order.order_no, amount: order.amount });
        expect(refund!.reference_no).toBe(summary.refund_reference_no);

        // GET /credit, read last: all of it available again.
        const after = await services.credit.get(merchant.merchantId);
        expect(summary.available).toBe(after.available);
        expect(after.available).toBe(before.available);
      },
      lang.timeout * 2,
    );

    it.skipIf(!lang.available)(
      `${lang.name}: refuses a response whose signature does not match`,
      async () => {
        const merchant = await server.createMerchant({ creditLimit: '1000.00' });
        const result = await run(lang, {
          TRADEPOST_BASE_URL: `${proxyUrl}/api/v1`,
          TRADEPOST_APP_ID: merchant.app.app_id,
          TRADEPOST_SECRET_KEY: merchant.app.secret_key,
          TRADEPOST_SIGN_KEY: merchant.app.sign_key,
          MERCHANT_ORDER_NO: `${lang.dir}-tampered-${randomBytes(4).toString('hex')}`,
        });
        expect(result.code).not.toBe(0);
        expect(`${result.stdout}\n${result.stderr}`).toContain('response signature mismatch');
        expect(result.stdout).not.toContain('"order_no"');
        expect((await server.services.credit.get(merchant.merchantId)).available).toBe('1000.00');
      },
      lang.timeout * 2,
    );

    // What the examples accept they must serve: `…/api/v1/` too (a walkthrough's client sent
    // `…/api/v1//products`, answered 404 unsigned, and died on it).
    it.skipIf(!lang.available)(
      `${lang.name}: a base URL ending in a slash works as without it`,
      async () => {
        const merchant = await server.createMerchant({ creditLimit: '1000.00' });
        const merchantOrderNo = `${lang.dir}-slash-${randomBytes(4).toString('hex')}`;
        const result = await run(lang, {
          TRADEPOST_BASE_URL: `${server.url}/api/v1/`,
          TRADEPOST_APP_ID: merchant.app.app_id,
          TRADEPOST_SECRET_KEY: merchant.app.secret_key,
          TRADEPOST_SIGN_KEY: merchant.app.sign_key,
          MERCHANT_ORDER_NO: merchantOrderNo,
        });
        expect(result.code, result.stdout + result.stderr).toBe(0);
        const summary = summaryOf<Summary>(lang, result);
        expect([summary.merchant_order_no, summary.cancelled_status]).toEqual([merchantOrderNo, 'cancelled']);
      },
      lang.timeout * 2,
    );

    // The server's root instead of the API's base URL answers the web app's page, no API answer:
    // the client says which URL it wants before it sends anything.
    it.skipIf(!lang.available)(
      `${lang.name}: a base URL that is not the API's is named as such, before anything is sent`,
      async () => {
        const merchant = await server.createMerchant({ creditLimit: '1000.00' });
        const result = await run(lang, {
          TRADEPOST_BASE_URL: server.url,
          TRADEPOST_APP_ID: merchant.app.app_id,
          TRADEPOST_SECRET_KEY: merchant.app.secret_key,
          TRADEPOST_SIGN_KEY: merchant.app.sign_key,
        });
        expect(result.code, result.stdout + result.stderr).not.toBe(0);
        expect(ownStderr(result)).toBe(WRONG_BASE);
        expect(result.stdout).toBe('');
      },
      lang.timeout * 2,
    );

    it.skipIf(!lang.available)(
      `${lang.name}: without its keys it names the variables to set`,
      async () => {
        const result = await run(lang, {
          TRADEPOST_BASE_URL: `${server.url}/api/v1`,
          TRADEPOST_APP_ID: '',
          TRADEPOST_SECRET_KEY: '',
          TRADEPOST_SIGN_KEY: '',
        });
        expect(result.code).not.toBe(0);
        expect(ownStderr(result)).toBe(
          'set TRADEPOST_BASE_URL, TRADEPOST_APP_ID, TRADEPOST_SECRET_KEY, TRADEPOST_SIGN_KEY',
        );
      },
      lang.timeout * 2,
    );
  }
});

describe('B-End example clients when the first product listed cannot be ordered', () => {
  let server: TestServer;
  let last: ProductInput;

  beforeAll(async () => {
    server = await startTestServer();
    // Listed last (the oldest): out of stock until the second half below.
    last = testProduct({ price: '3.10', stock: 0 });
    await server.addProducts([last]);
    await new Promise((r) => setTimeout(r, 20));
    // Listed first (the newest): one with too little stock for the example's 2, one off sale.
    await server.addProducts([testProduct({ stock: 1 }), testProduct({ skuStatus: 'off_sale' })]);
  });
  afterAll(() => server?.close());

  const runFor = async (lang: Language, tag: string) => {
    const merchant = await server.createMerchant({ creditLimit: '1000.00' });
    const result = await run(lang, {
      TRADEPOST_BASE_URL: `${server.url}/api/v1`,
      TRADEPOST_APP_ID: merchant.app.app_id,
      TRADEPOST_SECRET_KEY: merchant.app.secret_key,
      TRADEPOST_SIGN_KEY: merchant.app.sign_key,
      MERCHANT_ORDER_NO: `${lang.dir}-${tag}-${randomBytes(4).toString('hex')}`,
    });
    return { merchant, result };
  };

  describe('none on the page can be ordered', () => {
    for (const lang of languages) {
      it.skipIf(!lang.available)(
        `${lang.name}: says there is nothing to order and exits non-zero, ordering nothing`,
        async () => {
          const { merchant, result } = await runFor(lang, 'none');
          expect(result.code, result.stdout + result.stderr).not.toBe(0);
          expect(result.stderr).toContain(
            'No product on the first page has a SKU on sale with 2 in stock: nothing to order.',
          );
          expect(result.stderr).not.toMatch(/TypeError|Traceback|Exception|panic|Fatal error/);
          expect((await server.services.credit.get(merchant.merchantId)).available).toBe('1000.00');
        },
        lang.timeout * 2,
      );
    }
  });

  describe('only the last product listed can be ordered', () => {
    beforeAll(async () => {
      await server.addProducts([{ ...last, skus: last.skus.map((s) => ({ ...s, stock: 100 })) }]);
    });
    for (const lang of languages) {
      it.skipIf(!lang.available)(
        `${lang.name}: orders that product's SKU`,
        async () => {
          const { result } = await runFor(lang, 'last');
          if (result.code !== 0)
            throw new Error(`${lang.name} example exited ${result.code}\n${result.stdout}\n${result.stderr}`);
          const summary = JSON.parse(result.stdout.trim()) as Summary;
          expect([summary.goods_id, summary.sku_id]).toEqual([last.goods_id, last.skus[0]!.sku_id]);
          expect(summary.cancelled_status).toBe('cancelled');
        },
        lang.timeout * 2,
      );
    }
  });
});
