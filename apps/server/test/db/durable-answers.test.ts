/**
 * On SQLite the server fsyncs the WAL on libuv's thread pool, not inside the COMMIT
 * (src/db/wal-sync.ts). The rule that keeps that as safe as synchronous=FULL: nothing leaves the
 * process before what it reflects is on disk. Here the thread pool is held (every thread blocked
 * opening a FIFO nobody writes), so the fsync cannot run: an order's answer must wait, and so
 * must a read that can see the order; an answer that read nothing since goes out meanwhile. Under the
 * old synchronous=FULL, or without the answer gate, the waits below would not happen.
 *
 * PostgreSQL has no such window: a commit is visible there only after its WAL flush. Several
 * processes on one SQLite file (`serve --workers`): db/shared-file.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bend } from '../helpers/bend-http.ts';
import { holdThreadPool, within } from '../helpers/hold.ts';
import { orderRequest, testProduct } from '../helpers/factories.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';

describe('durable answers (SQLite, WAL fsynced off the event loop)', () => {
  let server: TestServer;
  let m: TestMerchant;
  let product: ReturnType<typeof testProduct>;
  const dir = mkdtempSync(join(tmpdir(), 'tradepost-fifo-'));

  beforeAll(async () => {
    server = await startTestServer();
    m = await server.createMerchant({ creditLimit: '100.00' });
    [product] = (await server.addProducts([testProduct()])) as [ReturnType<typeof testProduct>];
    // Warm the credential cache and the replay guard: the order below should only write.
    expect((await bend(server.url, m, 'GET', '/orders', { page_size: 1 })).status).toBe(200);
    // The App's "last used" write is not awaited by its request: let it commit and sync, so the
    // order below commits at once (a COMMIT waits while an earlier batch's sync runs).
    await sleep(50);
    await server.running.ctx.writer.allDurable();
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds an order answer, and a read that can see the order, until the WAL fsync returns', async () => {
    const pool = await holdThreadPool(dir);
    try {
      const placed = bend(
        server.url,
        m,
        'POST',
        '/orders',
        orderRequest(product, { merchant_order_no: 'DUR-1' }),
      );
      expect(await within(placed, 400)).toBe('pending');
      // An answer that has read nothing since that COMMIT is not held.
      expect(await within(fetch(`${server.url}/healthz`), 2_000)).not.toBe('pending');
      // Committed (the writer has moved on), not yet on disk: a read that can see it waits too,
      // and from then on every answer does (the horizon is the process's newest read).
      const read = bend(server.url, m, 'GET', '/orders', { page_size: 5 });
      expect(await within(read, 300)).toBe('pending');

      // The fsync runs, both answers go out.
      pool.release();
      const [order, seen] = await Promise.all([placed, read]);
      expect(order.status).toBe(200);
      expect(seen.status).toBe(200);
      const listed = (seen.payload.data as { items: { merchant_order_no: string }[] }).items;
      expect(listed.map((o) => o.merchant_order_no)).toContain('DUR-1');
    } finally {
      await pool.close();
    }
  });
});
