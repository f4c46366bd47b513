/**
 * A request the server has received whole is answered, however long its answer takes. The socket
 * inactivity timeout (10 s, app.ts) is for clients that go silent; before doors/intake.ts kept
 * such sockets it also cut one whose order was waiting on the database, and a client that had
 * sent an order heard nothing at all (undici: "other side closed") while the order committed.
 *
 * The order is held past that timeout: on SQLite by holding the WAL fsync (its answer waits for
 * it: db/durable-answers.test.ts), on PostgreSQL by another transaction holding the merchant's
 * credit row. It is answered once released, and placed once; meanwhile a client that went silent
 * halfway through its body is still cut by that timeout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bend } from '../helpers/bend-http.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { holdThreadPool, within } from '../helpers/hold.ts';
import { orderRequest, testProduct, type TestProduct } from '../helpers/factories.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';

/** Longer than the server's socket inactivity timeout (connectionTimeout, 10 s). */
const HELD_MS = 11_500;

describe.each(eachDatabase())('slow answers on $name', (database) => {
  let server: TestServer;
  let m: TestMerchant;
  let product: TestProduct;
  let url: string | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'tradepost-slow-'));

  beforeAll(async () => {
    url = await database.url();
    server = await startTestServer({ databaseUrl: url, captureLogs: true });
    m = await server.createMerchant({ creditLimit: '100.00' });
    [product] = (await server.addProducts([testProduct({ price: '2.00' })])) as [TestProduct];
    // Warm the credential cache and the replay guard, and let the App's "last used" write settle,
    // so that what the hold below stalls is the order's own commit.
    expect((await bend(server.url, m, 'GET', '/orders', { page_size: 1 })).status).toBe(200);
    await sleep(50);
    await server.running.ctx.writer.allDurable();
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Stalls the next order's commit until `release()`. */
  async function holdTheOrder(): Promise<{ release(): Promise<void> }> {
    if (database.name === 'sqlite') {
      const pool = await holdThreadPool(dir);
      return { release: () => pool.close() };
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('begin');
    await client.query('select 1 from credit_accounts where merchant_id = $1 for update', [m.merchantId]);
    return {
      async release() {
        await client.query('commit');
        await client.end();
      },
    };
  }

  /** A socket that sends headers and 10 of 100 body bytes, then nothing; resolves when the server closes it. */
  function silentMidBody(): Promise<number> {
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.write('POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n');
    socket.write('Content-Length: 100\r\n\r\n{"goods_id"');
    socket.resume();
    const opened = Date.now();
    return new Promise((resolve) => socket.once('close', () => resolve(Date.now() - opened)));
  }

  it(
    'answers an order held longer than the socket timeout, and places it once; a silent client is still cut',
    async () => {
      const silent = silentMidBody();
      const hold = await holdTheOrder();
      const started = Date.now();
      const placed = bend(
        server.url,
        m,
        'POST',
        '/orders',
        orderRequest(product, { merchant_order_no: 'SLOW-1' }),
      );
      placed.catch(() => undefined); // a cut socket fails it before it is awaited: reported there
      let released = false;
      try {
        await sleep(HELD_MS);
        released = true;
        await hold.release();
      } finally {
        if (!released) await hold.release();
      }
      const answer = await placed;
      expect(Date.now() - started).toBeGreaterThanOrEqual(HELD_MS);
      expect(answer.status).toBe(200);
      expect(answer.payload.code).toBe(0);
      const orders = await bend(server.url, m, 'GET', '/orders', { page_size: 10 });
      const items = (orders.payload.data as { items: { merchant_order_no: string }[] }).items;
      expect(items.filter((o) => o.merchant_order_no === 'SLOW-1')).toHaveLength(1);
      // Cut by the socket timeout (10 s), not by requestTimeout (30 s) nor left open.
      expect(await within(silent, 0)).toEqual({ settled: expect.any(Number) as number });
      expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);
    },
    HELD_MS + 20_000,
  );
});
