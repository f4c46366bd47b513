/**
 * The v1.1 order endpoints over real HTTP on each database, through every merchant door: the
 * B-End (`GET /orders`, `POST /orders/:order_no/cancel`, encrypted), WallTech tokens (same paths,
 * plain JSON), the Action API (`GetOrders`, `CancelOrder`) and the portal's cancel (a signed-in
 * merchant). Same answers, same codes, one refund; read-only credentials are refused a cancel and
 * nothing changes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bend } from '../helpers/bend-http.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { orderRequest, testProduct, type TestProduct } from '../helpers/factories.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';
import { callAction, type ActionKey } from '../action/action-http.ts';
import { walltech, type TokenCredentials } from '../walltech/walltech-http.ts';
import { webClient } from '../helpers/web-client.ts';

describeEachDatabase('order lifecycle doors', (database) => {
  let server: TestServer;
  let m: TestMerchant;
  let product: TestProduct;
  let token: TokenCredentials;
  let readOnlyToken: TokenCredentials;
  let key: ActionKey;
  const api = (path: string) => `${server.url}/api/v1${path}`;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url() });
    m = await server.createMerchant({ creditLimit: '1000.00' });
    [product] = (await server.addProducts([testProduct({ price: '5.00', stock: 100 })])) as [TestProduct];
    token = await server.services.tokens.create(m.merchantId, { name: 'rw' });
    readOnlyToken = await server.services.tokens.create(m.merchantId, { name: 'ro', readOnly: true });
    key = await server.services.apiKeys.create(m.email);
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  const place = (extra: Record<string, unknown> = {}) =>
    server.services.orders.create(m.merchantId, orderRequest(product, extra));
  const refunds = async (orderNo: string) =>
    (
      await server.services.credit.listTransactions(m.merchantId, { type: 'refund', page_size: 100 })
    ).items.filter((t) => t.order_no === orderNo);

  it('B-End: cancel answers the Order with the refund; again answers 0 and refunds nothing; 2003/409 once shipped', async () => {
    const o = await place();
    const r = await bend(server.url, m, 'POST', `/orders/${o.order_no}/cancel`, { reason: 'not needed' });
    expect([r.status, r.payload.code]).toEqual([200, 0]);
    const cancelled = r.payload.data as Record<string, unknown>;
    expect(cancelled).toMatchObject({
      order_no: o.order_no,
      status: 'cancelled',
      cancel_reason: 'not needed',
    });
    expect(cancelled).not.toHaveProperty('merchant_id');
    expect(await refunds(o.order_no)).toHaveLength(1);
    const again = await bend(server.url, m, 'POST', `/orders/${o.order_no}/cancel`, {});
    expect([again.status, again.payload.code, again.payload.data]).toEqual([200, 0, cancelled]);
    expect(await refunds(o.order_no)).toHaveLength(1);

    const s = await place();
    await server.services.orders.transition(s.order_no, 'processing');
    await server.services.orders.transition(s.order_no, 'shipped', { carrier: 'DHL', tracking_no: 'JD0001' });
    const refused = await bend(server.url, m, 'POST', `/orders/${s.order_no}/cancel`, {});
    expect([refused.status, refused.payload.code, refused.payload.message]).toEqual([
      409,
      2003,
      'Order cannot be cancelled in its current status: shipped',
    ]);
    const tooLong = await bend(server.url, m, 'POST', `/orders/${s.order_no}/cancel`, {
      reason: 'r'.repeat(201),
    });
    expect([tooLong.status, tooLong.payload.code]).toEqual([400, 4001]);
    const unknown = await bend(server.url, m, 'POST', '/orders/ORDNOSUCH/cancel', {});
    expect([unknown.status, unknown.payload.code]).toEqual([404, 3003]);
    // Every door shows the shipped order with its carrier and tracking number.
    const seen = await bend(server.url, m, 'GET', `/orders/${s.order_no}`);
    expect(seen.payload.data).toMatchObject({ status: 'shipped', carrier: 'DHL', tracking_no: 'JD0001' });
    expect((await walltech(api(`/orders/${s.order_no}`), token)).body.data).toMatchObject({
      status: 'shipped',
      tracking_no: 'JD0001',
    });
    const viaAction = await callAction(server.url, key, 'GetOrder', { params: { OrderNo: s.order_no } });
    expect(viaAction.body).toMatchObject({ status: 'shipped', carrier: 'DHL', tracking_no: 'JD0001' });
  });

  it('B-End GET /orders: filters, newest first, page echo; bad filters are 4001', async () => {
    const a = await place({ merchant_order_no: `F-${Date.now()}` });
    await server.services.orders.transition(a.order_no, 'processing');
    const r = await bend(server.url, m, 'GET', '/orders', { status: 'processing', page_size: 5 });
    expect(r.payload.code).toBe(0);
    const page = r.payload.data as {
      items: { order_no: string; status: string }[];
      page: number;
      page_size: number;
      total: number;
    };
    expect(page.items[0]!.order_no).toBe(a.order_no);
    expect(page.items.every((o) => o.status === 'processing')).toBe(true);
    expect([page.page, page.page_size]).toEqual([1, 5]);
    const bad = await bend(server.url, m, 'GET', '/orders', { created_from: 'last tuesday' });
    expect([bad.status, bad.payload.code]).toEqual([400, 4001]);
    expect(bad.payload.message).toMatch(/^created_from: /);
  });

  it('WallTech tokens reach both paths; a read-only token is refused a cancel (1003) and nothing changes', async () => {
    const o = await place();
    const list = await walltech(api('/orders?status=pending&page_size=100'), token);
    expect(list.body.code).toBe(0);
    expect(list.body.data.items.map((i: { order_no: string }) => i.order_no)).toContain(o.order_no);
    const ro = await walltech(api(`/orders/${o.order_no}/cancel`), readOnlyToken, { body: {} });
    expect([ro.status, ro.body.code]).toEqual([403, 1003]);
    expect((await server.services.orders.get(m.merchantId, o.order_no)).status).toBe('pending');
    expect((await walltech(api('/orders'), readOnlyToken)).body.code).toBe(0);
    const ok = await walltech(api(`/orders/${o.order_no}/cancel`), token, { body: { reason: 'by token' } });
    expect([ok.status, ok.body.code, ok.body.data.status, ok.body.data.cancel_reason]).toEqual([
      200,
      0,
      'cancelled',
      'by token',
    ]);
    expect(await refunds(o.order_no)).toHaveLength(1);
  });

  it('Action API: GetOrders (JSON and XML) and CancelOrder by OrderNo or MerchantOrderNo; read-only key E009', async () => {
    const mon = `ACT-${Date.now()}`;
    const a = await place({ merchant_order_no: mon });
    const b = await place();
    const list = await callAction(server.url, key, 'GetOrders', {
      params: { Status: 'pending', PageSize: '100' },
    });
    expect(list.error).toBeUndefined();
    expect(list.body.items.map((i: { order_no: string }) => i.order_no)).toEqual(
      expect.arrayContaining([a.order_no, b.order_no]),
    );
    const xml = await callAction(server.url, key, 'GetOrders', {
      params: { BatchNo: 'BATNONE' },
      format: 'XML',
    });
    expect(xml.error).toBeUndefined();
    expect(xml.body.total).toBe('0');

    // A change only on a POST: a GET (a prefetcher's, a crawler's) cancels nothing.
    const got = await callAction(server.url, key, 'CancelOrder', {
      params: { MerchantOrderNo: mon, Reason: 'dup' },
      method: 'GET',
    });
    expect(got.error).toMatchObject({
      ErrorCode: '5',
      ErrorMessage: 'E005: Invalid Request Format: CancelOrder changes data and must be sent as POST',
    });
    expect((await server.services.orders.get(m.merchantId, a.order_no)).status).toBe('pending');
    const byMon = await callAction(server.url, key, 'CancelOrder', {
      params: { MerchantOrderNo: mon, Reason: 'dup' },
    });
    expect(byMon.error).toBeUndefined();
    expect(byMon.body).toMatchObject({ order_no: a.order_no, status: 'cancelled', cancel_reason: 'dup' });
    expect(await refunds(a.order_no)).toHaveLength(1);
    const missing = await callAction(server.url, key, 'CancelOrder', {});
    expect(missing.error).toMatchObject({
      ErrorCode: '1',
      ErrorMessage: 'E001: Parameter OrderNo or MerchantOrderNo is mandatory',
    });

    const other = await server.createMerchant();
    const roKey = await server.services.apiKeys.create(other.email, { readOnly: true });
    const refused = await callAction(server.url, roKey, 'CancelOrder', { params: { OrderNo: b.order_no } });
    expect(refused.error).toMatchObject({ ErrorCode: '9' });
    expect((await server.services.orders.get(m.merchantId, b.order_no)).status).toBe('pending');
    await server.services.orders.transition(b.order_no, 'failed', { reason: 'supplier' });
    const afterFail = await callAction(server.url, key, 'CancelOrder', { params: { OrderNo: b.order_no } });
    expect(afterFail.error).toMatchObject({
      ErrorCode: '2003',
      ErrorMessage: 'Order cannot be cancelled in its current status: failed',
    });
    expect(await refunds(b.order_no)).toHaveLength(1);
  });

  it('Portal: a signed-in merchant cancels its order once (one refund), not a shipped one nor another merchant’s', async () => {
    const web = webClient(server.url, 'portal');
    expect((await web.signIn(m.email, m.password)).status).toBe(200);
    const o = await place();
    const r = await web.call('POST', `/orders/${o.order_no}/cancel`, { reason: 'ordered twice' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      order_no: o.order_no,
      status: 'cancelled',
      cancel_reason: 'ordered twice',
    });
    expect(r.body).not.toHaveProperty('merchant_id');
    const again = await web.call('POST', `/orders/${o.order_no}/cancel`, {});
    expect([again.status, again.body]).toEqual([200, r.body]);
    expect(await refunds(o.order_no)).toHaveLength(1);

    const s = await place();
    await server.services.orders.transition(s.order_no, 'processing');
    await server.services.orders.transition(s.order_no, 'shipped', { carrier: 'DHL', tracking_no: 'JD0002' });
    const shipped = await web.call('POST', `/orders/${s.order_no}/cancel`, {});
    expect([shipped.status, shipped.body.error.code, shipped.body.error.message]).toEqual([
      409,
      'conflict',
      'Order cannot be cancelled in its current status: shipped',
    ]);
    const tooLong = await web.call('POST', `/orders/${s.order_no}/cancel`, { reason: 'r'.repeat(201) });
    expect([tooLong.status, tooLong.body.error.fields]).toEqual([
      400,
      { reason: 'must be at most 200 characters' },
    ]);

    const other = await server.createMerchant({ creditLimit: '100.00' });
    const theirs = await server.services.orders.create(other.merchantId, orderRequest(product));
    const foreign = await web.call('POST', `/orders/${theirs.order_no}/cancel`, {});
    const unknown = await web.call('POST', '/orders/ORDNOSUCH/cancel', {});
    expect([foreign.status, foreign.body]).toEqual([unknown.status, unknown.body]);
    expect(foreign.status).toBe(404);
    expect((await server.services.orders.get(other.merchantId, theirs.order_no)).status).toBe('pending');
  });
  it('the audit log names the way each cancel came in (the App, the token, the Action key, the portal user), and finds them by it', async () => {
    const [viaApp, viaToken, viaKey, viaPortal] = await Promise.all([place(), place(), place(), place()]);
    expect((await bend(server.url, m, 'POST', `/orders/${viaApp.order_no}/cancel`, {})).payload.code).toBe(0);
    expect((await walltech(api(`/orders/${viaToken.order_no}/cancel`), token, { body: {} })).body.code).toBe(
      0,
    );
    const action = await callAction(server.url, key, 'CancelOrder', { params: { OrderNo: viaKey.order_no } });
    expect(action.error).toBeUndefined();
    const web = webClient(server.url, 'portal');
    expect((await web.signIn(m.email, m.password)).status).toBe(200);
    expect((await web.call('POST', `/orders/${viaPortal.order_no}/cancel`, {})).status).toBe(200);

    const who = async (orderNo: string) => {
      const [e] = (await server.services.audit.forOrder(orderNo, { page: 1, pageSize: 10 })).items;
      return [e?.actor_type, e?.actor_id, e?.actor_label, e?.actor_credential];
    };
    expect(await who(viaApp.order_no)).toEqual(['merchant', m.merchantId, null, `app:${m.app.app_id}`]);
    expect(await who(viaToken.order_no)).toEqual(['merchant', m.merchantId, null, `token:${token.token}`]);
    expect(await who(viaKey.order_no)).toEqual(['merchant', m.merchantId, null, 'api_key']);
    expect(await who(viaPortal.order_no)).toEqual(['merchant', m.merchantId, m.email, null]);
    // The console's search finds what one App or one token did, by the id it shows.
    const searched = async (q: string) =>
      (await server.services.audit.search({ q, page: 1, pageSize: 50 })).items.map((e) => e.target_id);
    expect(await searched(m.app.app_id)).toContain(viaApp.order_no);
    expect(await searched(m.app.app_id)).not.toContain(viaToken.order_no);
    expect(await searched(token.token)).toEqual(expect.arrayContaining([viaToken.order_no]));
    expect(await searched(token.token)).not.toContain(viaApp.order_no);
  });
});
