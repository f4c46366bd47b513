/**
 * Regressions from the adversarial review: each test is named after a defect the review found
 * (and that was then fixed): control characters that broke XML answers, credit limits past the
 * safe integer range, deep nesting reported as internal errors, framework error bodies leaking
 * through, 415 for 4001, a malformed batch item path, absolute-form WallTech requests.
 */
import net from 'node:net';
import { buildActionQuery, buildWalltechHeaders } from '@tradepost/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAction } from '../action/action-http.ts';
import { bend, buildRequest, decode, send } from '../helpers/bend-http.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { address, orderRequest, testProduct } from '../helpers/factories.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';
import { walltech, type TokenCredentials } from '../walltech/walltech-http.ts';

/** Characters XML 1.0 forbids anywhere in a document (§2.2 Char). */
// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const XML10_ILLEGAL = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

function isStandardResponse(body: Record<string, unknown>): boolean {
  return typeof body.code === 'number' && typeof body.message === 'string' && 'data' in body;
}

describe.each(eachDatabase())('adversarial findings on $name', (database) => {
  let server: TestServer;
  let m: TestMerchant;
  let key: { user_id: string; api_key: string };
  let token: TokenCredentials;
  const product = testProduct({ price: '2.00', stock: 1000 });

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url() });
    m = await server.createMerchant({ creditLimit: '1000.00' });
    await server.addProducts([product]);
    key = await server.services.apiKeys.create(m.email);
    token = await server.services.tokens.create(m.merchantId, { name: 'findings' });
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  // ---- HIGH-ish: a merchant's data makes every XML answer about it unparseable ----

  it('control characters accepted in a shipping address make the Action API XML response malformed', async () => {
    const placed = await bend(
      server.url,
      m,
      'POST',
      '/orders',
      orderRequest(product, {
        merchant_order_no: 'CTRL-CHARS-1',
        shipping_address: { ...address, name: 'Ada\u0000Love\u0001lace\u001b[2J' },
      }),
    );
    if (placed.payload.code !== 0) {
      // Refusing the input is an acceptable fix: a clear 4001, nothing charged.
      expect(placed.payload.code).toBe(4001);
      return;
    }
    const xml = await callAction(server.url, key, 'GetOrder', {
      params: { MerchantOrderNo: 'CTRL-CHARS-1' },
      format: 'XML',
    });
    expect(xml.contentType).toContain('xml');
    // Got: the raw U+0000/U+0001/U+001B inside <name>, which no conforming XML parser accepts.
    expect(XML10_ILLEGAL.test(xml.text)).toBe(false);
  });

  // ---- MEDIUM: hostile input answered as an internal error (and logged as one) ----

  it('Action API: a deeply nested JSON body is E005 (bad request), not E006 internal error', async () => {
    const deep = `{"a":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const r = await callAction(server.url, key, 'CreateOrder', {
      body: deep,
      contentType: 'application/json',
    });
    expect(r.error?.ErrorType).toBe('Sender');
    expect(r.error?.ErrorCode).not.toBe('6');
  });

  it('Action API: a deeply nested XML body is E005 (bad request), not E006 internal error', async () => {
    const deep = `<Request>${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}</Request>`;
    const r = await callAction(server.url, key, 'CreateOrder', {
      body: deep,
      contentType: 'application/xml',
    });
    expect(r.error?.ErrorType).toBe('Sender');
    expect(r.error?.ErrorCode).not.toBe('6');
  });

  it('credit limit raised past 2^53 minor units is refused, instead of breaking every credit read with 5001', async () => {
    const big = await server.createMerchant({ creditLimit: '9999999999999.99' });
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      try {
        await server.services.credit.adjust(big.merchantId, {
          amount: '9999999999999.99',
          type: 'limit_change',
        });
        outcomes.push('ok');
      } catch (e) {
        outcomes.push(String((e as { code?: unknown }).code ?? (e as Error).name));
      }
    }
    // The limit already is the maximum: every raise is refused with a clear 4001 and changes nothing.
    expect(outcomes).toEqual(Array(10).fill('4001'));
    const credit = await bend(server.url, big, 'GET', '/credit');
    expect(credit.payload.code).toBe(0);
    expect(credit.payload.data).toMatchObject({ credit_limit: '9999999999999.99', used: '0.00' });
    const ledger = await bend(server.url, big, 'GET', '/credit/transactions', { page_size: '100' });
    expect(ledger.payload.code).toBe(0);
  });

  // ---- LOW: wrong response shape / status ----

  it('B-End: a malformed %-escape in a path parameter answers a standard {code,message,data}, not Fastify FST_ERR_BAD_URL', async () => {
    const { url, init } = buildRequest(server.url, m, 'GET', '/orders/%zz');
    const raw = await send(url, init);
    // Got: 400 {"error":"Bad Request","code":"FST_ERR_BAD_URL","message":"'/api/v1/orders/%zz' is not a valid url component","statusCode":400}
    expect(isStandardResponse(raw.body)).toBe(true);
    expect(raw.body.code).toBe(4001);
  });

  it('WallTech: invalid UTF-8 in a path parameter answers a standard response, not FST_ERR_BAD_URL', async () => {
    const r = await walltech(`${server.url}/api/v1/products/%C3%28`, token);
    expect(isStandardResponse(r.body as unknown as Record<string, unknown>)).toBe(true);
  });

  it('a malformed Content-Type answers HTTP 400 for code 4001 (the table), not 415', async () => {
    const { url, init } = buildRequest(server.url, m, 'POST', '/orders', orderRequest(product));
    const res = await fetch(url, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), 'Content-Type': 'weird' },
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.code).toBe(4001);
    expect(res.status).toBe(400);
  });

  it('batch: a non-object item gets a well-formed field path in its message (no "orders[2].:")', async () => {
    const r = await bend(server.url, m, 'POST', '/batch-orders', {
      orders: [orderRequest(product), orderRequest(product), 7],
    });
    const items = (r.payload.data as { items: { code: number; message: string }[] }).items;
    expect(items[2]!.code).toBe(4001);
    // Got: "orders[2].: Invalid input: expected object, received number"
    expect(items[2]!.message).not.toContain('.:');
    expect(items[2]!.message.startsWith('orders[2]')).toBe(true);
  });

  it('batch: references with control characters are refused (batch: 4001) and never echoed (items)', async () => {
    const refused = await bend(server.url, m, 'POST', '/batch-orders', {
      merchant_batch_no: 'B\u0007',
      orders: [orderRequest(product)],
    });
    expect([refused.payload.code, refused.payload.message]).toEqual([
      4001,
      'merchant_batch_no: must not contain control characters, text-direction controls or unpaired surrogates',
    ]);
    const r = await bend(server.url, m, 'POST', '/batch-orders', {
      orders: [orderRequest(product, { merchant_order_no: 'X\u0000Y' })],
    });
    const item = (r.payload.data as { items: { code: number; merchant_order_no: string | null }[] })
      .items[0]!;
    expect([item.code, item.merchant_order_no]).toEqual([4001, null]);
  });

  it('WallTech: an absolute-form request target (RFC 9112 §3.2.2) verifies against the URL the client addressed', async () => {
    const u = new URL(server.url);
    const url = `${server.url}/api/v1/credit`;
    const h = buildWalltechHeaders({ token: token.token, secretKey: token.secret_key, method: 'GET', url });
    const raw = await new Promise<string>((resolve, reject) => {
      const sock = net.connect(Number(u.port), u.hostname, () => {
        sock.write(
          `GET ${url} HTTP/1.1\r\nHost: ${u.host}\r\nAuthorization: ${h.Authorization}\r\n` +
            `X-WallTech-Date: ${h['X-WallTech-Date']}\r\nConnection: close\r\n\r\n`,
        );
      });
      let data = '';
      sock.on('data', (c) => (data += c));
      sock.on('end', () => resolve(data));
      sock.on('error', reject);
    });
    // Got: 401 {"code":1001,"message":"Invalid signature"}: the server signs http://host + "http://host/api/v1/credit".
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
  });
});

// Keep the imports used in every branch (decode/buildActionQuery are handy when extending).
void decode;
void buildActionQuery;
