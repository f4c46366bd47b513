/**
 * The portal's refusal for stock, on each database: `out_of_stock` (409) on the quantity field,
 * with how many of the SKU are left (`available`), 0 once none are; nothing is charged. The
 * B-End API's answer for the same refusal is the spec's, unchanged.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bend } from '../helpers/bend-http.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { newProduct, orderRequest } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { webClient } from '../helpers/web-client.ts';

describeEachDatabase('portal out of stock', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url() });
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  it('says how many are left, on the quantity field; then none; nothing charged', async () => {
    const m = await server.createMerchant({ creditLimit: '100.00' });
    const web = webClient(server.url, 'portal');
    expect((await web.signIn(m.email, m.password)).status).toBe(200);
    const p = await newProduct(server.services, { price: '1.00', stock: 3 });

    const tooMany = await web.call('POST', '/orders', orderRequest(p, { quantity: 5 }));
    expect(tooMany.status).toBe(409);
    expect(tooMany.body).toEqual({
      error: {
        code: 'out_of_stock',
        message: 'Product out of stock',
        available: 3,
        fields: { quantity: 'only 3 left' },
      },
    });
    expect((await web.call('POST', '/orders', orderRequest(p, { quantity: 3 }))).status).toBe(200);
    const none = await web.call('POST', '/orders', orderRequest(p));
    expect(none.status).toBe(409);
    expect(none.body.error).toMatchObject({ available: 0, fields: { quantity: 'none left' } });
    expect((await web.call('GET', '/credit')).body.credit.available).toBe('97.00');

    // The B-End API answers the spec's 3002, and nothing more.
    const viaBend = await bend(server.url, m, 'POST', '/orders', orderRequest(p));
    expect(viaBend.payload).toEqual({ code: 3002, message: 'Product out of stock', data: null });
  });
});
