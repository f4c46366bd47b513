/**
 * The Action API and API token example clients (docs/examples/action/, docs/examples/tokens/) run
 * here against the real server, on both databases, so the documentation cannot drift from what
 * the server does:
 *
 * - each client (Node.js, Python, Java, Go, PHP) runs as a child process with the credentials in
 *   the environment variables its guide names, and its one printed summary line is checked against
 *   the server's own services: the products it listed, the order it placed (it exists, with its
 *   merchant_order_no, at the SKU's price), the order read back, and the credit debited once;
 * - each runs once more with a key that does not sign (one character changed): it must print the
 *   server's refusal, exit non-zero, and order nothing;
 * - and once (SQLite only) with the server's root as its base URL: it must say so and exit non-zero.
 *
 * A language whose toolchain is missing is skipped with a printed notice (never counted as passed);
 * under CI bend-examples.test.ts fails on a missing toolchain (the same ones serve these clients).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ProductInput } from '../../src/modules/catalog/catalog.service.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { testProduct } from '../helpers/factories.ts';
import { cents } from '../helpers/money.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';
import {
  actionClients,
  ownStderr,
  repoRoot,
  runExample,
  summaryOf,
  tokenClients,
  type Language,
  WRONG_BASE,
} from './example-languages.ts';

interface Door {
  name: string;
  dir: string;
  clients: Language[];
  /** A fresh credential of the merchant, as the environment variables the guide names. */
  credentials(server: TestServer, m: TestMerchant): Promise<Record<string, string>>;
  /** The variable holding the signing key. */
  key: string;
  /** What the client prints when the server refuses the signature. */
  refusal: string;
}

const DOORS: Door[] = [
  {
    name: 'Action API',
    dir: 'action',
    clients: actionClients,
    async credentials(server, m) {
      const key = await server.services.apiKeys.create(m.email);
      return { TRADEPOST_USER_ID: key.user_id, TRADEPOST_API_KEY: key.api_key };
    },
    key: 'TRADEPOST_API_KEY',
    refusal: 'Action API GetCredit failed: ErrorCode 7: E007: Login failed. Signature mismatch',
  },
  {
    name: 'API tokens',
    dir: 'tokens',
    clients: tokenClients,
    async credentials(server, m) {
      const token = await server.services.tokens.create(m.merchantId, { name: 'example client' });
      return { TRADEPOST_TOKEN: token.token, TRADEPOST_TOKEN_SECRET: token.secret_key };
    },
    key: 'TRADEPOST_TOKEN_SECRET',
    refusal: 'GET /credit failed: code 1001: Invalid signature',
  },
];

for (const door of DOORS) {
  for (const lang of door.clients) {
    if (!lang.available)
      console.warn(
        `[docs/action-token-examples] SKIPPED ${lang.name} ${door.name} client: needs ${lang.missing}; it was NOT run.`,
      );
  }
}

const runClient = (door: Door, lang: Language, env: Record<string, string>) =>
  runExample(lang, join(repoRoot, 'docs/examples', door.dir, lang.dir), env);

interface Summary {
  available_before: string;
  products_total: number;
  goods_id: string;
  sku_id: string;
  order_no: string;
  merchant_order_no: string;
  amount: string;
  read_back_order_no: string;
  read_back_status: string;
  available_after: string;
}

/** The same key with its last character changed, so every signature made with it is wrong. */
const spoilt = (key: string) => key.slice(0, -1) + (key.endsWith('0') ? '1' : '0');

