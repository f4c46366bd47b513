/**
 * #13 item 1: a NUL byte (or any control character) in an identifier or text parameter is refused
 * at the door with the same code on SQLite and PostgreSQL — PostgreSQL used to answer 5001/E006
 * with an error-level stack trace ("invalid byte sequence for encoding UTF8: 0x00") — and no
 * client input raises an error-level log line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAction, sendAction } from '../action/action-http.ts';
import { bend } from '../helpers/bend-http.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { address, orderRequest, testProduct } from '../helpers/factories.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';
import { walltech, type TokenCredentials } from '../walltech/walltech-http.ts';
import { toWireError } from '../../src/doors/wire-errors.ts';
import { findControlChar } from '../../src/shared/validation.ts';

const CONTROLS = ['\u0000', '\u0001', '\u001b', '\u007f', '\u0085'];

describe('the control-character rule', () => {
  it('finds C0 (but tab, LF, CR), DEL and C1 anywhere, by path, in values and keys', () => {
    for (const c of CONTROLS) expect(findControlChar(`a${c}b`)).toBe('');
    for (const ok of ['a\tb', 'a\nb', 'a\r\nb', 'Zoë ✓ 中文', '']) expect(findControlChar(ok)).toBeNull();
    expect(findControlChar({ orders: [{ quantity: 1 }, { shipping_address: { city: 'x\u0000' } }] })).toBe(
      'orders[1].shipping_address.city',
    );
    expect(findControlChar({ ['k\u0000']: 'v' }, 'params')).toBe('params');
    expect(findControlChar({ n: 1, b: true, z: null })).toBeNull();
  });

  it('finds bidirectional overrides and isolates and unpaired surrogates; emoji, ZWJ sequences and CJK pass', () => {
    for (const bad of ['a\u202eb', '\u202a', '\u2066x\u2069', '\ud800', 'x\udc00y', '😀\ud83d'])
      expect([bad, findControlChar({ note: bad })]).toEqual([bad, 'note']);
    for (const ok of ['😀', '👩\u200d💻', '中文 ✓', 'שלום', 'a\u200eb'])
      expect([ok, findControlChar({ note: ok })]).toEqual([ok, null]);
  });
});

describe.each(eachDatabase())('control characters at the doors on $name', (database) => {
  let server: TestServer;
  let m: TestMerchant;
  let key: { user_id: string; api_key: string };
  let token: TokenCredentials;
  const product = testProduct({ price: '2.00', stock: 20 });
  const sku = product.skus[0]!.sku_id!;
  const nul = 'a\u0000b';
  const charged = async () => (await server.services.credit.get(m.merchantId)).used;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url(), captureLogs: true });
    m = await server.createMerchant({ creditLimit: '100.00' });
    await server.addProducts([product]);
    key = await server.services.apiKeys.create(m.email);
    token = await server.services.tokens.create(m.merchantId, { name: 'ctl' });
  });
  afterAll(async () => {
    // The point of the whole file: none of the above logged at error level.
    expect(server?.logs.filter((l) => l.level >= 50)).toEqual([]);
    await server?.close();
    await database.dispose();
  });

  const enc = encodeURIComponent(nul);
  const paths = [
    `/orders/${enc}`,
    `/products/${enc}`,
    `/products/sku/${enc}`,
    `/orders/merchant/${enc}`,
    `/batch-orders/${enc}`,
  ];

  it('B-End: a NUL in a path parameter is 4001 (HTTP 400), encrypted to the caller', async () => {
    for (const path of paths) {
      const r = await bend(server.url, m, 'GET', path);
      expect([path, r.status, r.encrypted, r.payload.code]).toEqual([path, 400, true, 4001]);
      expect(r.payload.message).toMatch(/must not contain control characters/);
    }
  });

  it('B-End: keyword, category, type and every order field with a control character are 4001, nothing charged', async () => {
    for (const c of CONTROLS) {
      for (const params of [{ keyword: `x${c}` }, { category: `x${c}` }]) {
        const r = await bend(server.url, m, 'GET', '/products', params);
        expect([JSON.stringify(params), r.payload.code]).toEqual([JSON.stringify(params), 4001]);
      }
      expect(
        (await bend(server.url, m, 'GET', '/credit/transactions', { type: `order${c}` })).payload.code,
      ).toBe(4001);
    }
    const before = await charged();
    const orders = [
      orderRequest(product, { merchant_order_no: nul }),
      orderRequest(product, { goods_id: nul }),
      orderRequest(product, { sku_id: `${sku}\u0000` }),
      orderRequest(product, { shipping_address: { ...address, name: nul } }),
      orderRequest(product, { shipping_address: { ...address, city: 'Lon\u001bdon' } }),
    ];
    for (const o of orders) {
      const r = await bend(server.url, m, 'POST', '/orders', o);
      expect(r.status).toBe(400);
      expect(r.payload.code).toBe(4001);
    }
    const batch = await bend(server.url, m, 'POST', '/batch-orders', {
      merchant_batch_no: `B${nul}`,
      orders: [orderRequest(product)],
    });
    expect(batch.payload.code).toBe(4001);
    const item = await bend(server.url, m, 'POST', '/batch-orders', {
      orders: [orderRequest(product, { merchant_order_no: nul })],
    });
    // Inside a batch the item fails on its own (the batch's per-item answer), still nothing charged for it.
    expect(JSON.stringify(item.payload)).toMatch(/must not contain control characters/);
    expect(await charged()).toBe(before);
  });

  it('WallTech: the same rule, the same 4001', async () => {
    for (const path of paths) {
      const r = await walltech(`${server.url}/api/v1${path}`, token);
      expect([path, r.status, r.body.code]).toEqual([path, 400, 4001]);
    }
    const r = await walltech(`${server.url}/api/v1/products?keyword=${enc}`, token);
    expect(r.body.code).toBe(4001);
  });

  it('Action API: a NUL UserID without credentials is E007 (not E006); signed, NUL parameters and bodies are 4001', async () => {
    const unsigned = await sendAction(
      `${server.url}/api/action?Action=GetCredit&UserID=a%00b&Version=1.0&Timestamp=${encodeURIComponent(new Date().toISOString().slice(0, 19) + '+00:00')}&Signature=00`,
    );
    expect(unsigned.error?.ErrorCode).toBe('7');
    const forged = await callAction(
      server.url,
      { user_id: `x${nul}@example.com`, api_key: key.api_key },
      'GetCredit',
    );
    expect(forged.error?.ErrorCode).toBe('7');

    for (const [action, params] of [
      ['GetOrder', { OrderNo: nul }],
      ['GetOrder', { MerchantOrderNo: nul }],
      ['GetProduct', { GoodsId: nul }],
      ['GetProduct', { SkuId: nul }],
      ['GetBatchOrder', { BatchNo: nul }],
      ['GetProducts', { Keyword: nul }],
      ['GetProducts', { Category: nul }],
      ['GetCreditTransactions', { Type: nul }],
    ] as const) {
      const r = await callAction(server.url, key, action, { params });
      expect([action, JSON.stringify(params), r.error?.ErrorCode]).toEqual([
        action,
        JSON.stringify(params),
        '4001',
      ]);
    }
    const before = await charged();
    const body = JSON.stringify(orderRequest(product, { shipping_address: { ...address, name: nul } }));
    const r = await callAction(server.url, key, 'CreateOrder', { body, contentType: 'application/json' });
    expect(r.error?.ErrorCode).toBe('4001');
    expect(await charged()).toBe(before);
  });

  it('console bulk moves and catalog writes hold the same rule: 4001 naming the value, never a database error', async () => {
    const moved: unknown = await server.services.orders
      .transitionMany([nul, 'ORD\ud800'], 'failed', { reason: 'x' })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(toWireError(moved).body.code).toBe(4001);
    expect((moved as { data: { errors: { message: string }[] } }).data.errors.map((e) => e.message)).toEqual([
      'order_no: must not contain control characters, text-direction controls or unpaired surrogates',
      'order_no: must not contain control characters, text-direction controls or unpaired surrogates',
    ]);
    for (const field of ['title', 'description', 'category'] as const) {
      const bad = { ...testProduct(), [field]: `T${nul}` };
      const refused: unknown = await server.services.catalog.upsertProducts([bad]).then(
        () => null,
        (e: unknown) => e,
      );
      expect([field, toWireError(refused).body.code]).toEqual([field, 4001]);
      expect(JSON.stringify(toWireError(refused).body)).toContain(
        `products[0].${field}: must not contain control characters, text-direction controls or unpaired surrogates`,
      );
    }
  });

  it('the same requests with clean values still work (the rule refuses only control characters)', async () => {
    const r = await bend(
      server.url,
      m,
      'POST',
      '/orders',
      orderRequest(product, { shipping_address: { ...address, name: 'Zoë O’Brien' } }),
    );
    expect(r.payload.code).toBe(0);
    expect((await bend(server.url, m, 'GET', '/products', { keyword: 'Zoë ✓' })).payload.code).toBe(0);
  });

  it('second line: a value the database itself refuses answers 4001, never the unexpected 5001 path', async () => {
    // Straight to the service, past the doors' rule: PostgreSQL raises 22021, SQLite finds nothing.
    const err: unknown = await server.services.orders.get(m.merchantId, nul).then(
      () => null,
      (e: unknown) => e,
    );
    const wire = toWireError(err);
    expect(wire.unexpected).toBe(false);
    expect(wire.body.code).toBe(database.name === 'postgres' ? 4001 : 3003);
  });
});
