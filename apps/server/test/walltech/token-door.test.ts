/**
 * WallTech API tokens on the B-End REST paths over real HTTP, on each database: every path in
 * plain JSON, every failure code (1001-1005), read-only and revoked tokens, and which URL is
 * signed (the one the client addressed; X-Forwarded-* only when the server is told to trust it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachDatabase } from '../helpers/databases.ts';
import { docLine } from '../helpers/docs.ts';
import { orderRequest, testProduct } from '../helpers/factories.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';
import { walltech, type TokenCredentials } from './walltech-http.ts';

describe.each(eachDatabase())('WallTech tokens on $name', (database) => {
  let server: TestServer;
  let proxied: TestServer;
  let m: TestMerchant;
  let cred: TokenCredentials;
  const product = testProduct({ price: '3.50', stock: 40 });
  const sku = product.skus[0]!;
  const api = (path: string) => `${server.url}/api/v1${path}`;

  beforeAll(async () => {
    const databaseUrl = await database.url();
    server = await startTestServer({ databaseUrl });
    m = await server.createMerchant({ creditLimit: '100.00' });
    await server.addProducts([product]);
    cred = await server.services.tokens.create(m.merchantId, { name: 'warehouse' });
    // A second server, configured to sit behind a trusted reverse proxy.
    proxied = await startTestServer({ databaseUrl, env: { TRADEPOST_TRUST_PROXY: '1' } });
  });
  afterAll(async () => {
    await proxied?.close();
    await server?.close();
    await database.dispose();
  });

  describe('every B-End path, in plain JSON', () => {
    let orderNo = '';
    let batchNo = '';

    it('issues tokens of the spec shape, shown once and listed without secrets', async () => {
      expect(cred.token).toMatch(/^[A-Za-z0-9]{26}$/);
      expect(cred.secret_key).toMatch(/^[A-Za-z0-9]{32}$/);
      const listed = await server.services.tokens.list(m.merchantId);
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({
        token: cred.token,
        name: 'warehouse',
        status: 'active',
        read_only: false,
      });
      expect(JSON.stringify(listed)).not.toContain(cred.secret_key);
    });

    it('GET /products with the plain query string, /products/:id, /products/sku/:sku', async () => {
      const page = await walltech(
        api(`/products?page=1&page_size=2&keyword=${encodeURIComponent(product.title)}`),
        cred,
      );
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({
        code: 0,
        message: 'success',
        data: { page: 1, page_size: 2, total: 1 },
      });
      expect(page.body.data.items[0].goods_id).toBe(product.goods_id);
      const byId = await walltech(api(`/products/${product.goods_id}`), cred);
      expect(byId.body.data.goods_id).toBe(product.goods_id);
      const bySku = await walltech(api(`/products/sku/${sku.sku_id}`), cred);
      expect(bySku.body.data.skus[0]).toMatchObject({ sku_id: sku.sku_id, price: '3.50' });
      // A parameter given twice (both values signed) is said to be repeated, not "not an integer".
      const twice = await walltech(api('/products?page_size=1&page_size=2'), cred);
      expect(twice).toEqual({
        status: 400,
        body: { code: 4001, message: 'page_size: is repeated in the query; send it once', data: null },
      });
    });

    it('POST /orders and /batch-orders with a plain JSON body; GET them back', async () => {
      const created = await walltech(api('/orders'), cred, {
        body: orderRequest(product, { merchant_order_no: 'WT-1' }),
      });
      expect(created.status).toBe(200);
      expect(created.body.data).toMatchObject({ merchant_order_no: 'WT-1', amount: '3.50' });
      orderNo = created.body.data.order_no;
      const batch = await walltech(api('/batch-orders'), cred, {
        body: {
          merchant_batch_no: 'WT-B',
          orders: [
            orderRequest(product, { merchant_order_no: 'WT-2' }),
            orderRequest(product, { merchant_order_no: 'WT-3' }),
          ],
        },
      });
      expect(batch.body.data).toMatchObject({ total: 2, succeeded: 2 });
      batchNo = batch.body.data.batch_no;

      expect((await walltech(api(`/orders/${orderNo}`), cred)).body.data.order_no).toBe(orderNo);
      expect((await walltech(api('/orders/merchant/WT-1'), cred)).body.data.order_no).toBe(orderNo);
      expect((await walltech(api(`/batch-orders/${batchNo}`), cred)).body.data.batch_no).toBe(batchNo);
    });

    it('GET /credit and /credit/transactions', async () => {
      const credit = await walltech(api('/credit'), cred);
      expect(credit.body.data).toMatchObject({ used: '10.50', available: '89.50' });
      const tx = await walltech(api('/credit/transactions?page=1&page_size=3&type=order'), cred);
      expect(tx.body.data.items).toHaveLength(3);
    });

    it('domain failures keep the bend-v1.md statuses; a non-JSON body is 4001, one over the limit 413/4001', async () => {
      const missing = await walltech(api('/products/NO-SUCH'), cred);
      expect([missing.status, missing.body.code, missing.body.message]).toEqual([
        404,
        3001,
        'Product not found',
      ]);
      const dup = await walltech(api('/orders'), cred, {
        body: orderRequest(product, { merchant_order_no: 'WT-1' }),
      });
      expect([dup.status, dup.body.code]).toEqual([409, 2002]);
      expect(dup.body.data).toEqual({ order_no: orderNo });
      const junk = await walltech(api('/orders'), cred, { body: 'goods_id=1' });
      expect([junk.status, junk.body.code]).toEqual([400, 4001]);
      // 2 MB, over the 1 MiB default: HTTP 413 with 4001, as docs/api/tokens.md says.
      const big = await walltech(api('/orders'), cred, {
        body: { ...orderRequest(product), note: 'x'.repeat(2 * 1024 * 1024) },
      });
      expect(big).toEqual({
        status: 413,
        body: { code: 4001, message: 'Invalid parameters: request body too large', data: null },
      });
      expect(docLine('docs/api/tokens.md', '| 4001 | 413 |')).toContain('request body too large');
    });

    it('records last_used_at (asynchronously, off the request)', async () => {
      await expect
        .poll(async () => (await server.services.tokens.list(m.merchantId))[0]?.last_used_at, {
          timeout: 3000,
        })
        .toMatch(/^\d{4}-\d{2}-\d{2}T/);
    });
  });

  describe('failure codes', () => {
    it('1001 when the signature does not match what was requested', async () => {
      const tampered = { ...cred, secret_key: cred.secret_key.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) };
      const r = await walltech(api('/credit'), tampered);
      expect([r.status, r.body.code, r.body.message]).toEqual([401, 1001, 'Invalid signature']);
      // Signed for another query, path or host: the server checks the URL actually addressed.
      expect(
        (
          await walltech(api('/credit/transactions?page=2'), cred, {
            signedUrl: api('/credit/transactions?page=1'),
          })
        ).body.code,
      ).toBe(1001);
      expect(
        (await walltech(api('/credit'), cred, { signedUrl: api('/credit/transactions') })).body.code,
      ).toBe(1001);
      const otherHost = api('/credit').replace('127.0.0.1', 'localhost');
      expect((await walltech(api('/credit'), cred, { signedUrl: otherHost })).body.code).toBe(1001);
      expect(
        (await walltech(api('/credit'), cred, { method: 'POST', body: {}, signedUrl: api('/credit') }))
          .status,
      ).toBe(404);
    });

    it('1002 for an unknown token', async () => {
      const r = await walltech(api('/credit'), { token: 'Z'.repeat(26), secret_key: cred.secret_key });
      expect([r.status, r.body.code]).toEqual([401, 1002]);
    });

    it('1003 for a revoked token (others of the merchant keep working)', async () => {
      const doomed = await server.services.tokens.create(m.merchantId, { name: 'old laptop' });
      expect((await walltech(api('/credit'), doomed)).body.code).toBe(0);
      const revoked = await server.services.tokens.revoke(doomed.token);
      expect(revoked).toMatchObject({ status: 'revoked' });
      const r = await walltech(api('/credit'), doomed);
      expect([r.status, r.body.code, r.body.message]).toEqual([403, 1003, 'API token revoked']);
      expect((await walltech(api('/credit'), cred)).body.code).toBe(0);
    });

    it('1003 "read-only" for a write with a read-only token, nothing charged; reads work', async () => {
      const ro = await server.services.tokens.create(m.merchantId, { name: 'reporting', readOnly: true });
      const before = (await walltech(api('/credit'), ro)).body.data;
      const r = await walltech(api('/orders'), ro, {
        body: orderRequest(product, { merchant_order_no: 'RO-WT' }),
      });
      expect([r.status, r.body.code]).toEqual([403, 1003]);
      expect(r.body.message).toMatch(/read-only/);
      expect((await walltech(api('/credit'), ro)).body.data).toEqual(before);
      await expect(server.services.orders.getByMerchantOrderNo(m.merchantId, 'RO-WT')).rejects.toMatchObject({
        code: 3003,
      });
    });

    it('1003 for a token of a suspended merchant', async () => {
      const other = await server.createMerchant();
      const t = await server.services.tokens.create(other.merchantId, { name: 'x' });
      await server.services.merchants.setStatus(other.merchantId, 'suspended');
      const r = await walltech(api('/credit'), t);
      expect([r.body.code, r.body.message]).toEqual([1003, 'Merchant suspended']);
    });

    it('1004 for a missing date or a malformed Authorization', async () => {
      const noDate = await fetch(api('/credit'), {
        headers: { authorization: `WallTech ${cred.token}:AAAAAAAAAAAAAAAAAAAAAAAAAAA=` },
      });
      expect([noDate.status, ((await noDate.json()) as { code: number }).code]).toEqual([401, 1004]);
      const malformed = await walltech(api('/credit'), cred, {
        headers: { authorization: `WallTech ${cred.token}` },
      });
      expect(malformed.body.code).toBe(1004);
      const badDate = await walltech(api('/credit'), cred, { headers: { 'x-walltech-date': 'yesterday' } });
      expect(badDate.body.code).toBe(1004);
    });

    it('1005 for a date more than 15 minutes off, either way; 14 minutes passes', async () => {
      for (const minutes of [-16, 16]) {
        const r = await walltech(api('/credit'), cred, { now: new Date(Date.now() + minutes * 60_000) });
        expect([r.status, r.body.code], `${minutes} min`).toEqual([401, 1005]);
      }
      expect(
        (await walltech(api('/credit'), cred, { now: new Date(Date.now() - 14 * 60_000) })).body.code,
      ).toBe(0);
    });
  });

  describe('the signed URL behind a reverse proxy', () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.tradepost.example' };
    const publicUrl = 'https://api.tradepost.example/api/v1/credit';

    it('ignores X-Forwarded-* unless configured (default): the public URL does not verify', async () => {
      const r = await walltech(api('/credit'), cred, { headers: forwarded, signedUrl: publicUrl });
      expect(r.body.code).toBe(1001);
      expect((await walltech(api('/credit'), cred, { headers: forwarded })).body.code).toBe(0);
    });

    it('with TRADEPOST_TRUST_PROXY the public URL the client addressed is the one verified', async () => {
      // Its own merchant and token: a server seals with its own master key (and, on SQLite, its own file).
      const pm = await proxied.createMerchant();
      const pcred = await proxied.services.tokens.create(pm.merchantId, { name: 'behind proxy' });
      const r = await walltech(`${proxied.url}/api/v1/credit`, pcred, {
        headers: forwarded,
        signedUrl: publicUrl,
      });
      expect(r.body.code).toBe(0);
      expect(r.body.data.currency).toBe('USD');
    });

    it('the scheme’s default port written in the signed URL or in the Host, not in the other, is the same URL; another port is not', async () => {
      const pm = await proxied.createMerchant();
      const pcred = await proxied.services.tokens.create(pm.merchantId, { name: 'default port' });
      const credit = `${proxied.url}/api/v1/credit`;
      const withPort = 'https://api.tradepost.example:443/api/v1/credit';
      // A client configured with `https://…:443/api/v1`: its HTTP stack drops `:443` from the Host.
      const dropped = await walltech(credit, pcred, { headers: forwarded, signedUrl: withPort });
      // One that keeps it in the Host, having signed without it.
      const kept = await walltech(credit, pcred, {
        headers: { ...forwarded, 'x-forwarded-host': 'api.tradepost.example:443' },
        signedUrl: publicUrl,
      });
      const otherPort = await walltech(credit, pcred, {
        headers: forwarded,
        signedUrl: withPort.replace(':443', ':8443'),
      });
      expect([dropped.body.code, kept.body.code, otherPort.body.code]).toEqual([0, 0, 1001]);
    });
  });
});
