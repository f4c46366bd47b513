/* eslint-disable @typescript-eslint/no-explicit-any -- wire envelopes read as untyped data, in both their JSON and XML shapes */
/**
 * The Action API door over real HTTP, on each database: all eight actions in JSON and XML
 * (responses and request bodies), every E-code of the convention the server emits, and the
 * numeric domain codes with the B-End messages.
 */
import { actionStringToSign, formatActionTimestamp, signAction } from '@tradepost/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachDatabase } from '../helpers/databases.ts';
import { address, orderRequest, testProduct } from '../helpers/factories.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';
import { actionUrl, callAction, orderXml, sendAction, type ActionKey } from './action-http.ts';

/** XML has no arrays of one: a repeated element parses as an array, a single one as an object. */
const list = (x: unknown): any[] => (x === undefined || x === '' ? [] : Array.isArray(x) ? x : [x]);

describe.each(eachDatabase())('Action API on $name', (database) => {
  let server: TestServer;
  let m: TestMerchant;
  let key: ActionKey;
  const product = testProduct({ price: '12.30', stock: 50 });
  const scarce = testProduct({ price: '1.00', stock: 1 });
  const sku = product.skus[0]!;
  const orderJson = (extra: Record<string, unknown> = {}) => JSON.stringify(orderRequest(product, extra));

  beforeAll(async () => {
    server = await startTestServer({
      databaseUrl: await database.url(),
      env: { TRADEPOST_BODY_LIMIT: '65536' },
    });
    m = await server.createMerchant({ creditLimit: '1000.00' });
    await server.addProducts([product, scarce]);
    key = await server.services.apiKeys.create(m.email);
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  describe.each(['JSON', 'XML'] as const)('every action, %s', (format) => {
    const isXml = format === 'XML';
    // XML carries text only: numbers come back as their digits.
    const num = (v: number) => (isXml ? String(v) : v);
    let orderNo = '';
    let batchNo = '';
    const ref = `${format}-1`;

    it('GetProducts pages the catalog, with Keyword', async () => {
      const r = await callAction(server.url, key, 'GetProducts', {
        format,
        params: { Page: '1', PageSize: '1', Keyword: product.title },
      });
      expect(r.status).toBe(200);
      expect(r.contentType).toContain(isXml ? 'application/xml' : 'application/json');
      expect(r.envelope.SuccessResponse).toBeDefined();
      expect((r.envelope.SuccessResponse as any).Head).toMatchObject({
        RequestAction: 'GetProducts',
        ResponseType: 'Products',
      });
      expect(r.body).toMatchObject({ page: num(1), page_size: num(1), total: num(1) });
      const items = isXml ? list(r.body.items.item) : r.body.items;
      expect(items).toHaveLength(1);
      expect(items[0].goods_id).toBe(product.goods_id);
      const skus = isXml ? list(items[0].skus.sku) : items[0].skus;
      expect(skus[0]).toMatchObject({ sku_id: sku.sku_id, price: '12.30' });
      const images = isXml ? list(items[0].images.image) : items[0].images;
      expect(images).toEqual(product.images);
    });

    it('GetProduct by GoodsId and by SkuId', async () => {
      const byId = await callAction(server.url, key, 'GetProduct', {
        format,
        params: { GoodsId: product.goods_id! },
      });
      expect(byId.body.goods_id).toBe(product.goods_id);
      const bySku = await callAction(server.url, key, 'GetProduct', {
        format,
        params: { SkuId: sku.sku_id! },
      });
      expect(bySku.body.goods_id).toBe(product.goods_id);
      expect((bySku.envelope.SuccessResponse as any).Head.ResponseType).toBe('Product');
    });

    it(`CreateOrder from a ${format} body`, async () => {
      const body = isXml
        ? `<?xml version="1.0" encoding="UTF-8"?><Request>${orderXml({ goods_id: product.goods_id!, sku_id: sku.sku_id!, quantity: 2, merchant_order_no: ref, address: address })}</Request>`
        : orderJson({ quantity: 2, merchant_order_no: ref });
      const r = await callAction(server.url, key, 'CreateOrder', { format, body });
      expect(r.error).toBeUndefined();
      expect(r.body).toMatchObject({
        merchant_order_no: ref,
        quantity: num(2),
        amount: '24.60',
        status: 'pending',
      });
      expect(r.body.shipping_address).toMatchObject({ country: 'GB', postal_code: address.postal_code });
      orderNo = r.body.order_no;
    });

    it('GetOrder by OrderNo and by MerchantOrderNo', async () => {
      const a = await callAction(server.url, key, 'GetOrder', { format, params: { OrderNo: orderNo } });
      expect(a.body).toMatchObject({ order_no: orderNo, merchant_order_no: ref });
      const b = await callAction(server.url, key, 'GetOrder', { format, params: { MerchantOrderNo: ref } });
      expect(b.body.order_no).toBe(orderNo);
    });

    it(`CreateBatchOrder from a ${format} body, then GetBatchOrder`, async () => {
      const o = (n: number) => ({
        goods_id: product.goods_id!,
        sku_id: sku.sku_id!,
        quantity: 1,
        merchant_order_no: `${format}-B${n}`,
        address: address,
      });
      const body = isXml
        ? `<Request><Batch><MerchantBatchNo>${format}-BATCH</MerchantBatchNo><Orders>${orderXml(o(1))}${orderXml(o(2))}</Orders></Batch></Request>`
        : JSON.stringify({
            merchant_batch_no: `${format}-BATCH`,
            orders: [1, 2].map((n) => JSON.parse(orderJson({ merchant_order_no: `${format}-B${n}` }))),
          });
      const r = await callAction(server.url, key, 'CreateBatchOrder', { format, body });
      expect(r.error).toBeUndefined();
      expect(r.body).toMatchObject({
        merchant_batch_no: `${format}-BATCH`,
        total: num(2),
        succeeded: num(2),
        failed: num(0),
      });
      batchNo = r.body.batch_no;
      const got = await callAction(server.url, key, 'GetBatchOrder', {
        format,
        params: { BatchNo: batchNo },
      });
      expect(got.body.batch_no).toBe(batchNo);
      const items = isXml ? list(got.body.items.item) : got.body.items;
      expect(items.map((i: any) => i.merchant_order_no)).toEqual([`${format}-B1`, `${format}-B2`]);
    });

    it('GetCredit and GetCreditTransactions', async () => {
      const c = await callAction(server.url, key, 'GetCredit', { format });
      expect(c.body).toMatchObject({ currency: 'USD', credit_limit: '1000.00' });
      expect((c.envelope.SuccessResponse as any).Head.ResponseType).toBe('Credit');
      const t = await callAction(server.url, key, 'GetCreditTransactions', {
        format,
        params: { Page: '1', PageSize: '2', Type: 'order' },
      });
      const items = isXml ? list(t.body.items.item) : t.body.items;
      expect(items).toHaveLength(2);
      expect(items.every((i: any) => i.type === 'order')).toBe(true);
      expect(t.body.page_size).toBe(num(2));
    });

    it('GetCreditTransactions and GetProducts by Cursor: the page after a next_cursor; an entry arriving meanwhile is not read twice', async () => {
      const page = (params: Record<string, string>) =>
        callAction(server.url, key, 'GetCreditTransactions', {
          format,
          params: { PageSize: '2', ...params },
        });
      const itemsOf = (r: Awaited<ReturnType<typeof page>>): any[] =>
        isXml ? list(r.body.items.item) : r.body.items;
      for (let i = 0; i < 3; i++)
        await callAction(server.url, key, 'CreateOrder', { format: 'JSON', body: orderJson() });
      const first = await page({ Page: '1' });
      const cursor = first.body.next_cursor as string;
      expect(cursor).toMatch(/^\d+$/);
      // A new entry (newest first) would push page 1's last entry onto an offset page 2.
      const placed = await callAction(server.url, key, 'CreateOrder', { format: 'JSON', body: orderJson() });
      expect(placed.body.order_no).toMatch(/^ORD/);
      const byOffset = itemsOf(await page({ Page: '2' }));
      const byCursor = await page({ Cursor: cursor, Page: '2' });
      const seen = new Set(itemsOf(first).map((i) => i.reference_no));
      expect(byOffset.some((i) => seen.has(i.reference_no))).toBe(true);
      expect(byCursor.body.page).toBe(num(0));
      expect(itemsOf(byCursor)).toHaveLength(2);
      expect(itemsOf(byCursor).some((i) => seen.has(i.reference_no))).toBe(false);

      // Products: the cursor's page is the B-End keyset page after page 1.
      const products = (params: Record<string, string>) =>
        callAction(server.url, key, 'GetProducts', { format, params: { PageSize: '1', ...params } });
      const p1 = await products({ Page: '1' });
      const p2 = await products({ Cursor: p1.body.next_cursor as string });
      const goods = (r: Awaited<ReturnType<typeof products>>) =>
        (isXml ? list(r.body.items.item) : r.body.items).map((i: any) => i.goods_id);
      expect(goods(p2)).toEqual(goods(await products({ Page: '2' })));
      const bad = await callAction(server.url, key, 'GetCreditTransactions', {
        format,
        params: { Cursor: 'x' },
      });
      expect(bad.error).toMatchObject({ ErrorCode: '4001' });
      expect(bad.error?.ErrorMessage).toContain('cursor');
    });
  });

  describe('request bodies', () => {
    it('reads a JSON body labelled as XML, and an XML body labelled as JSON', async () => {
      const a = await callAction(server.url, key, 'CreateOrder', {
        body: orderJson(),
        contentType: 'text/xml',
      });
      expect(a.body?.amount).toBe('12.30');
      const xml = `<Request>${orderXml({ goods_id: product.goods_id!, sku_id: sku.sku_id!, quantity: 1, address: address })}</Request>`;
      const b = await callAction(server.url, key, 'CreateOrder', {
        body: xml,
        contentType: 'application/json',
      });
      expect(b.body?.amount).toBe('12.30');
    });

    it('accepts PascalCase JSON and the {"Request":{"Order":…}} wrapper', async () => {
      const body = JSON.stringify({
        Request: {
          Order: {
            GoodsId: product.goods_id,
            SkuId: sku.sku_id,
            Quantity: 1,
            ShippingAddress: { ...address, PostalCode: '01234' },
          },
        },
      });
      const r = await callAction(server.url, key, 'CreateOrder', { body });
      expect(r.body?.shipping_address.postal_code).toBe('01234');
    });

    it('keeps XML text as text (a leading-zero postal code) and refuses a non-integer Quantity with 4001', async () => {
      const bad = `<Request>${orderXml({ goods_id: product.goods_id!, sku_id: sku.sku_id!, quantity: 'two', address: address })}</Request>`;
      const r = await callAction(server.url, key, 'CreateOrder', { format: 'XML', body: bad });
      expect(r.error).toMatchObject({ ErrorCode: '4001', ErrorType: 'Sender' });
      expect(r.error!.ErrorMessage).toMatch(/^quantity: /);
    });
  });

  describe('E-codes of the convention', () => {
    const signed = (params: Record<string, string>, apiKey = key.api_key) =>
      `${server.url}/api/action?${actionStringToSign(params)}&Signature=${signAction(params, apiKey)}`;
    const base = () => ({
      Action: 'GetCredit',
      UserID: key.user_id,
      Version: '1.0',
      Timestamp: formatActionTimestamp(new Date()),
    });

    it('E001 for each missing mandatory parameter', async () => {
      for (const name of ['Action', 'UserID', 'Version', 'Timestamp'] as const) {
        const params: Record<string, string> = base();
        delete params[name];
        const r = await sendAction(signed(params));
        expect(r.status).toBe(200);
        expect(r.error).toMatchObject({
          ErrorCode: '1',
          ErrorMessage: `E001: Parameter ${name} is mandatory`,
        });
      }
      const noSig = await sendAction(`${server.url}/api/action?${actionStringToSign(base())}`);
      expect(noSig.error?.ErrorMessage).toBe('E001: Parameter Signature is mandatory');
      const noId = await callAction(server.url, key, 'GetProduct');
      expect(noId.error?.ErrorMessage).toBe('E001: Parameter GoodsId or SkuId is mandatory');
      const noBatch = await callAction(server.url, key, 'GetBatchOrder', { format: 'XML' });
      expect(noBatch.error).toMatchObject({ ErrorCode: '1', RequestAction: 'GetBatchOrder' });
    });

    it('E002 for another Version', async () => {
      const r = await sendAction(signed({ ...base(), Version: '2.0' }));
      expect(r.error).toMatchObject({ ErrorCode: '2', ErrorMessage: 'E002: Invalid Version' });
    });

    it('E003 outside the timestamp window, either side', async () => {
      for (const offset of [-400_000, 400_000]) {
        const r = await sendAction(
          actionUrl(server.url, key, 'GetCredit', { timestamp: new Date(Date.now() + offset) }),
        );
        expect(r.error).toMatchObject({ ErrorCode: '3', ErrorMessage: 'E003: Timestamp has expired' });
      }
    });

    it('E004 for an unparseable Timestamp; the convention forms all pass', async () => {
      const r = await sendAction(signed({ ...base(), Timestamp: '2015-07-01 11:11:11' }));
      expect(r.error).toMatchObject({ ErrorCode: '4', ErrorMessage: 'E004: Invalid Timestamp format' });
      const iso = new Date().toISOString();
      for (const ts of [
        iso,
        iso.replace('Z', '+00:00'),
        iso.slice(0, 19) + '+0000',
        iso.slice(0, 16) + 'Z',
      ]) {
        const ok = await sendAction(signed({ ...base(), Timestamp: ts }));
        expect(ok.error, ts).toBeUndefined();
      }
    });

    it('E005 for a bad Format and unparseable bodies; E007 for a parameter repeated after signing', async () => {
      const fmt = await sendAction(signed({ ...base(), Format: 'CSV' }));
      expect(fmt.error).toMatchObject({ ErrorCode: '5', ErrorMessage: 'E005: Invalid Request Format' });
      // A repeat counts with its last value, which this signature never covered.
      const twice = await sendAction(`${signed(base())}&Action=GetProducts`);
      expect(twice.error).toMatchObject({ ErrorCode: '7', RequestAction: 'GetProducts' });
      for (const body of [
        'not json at all',
        '{"goods_id":',
        '<Request><Order>',
        '[1,2]',
        '<Other/>',
        '<!DOCTYPE x [<!ENTITY a "b">]><Request/>',
      ]) {
        const r = await callAction(server.url, key, 'CreateOrder', { format: 'XML', body });
        expect(r.error, body).toMatchObject({
          ErrorCode: '5',
          ErrorMessage: 'E005: Invalid Request Format',
          RequestAction: 'CreateOrder',
        });
      }
    });

    it('E007 for a wrong signature, an unknown user, and a key that was regenerated', async () => {
      // Flip the first hex digit (always a change, unlike overwriting it with a fixed one).
      const flip = (url: string) =>
        url.replace(/Signature=(.)/, (_, c: string) => `Signature=${c === '0' ? '1' : '0'}`);
      const tampered = (await sendAction(flip(signed(base())))).error;
      expect(tampered).toMatchObject({
        ErrorCode: '7',
        ErrorMessage: 'E007: Login failed. Signature mismatch',
        ErrorType: 'Sender',
      });
      const stranger = await sendAction(signed({ ...base(), UserID: 'nobody@example.com' }));
      expect(stranger.error?.ErrorCode).toBe('7');

      const other = await server.createMerchant();
      const first = await server.services.apiKeys.create(other.email);
      expect((await callAction(server.url, first, 'GetCredit')).error).toBeUndefined();
      const second = await server.services.apiKeys.create(other.email);
      expect(second.api_key).toMatch(/^[0-9a-f]{40}$/);
      expect(second.api_key).not.toBe(first.api_key);
      expect((await callAction(server.url, first, 'GetCredit')).error?.ErrorCode).toBe('7');
      expect((await callAction(server.url, second, 'GetCredit')).error).toBeUndefined();
    });

    it('E008 for an Action the server does not have', async () => {
      const r = await callAction(server.url, key, 'FeedList', { format: 'XML' });
      expect(r.contentType).toContain('application/xml');
      expect(r.text).toContain(
        '<ErrorResponse><Head><RequestAction>FeedList</RequestAction><ErrorType>Sender</ErrorType><ErrorCode>8</ErrorCode><ErrorMessage>E008: Invalid Action</ErrorMessage></Head><Body/></ErrorResponse>',
      );
    });

    it('E009 for a write with a read-only key (nothing charged) and for a suspended merchant', async () => {
      const other = await server.createMerchant({ creditLimit: '50.00' });
      const readOnly = await server.services.apiKeys.create(other.email, { readOnly: true });
      const before = await server.services.credit.get(other.merchantId);
      const r = await callAction(server.url, readOnly, 'CreateOrder', {
        body: orderJson({ merchant_order_no: 'RO-1' }),
      });
      expect(r.error).toMatchObject({ ErrorCode: '9', ErrorMessage: 'E009: Access Denied' });
      expect(await server.services.credit.get(other.merchantId)).toEqual(before);
      expect((await callAction(server.url, readOnly, 'GetCredit')).body).toMatchObject({
        available: '50.00',
      });

      await server.services.merchants.setStatus(other.merchantId, 'suspended');
      expect((await callAction(server.url, readOnly, 'GetCredit')).error?.ErrorCode).toBe('9');
    });

    it('E011 for a body over the limit, still in the envelope of the asked Format', async () => {
      const r = await callAction(server.url, key, 'CreateOrder', {
        format: 'XML',
        body: `<Request>${'x'.repeat(70_000)}</Request>`,
      });
      expect(r.status).toBe(200);
      expect(r.error).toMatchObject({
        ErrorCode: '11',
        ErrorMessage: 'E011: Request too Big',
        RequestAction: 'CreateOrder',
      });
      expect(r.text).not.toMatch(/stack|Error:/);
    });

    it('E030 for a write with an empty body or none; E005 for a write sent as GET', async () => {
      const empty = await callAction(server.url, key, 'CreateOrder', { body: '  ' });
      expect(empty.error).toMatchObject({ ErrorCode: '30', ErrorMessage: 'E030: Empty Request' });
      const none = await callAction(server.url, key, 'CreateBatchOrder', { method: 'POST' });
      expect(none.error?.ErrorCode).toBe('30');
      for (const action of ['CreateOrder', 'CreateBatchOrder', 'CancelOrder']) {
        const get = await callAction(server.url, key, action, { method: 'GET' });
        expect(get.error, action).toMatchObject({
          ErrorCode: '5',
          ErrorMessage: `E005: Invalid Request Format: ${action} changes data and must be sent as POST`,
        });
      }
    });
  });

  describe('domain failures keep the B-End codes and messages', () => {
    it('2001 insufficient credit, 2002 duplicate (Body names the order), 3001, 3002, 3003, 3004', async () => {
      const poor = await server.createMerchant({ creditLimit: '5.00' });
      const poorKey = await server.services.apiKeys.create(poor.email);
      const broke = await callAction(server.url, poorKey, 'CreateOrder', { body: orderJson() });
      expect(broke.error).toMatchObject({ ErrorCode: '2001', ErrorMessage: 'Insufficient credit' });

      const first = await callAction(server.url, key, 'CreateOrder', {
        body: orderJson({ merchant_order_no: 'DUP-1' }),
      });
      const again = await callAction(server.url, key, 'CreateOrder', {
        body: orderJson({ merchant_order_no: 'DUP-1' }),
      });
      expect(again.error).toMatchObject({ ErrorCode: '2002', ErrorMessage: 'Duplicate order' });
      expect((again.envelope.ErrorResponse as any).Body).toEqual({ order_no: first.body.order_no });

      const missing = await callAction(server.url, key, 'GetProduct', {
        format: 'XML',
        params: { GoodsId: 'NO-SUCH' },
      });
      expect(missing.error).toMatchObject({ ErrorCode: '3001', ErrorMessage: 'Product not found' });
      const s = scarce.skus[0]!;
      const scarceOrder = (n: number) =>
        JSON.stringify({
          goods_id: scarce.goods_id,
          sku_id: s.sku_id,
          quantity: n,
          shipping_address: address,
        });
      expect(
        (await callAction(server.url, key, 'CreateOrder', { body: scarceOrder(2) })).error,
      ).toMatchObject({
        ErrorCode: '3002',
        ErrorMessage: 'Product out of stock',
      });
      expect(
        (await callAction(server.url, key, 'GetOrder', { params: { OrderNo: 'ORD-NOPE' } })).error,
      ).toMatchObject({
        ErrorCode: '3003',
        ErrorMessage: 'Order not found',
      });
      expect(
        (await callAction(server.url, key, 'GetBatchOrder', { params: { BatchNo: 'BAT-NOPE' } })).error,
      ).toMatchObject({
        ErrorCode: '3004',
      });
      const badPage = await callAction(server.url, key, 'GetProducts', { params: { PageSize: '1000' } });
      expect(badPage.error).toMatchObject({ ErrorCode: '4001' });
      // The refusal names the parameter as the client sent it, whichever of its names that was.
      expect(badPage.error!.ErrorMessage).toMatch(/^PageSize: /);
      const snakePage = await callAction(server.url, key, 'GetProducts', { params: { page_size: '1000' } });
      expect(snakePage.error!.ErrorMessage).toMatch(/^page_size: /);
      const badStatus = await callAction(server.url, key, 'GetOrders', { params: { Status: 'lost' } });
      expect(badStatus.error).toMatchObject({
        ErrorCode: '4001',
        ErrorMessage: expect.stringMatching(/^Status: /),
      });
    });
  });
});
