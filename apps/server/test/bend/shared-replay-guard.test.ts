/**
 * Several server processes on one PostgreSQL share one replay guard: a request accepted by one
 * server is refused (1007) by another, and both read the one ledger. (On SQLite one server owns
 * the data dir; the guard file's cross-connection behaviour is in services/nonces-file.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bend, buildRequest, decode, send } from '../helpers/bend-http.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { orderRequest, testProduct } from '../helpers/factories.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';

const postgres = eachDatabase().find((d) => d.name === 'postgres');

// Without PostgreSQL (and without CI=true, where eachDatabase keeps it and the suite fails) the
// suite is reported as skipped, with databases.ts's notice printed, rather than as no suite at all.
describe.skipIf(postgres === undefined)('two servers on one postgres database', () => {
  const database = postgres!;
  let a: TestServer;
  let b: TestServer;
  let m: TestMerchant;
  const product = testProduct({ price: '5.00', stock: 10 });

  beforeAll(async () => {
    const url = await database.url();
    // Both servers seal keys with the same master key, as processes of one deployment do.
    const env = { TRADEPOST_MASTER_KEY: 'ab'.repeat(32) };
    a = await startTestServer({ databaseUrl: url, env });
    b = await startTestServer({ databaseUrl: url, env });
    m = await a.createMerchant({ creditLimit: '100.00' });
    await a.addProducts([product]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database.dispose();
  });

  it('a request accepted by one server is a replay (1007) on the other, and charges once', async () => {
    const order = orderRequest(product);
    const first = buildRequest(a.url, m, 'POST', '/orders', order);
    expect(decode(m, await send(first.url, first.init)).payload.code).toBe(0);
    const replayed = await send(first.url.replace(a.url, b.url), first.init);
    expect([replayed.status, replayed.body.code]).toEqual([401, 1007]);
    const credit = await bend(b.url, m, 'GET', '/credit');
    expect(credit.payload.data).toMatchObject({ used: '5.00', available: '95.00' });
  });

  it('reads the same ledger from either server', async () => {
    const fromA = await bend(a.url, m, 'GET', '/credit/transactions', { page_size: '100' });
    const fromB = await bend(b.url, m, 'GET', '/credit/transactions', { page_size: '100' });
    expect(fromB.payload.data).toEqual(fromA.payload.data);
  });
});
