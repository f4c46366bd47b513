/**
 * The B-End door over real HTTP, on each database: every authentication code of bend-v1.md's
 * verification order, both transports, encrypted responses, and the malformed inputs an SDK
 * would never send.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { encryptBendData, signBend } from '@tradepost/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bend, buildRequest, decode, send } from '../helpers/bend-http.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { docLine } from '../helpers/docs.ts';
import { address, orderRequest, testProduct } from '../helpers/factories.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';

describe.each(eachDatabase())('B-End door on $name', (database) => {
  let server: TestServer;
  let m: TestMerchant;
  const product = testProduct({ price: '12.30', stock: 50 });
  const sku = product.skus[0]!;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url() });
    m = await server.createMerchant({ creditLimit: '100.00' });
    await server.addProducts([product]);
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  /** A correctly signed GET carrying `data` exactly as given, whatever it holds. */
  const signedGet = (who: TestMerchant, path: string, data: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(12).toString('hex');
    const sign = signBend({ app_id: who.app.app_id, data, nonce, timestamp }, who.app.sign_key);
    return send(`${server.url}/api/v1${path}?data=${encodeURIComponent(data)}`, {
      headers: { 'App-ID': who.app.app_id, Timestamp: timestamp, Nonce: nonce, Sign: sign },
    });
  };

  describe('authenticated calls answer with a signed, encrypted envelope', () => {
    it('lists products (GET with params in data)', async () => {
      const r = await bend(server.url, m, 'GET', '/products', { page: '1', page_size: '5' });
      expect(r.status).toBe(200);
      expect(r.encrypted).toBe(true);
      expect(Object.keys(r.body).sort()).toEqual(['app_id', 'data', 'nonce', 'sign', 'timestamp']);
      expect(r.payload.code).toBe(0);
      const page = r.payload.data as { items: unknown[]; page: number; page_size: number; total: number };
      expect(page.page).toBe(1);
      expect(page.page_size).toBe(5);
      expect(page.total).toBeGreaterThanOrEqual(1);
    });

    it('reads a product by id and by SKU (GET with empty data)', async () => {
      const byId = await bend(server.url, m, 'GET', `/products/${product.goods_id}`);
      expect(byId.payload.code).toBe(0);
      expect((byId.payload.data as { goods_id: string }).goods_id).toBe(product.goods_id);
      const bySku = await bend(server.url, m, 'GET', `/products/sku/${sku.sku_id}`);
      expect((bySku.payload.data as { skus: { sku_id: string; price: string }[] }).skus[0]).toMatchObject({
        sku_id: sku.sku_id,
        price: '12.30',
      });
    });

    it('accepts the envelope transport for GET and POST', async () => {
      const get = await bend(server.url, m, 'GET', '/credit', undefined, { transport: 'envelope' });
      expect(get.payload).toMatchObject({ code: 0, data: { credit_limit: '100.00', currency: 'USD' } });
      const post = await bend(
        server.url,
        m,
        'POST',
        '/orders',
        orderRequest(product, { merchant_order_no: 'ENV-1' }),
        {
          transport: 'envelope',
        },
      );
      expect(post.payload.code).toBe(0);
      expect(post.payload.data).toMatchObject({
        merchant_order_no: 'ENV-1',
        amount: '12.30',
        status: 'pending',
      });
    });

    it('answers business errors inside the envelope with the table status', async () => {
      const r = await bend(server.url, m, 'GET', '/products/NO-SUCH-PRODUCT');
      expect(r.status).toBe(404);
      expect(r.encrypted).toBe(true);
      expect(r.payload).toMatchObject({ code: 3001, data: null });
      const o = await bend(server.url, m, 'GET', '/orders/ORD-NOPE');
      expect([o.status, o.payload.code]).toEqual([404, 3003]);
      const b = await bend(server.url, m, 'GET', '/batch-orders/BAT-NOPE');
      expect([b.status, b.payload.code]).toEqual([404, 3004]);
      const bad = await bend(server.url, m, 'POST', '/orders', orderRequest(product, { quantity: 0 }));
      expect([bad.status, bad.payload.code]).toEqual([400, 4001]);
      expect(bad.payload.message).toMatch(/quantity/);
      // GET params must be strings; the caller is authenticated by then, so the answer is encrypted.
      const numeric = decode(
        m,
        await signedGet(m, '/products', encryptBendData('{"page":1}', m.app.secret_key)),
      );
      expect([numeric.status, numeric.payload.code, numeric.encrypted]).toEqual([400, 4001, true]);
      // So is JSON that is not an object: it decrypted (bend-v1 step 6 passed), step 7 refuses it.
      for (const plaintext of ['[1,2]', 'null', '"x"', '42']) {
        const r = decode(m, await signedGet(m, '/products', encryptBendData(plaintext, m.app.secret_key)));
        expect([plaintext, r.status, r.payload.code, r.encrypted]).toEqual([plaintext, 400, 4001, true]);
      }
    });

    it('hides another merchant’s orders behind 3003', async () => {
      const other = await server.createMerchant();
      const placed = await bend(
        server.url,
        m,
        'POST',
        '/orders',
        orderRequest(product, { merchant_order_no: 'MINE-1' }),
      );
      const orderNo = (placed.payload.data as { order_no: string }).order_no;
      const r = await bend(server.url, other, 'GET', `/orders/${orderNo}`);
      expect(r.payload.code).toBe(3003);
      const byMerchantNo = await bend(server.url, other, 'GET', '/orders/merchant/MINE-1');
      expect(byMerchantNo.payload.code).toBe(3003);
    });
  });

  describe('verification order: the first failure decides the code, in plain JSON', () => {
    it('1004 when auth is missing or malformed', async () => {
      const none = await send(`${server.url}/api/v1/credit`, { method: 'GET' });
      expect([none.status, none.body.code]).toEqual([401, 1004]);
      expect(none.body).toEqual({ code: 1004, message: expect.any(String), data: null });

      const { url, init } = buildRequest(server.url, m, 'GET', '/credit');
      const badNonce = await send(url, { ...init, headers: { ...(init.headers as object), Nonce: 'short' } });
      expect(badNonce.body.code).toBe(1004);
      const badTs = await send(url, { ...init, headers: { ...(init.headers as object), Timestamp: '12e3' } });
      expect(badTs.body.code).toBe(1004);

      const post = buildRequest(server.url, m, 'POST', '/orders', orderRequest(product));
      const notJson = await send(post.url, { ...post.init, body: '{"data":' });
      expect(notJson.body.code).toBe(1004);
    });

    it('1002 for an unknown App, 1003 for a disabled one', async () => {
      const ghost = { ...m, app: { ...m.app, app_id: 'app_000000000000000000000000' } };
      const unknown = await bend(server.url, ghost, 'GET', '/credit');
      expect([unknown.status, unknown.payload.code]).toEqual([401, 1002]);

      const victim = await server.createMerchant();
      await server.services.apps.setStatus(victim.merchantId, victim.app.app_id, 'disabled');
      const disabled = await bend(server.url, victim, 'GET', '/credit');
      expect([disabled.status, disabled.payload.code, disabled.encrypted]).toEqual([403, 1003, false]);
    });

    it('1005 for a timestamp outside the window', async () => {
      const r = await bend(server.url, m, 'GET', '/credit', undefined, {
        now: new Date(Date.now() - 301_000),
      });
      expect([r.status, r.payload.code]).toEqual([401, 1005]);
      const future = await bend(server.url, m, 'GET', '/credit', undefined, {
        now: new Date(Date.now() + 400_000),
      });
      expect(future.payload.code).toBe(1005);
    });

    it('1001 for a signature made with another key, and after the keys are rotated', async () => {
      const wrongKey = { ...m, app: { ...m.app, sign_key: 'A'.repeat(32) } };
      const r = await bend(server.url, wrongKey, 'GET', '/credit');
      expect([r.status, r.payload.code]).toEqual([401, 1001]);

      const rotating = await server.createMerchant();
      const fresh = await server.services.apps.rotate(rotating.merchantId, rotating.app.app_id);
      const old = await bend(server.url, rotating, 'GET', '/credit');
      expect(old.payload.code).toBe(1001);
      const renewed = await bend(server.url, { ...rotating, app: fresh }, 'GET', '/credit');
      expect(renewed.payload.code).toBe(0);
    });

    it('1007 for a replayed request, which changes nothing', async () => {
      const before = await bend(server.url, m, 'GET', '/credit');
      const { url, init } = buildRequest(
        server.url,
        m,
        'POST',
        '/orders',
        orderRequest(product, { merchant_order_no: 'REPLAY-1' }),
      );
      const first = decode(m, await send(url, init));
      expect(first.payload.code).toBe(0);
      const again = await send(url, init);
      expect([again.status, again.body.code]).toEqual([401, 1007]);
      const after = await bend(server.url, m, 'GET', '/credit');
      const used = (r: typeof before) => Number((r.payload.data as { used: string }).used);
      expect(used(after) - used(before)).toBeCloseTo(12.3, 2);
    });

    it('1006 for data that is not Base64, fails GCM, or is not JSON — signed correctly all the same', async () => {
      const cases = {
        notBase64: 'not*base64!',
        truncated: encryptBendData('{"page":"1"}', m.app.secret_key).slice(0, 20),
        wrongTag: flipLastByte(encryptBendData('{"page":"1"}', m.app.secret_key)),
        wrongKey: encryptBendData('{"page":"1"}', 'B'.repeat(32)),
        notJson: encryptBendData('page=1', m.app.secret_key),
        notUtf8: encryptBendRaw(Buffer.from([0xff, 0xfe, 0x7b]), m.app.secret_key),
      };
      for (const [name, data] of Object.entries(cases)) {
        const r = await signedGet(m, '/credit/transactions', data);
        expect([name, r.status, r.body.code]).toEqual([name, 400, 1006]);
      }
    });

    it('4001 for plain business parameters beside data, and for a body over the limit', async () => {
      const { url, init } = buildRequest(server.url, m, 'GET', '/products', { page: '1' });
      const r = await send(`${url}&page_size=100`, init);
      expect([r.status, r.body.code]).toEqual([400, 4001]);

      // A signed batch of 5,000 orders (~1.8 MB encrypted, over the 1 MiB default): HTTP 413, a plain,
      // unsigned 4001, as docs/api/bend-v1.md and the README's TRADEPOST_BODY_LIMIT row say.
      const orders = Array.from({ length: 5000 }, (_, i) =>
        orderRequest(product, { merchant_order_no: `BIG-${i}` }),
      );
      const batch = buildRequest(server.url, m, 'POST', '/batch-orders', { orders });
      const tooLarge = { code: 4001, message: 'Invalid parameters: request body too large', data: null };
      expect(await send(batch.url, batch.init)).toEqual({ status: 413, body: tooLarge });
      const huge = await send(`${server.url}/api/v1/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: 'A'.repeat(5 * 1024 * 1024) }),
      });
      expect(huge).toEqual({ status: 413, body: tooLarge });
      expect(docLine('docs/api/bend-v1.md', '| `4001` |')).toContain('413 for a body over the size limit');
      expect(docLine('README.md', '| `TRADEPOST_BODY_LIMIT` |')).toContain(
        'HTTP 413 with code 4001 (`Invalid parameters: request body too large`) on the B-End API and API tokens, `E011` in the Action API',
      );
    });

    it('answers an unknown path with a plain 404 and no stack trace', async () => {
      const r = await send(`${server.url}/api/v1/nope`, { method: 'GET' });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ code: 4001, message: expect.stringContaining('/api/v1/nope'), data: null });
    });
  });

  describe('money under concurrency, over HTTP', () => {
    it('60 orders racing for credit for 8 debit exactly 8 times and never below zero', async () => {
      const racer = await server.createMerchant({ creditLimit: '100.00' });
      const pricey = testProduct({ price: '12.50', stock: 1000 });
      await server.addProducts([pricey]);
      const results = await Promise.all(
        Array.from({ length: 60 }, () =>
          bend(server.url, racer, 'POST', '/orders', {
            goods_id: pricey.goods_id,
            sku_id: pricey.skus[0]!.sku_id,
            quantity: 1,
            shipping_address: address,
          }),
        ),
      );
      const codes = results.map((r) => r.payload.code);
      expect(codes.filter((c) => c === 0)).toHaveLength(8);
      expect(codes.filter((c) => c === 2001)).toHaveLength(52);
      const credit = await bend(server.url, racer, 'GET', '/credit');
      expect(credit.payload.data).toMatchObject({ used: '100.00', available: '0.00' });
    });

    it('60 concurrent copies of one merchant_order_no make one order and one debit', async () => {
      const dup = await server.createMerchant({ creditLimit: '1000.00' });
      const results = await Promise.all(
        Array.from({ length: 60 }, () =>
          bend(server.url, dup, 'POST', '/orders', orderRequest(product, { merchant_order_no: 'DUP-1' })),
        ),
      );
      const ok = results.filter((r) => r.payload.code === 0);
      const dups = results.filter((r) => r.payload.code === 2002);
      expect(ok).toHaveLength(1);
      expect(dups).toHaveLength(59);
      const orderNo = (ok[0]!.payload.data as { order_no: string }).order_no;
      for (const d of dups) {
        expect(d.status).toBe(409);
        expect(d.payload.data).toMatchObject({ order_no: orderNo });
      }
      const tx = await bend(server.url, dup, 'GET', '/credit/transactions', { page: '1', page_size: '100' });
      const items = (tx.payload.data as { items: { type: string }[] }).items;
      expect(items.filter((t) => t.type === 'order')).toHaveLength(1);
      // By cursor (the GET's parameters are strings, as every B-End GET's): the page after.
      const first = await bend(server.url, dup, 'GET', '/credit/transactions', { page_size: '1' });
      const head = first.payload.data as { items: { reference_no: string }[]; next_cursor: string };
      const next = await bend(server.url, dup, 'GET', '/credit/transactions', {
        page_size: '1',
        cursor: head.next_cursor,
      });
      expect(next.payload.data).toMatchObject({
        page: 0,
        items: [(tx.payload.data as typeof head).items[1]],
      });
    });
  });
});

function flipLastByte(data: string): string {
  const bytes = Buffer.from(data, 'base64');
  bytes[bytes.length - 1]! ^= 0x01;
  return bytes.toString('base64');
}

/** AES-256-GCM over arbitrary bytes, for plaintexts the protocol package refuses to produce. */
function encryptBendRaw(plain: Buffer, secretKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(secretKey, 'ascii'), iv);
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64');
}