describeEachDatabase('Action API and API token example clients against the real server', (database) => {
  let server: TestServer;
  let products: ProductInput[];

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url(), captureLogs: true });
    products = await server.addProducts([
      testProduct({ price: '12.30', stock: 100 }),
      testProduct({ price: '7.05', stock: 100 }),
    ]);
  });
  afterAll(async () => {
    // No client, right or refused, made the server log an error.
    expect(server?.logs.filter((l) => l.level >= 50) ?? []).toEqual([]);
    await server?.close();
    await database.dispose();
  });

  for (const door of DOORS) {
    for (const lang of door.clients) {
      it.skipIf(!lang.available)(
        `${door.name}, ${lang.name}: reads credit, lists products, places one order and reads it back`,
        async () => {
          const { services } = server;
          const m = await server.createMerchant({ creditLimit: '1000.00' });
          const merchantOrderNo = `${door.dir}-${lang.dir}-${randomBytes(6).toString('hex')}`;
          const result = await runClient(door, lang, {
            TRADEPOST_BASE_URL: `${server.url}/api/v1`,
            ...(await door.credentials(server, m)),
            MERCHANT_ORDER_NO: merchantOrderNo,
          });
          const summary = summaryOf<Summary>(lang, result);

          // The page of products: this server's whole catalog; the SKU one of ours.
          expect(summary.products_total).toBe(products.length);
          const product = products.find((p) => p.goods_id === summary.goods_id);
          const sku = product?.skus.find((s) => s.sku_id === summary.sku_id);
          expect(sku).toBeDefined();

          // The order exists as the client reported it, at the SKU's price, and was read back.
          const order = await services.orders.getByMerchantOrderNo(m.merchantId, merchantOrderNo);
          expect(order).toMatchObject({
            order_no: summary.order_no,
            merchant_order_no: summary.merchant_order_no,
            goods_id: summary.goods_id,
            sku_id: summary.sku_id,
            quantity: 2,
            amount: summary.amount,
          });
          expect(cents(order.amount)).toBe(cents(sku!.price) * 2);
          expect([summary.read_back_order_no, summary.read_back_status]).toEqual([
            order.order_no,
            order.status,
          ]);
          expect((await services.orders.list(m.merchantId, {})).total).toBe(1);

          // Credit: debited once, by exactly the order's amount, as the client read it before and after.
          const ledger = await services.credit.listTransactions(m.merchantId, { page_size: 100 });
          const debits = ledger.items.filter((t) => t.type === 'order');
          expect(debits).toHaveLength(1);
          expect(debits[0]).toMatchObject({ order_no: order.order_no, amount: `-${order.amount}` });
          expect(summary.available_before).toBe('1000.00');
          const after = await services.credit.get(m.merchantId);
          expect(summary.available_after).toBe(after.available);
          expect(cents(after.available)).toBe(cents('1000.00') - cents(order.amount));
        },
        lang.timeout * 2,
      );

      it.skipIf(!lang.available)(
        `${door.name}, ${lang.name}: a key that does not sign prints the refusal, exits non-zero and orders nothing`,
        async () => {
          const m = await server.createMerchant({ creditLimit: '1000.00' });
          const credentials = await door.credentials(server, m);
          const result = await runClient(door, lang, {
            TRADEPOST_BASE_URL: `${server.url}/api/v1`,
            ...credentials,
            [door.key]: spoilt(credentials[door.key]!),
            MERCHANT_ORDER_NO: `${door.dir}-${lang.dir}-refused-${randomBytes(4).toString('hex')}`,
          });
          expect(result.code, result.stdout + result.stderr).not.toBe(0);
          // The refusal alone (`go run` adds the program's exit status on a line of its own).
          expect(result.stderr.replace(/^exit status 1$/m, '').trim()).toBe(door.refusal);
          expect(result.stdout).toBe('');
          expect((await server.services.orders.list(m.merchantId, {})).total).toBe(0);
          expect((await server.services.credit.get(m.merchantId)).available).toBe('1000.00');
        },
        lang.timeout * 2,
      );

      // The server's root instead of the API's base URL answers the web app's page, no API answer:
      // the client says which URL it wants before it sends anything. Once: no database involved.
      it.runIf(lang.available && database.name === 'sqlite')(
        `${door.name}, ${lang.name}: a base URL that is not the API's is named as such, before anything is sent`,
        async () => {
          const m = await server.createMerchant({ creditLimit: '1000.00' });
          const result = await runClient(door, lang, {
            TRADEPOST_BASE_URL: server.url,
            ...(await door.credentials(server, m)),
            MERCHANT_ORDER_NO: `${door.dir}-${lang.dir}-root-${randomBytes(4).toString('hex')}`,
          });
          expect(result.code, result.stdout + result.stderr).not.toBe(0);
          expect(ownStderr(result)).toBe(WRONG_BASE);
          expect(result.stdout).toBe('');
        },
        lang.timeout * 2,
      );
    }
  }
});
