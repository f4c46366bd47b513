/**
 * On SQLite the server fsyncs the WAL on libuv's thread pool, not inside the COMMIT
 * (src/db/wal-sync.ts). The rule that keeps that as safe as synchronous=FULL: nothing leaves the
 * process before what it reflects is on disk. Here the thread pool is held (every thread blocked
 * opening a FIFO nobody writes), so the fsync cannot run: an order's answer must wait, and so
 * must a read that can see the order; an answer that read nothing since goes out meanwhile. Under the
 * old synchronous=FULL, or without the answer gate, the waits below would not happen.
 *
 * PostgreSQL has no such window: a commit is visible there only after its WAL flush. Nor has
 * SQLite under `serve --workers`, where a process cannot hold back another's answers: there the
 * writer commits with synchronous=FULL, whose fsync comes before the commit is published.
 */
import { execFileSync } from 'node:child_process';
import { constants, mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type Context, createContext } from '../../src/context.ts';
import { bend } from '../helpers/bend-http.ts';
import { orderRequest, testProduct } from '../helpers/factories.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';

/** Settles to 'pending' if `p` has not settled within `ms`. */
const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p.then((v) => ({ settled: v })), sleep(ms).then(() => 'pending' as const)]);

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
    const fifo = join(dir, 'hold');
    execFileSync('mkfifo', [fifo]);
    const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    const holds = Array.from({ length: threads }, () => open(fifo, 'r'));
    await sleep(50); // every pool thread is now blocked in open(2)

    const release = () => closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
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

      // A writer opening the FIFO frees every blocked open; the fsync runs, both answers go out.
      release();
      const [order, seen] = await Promise.all([placed, read]);
      expect(order.status).toBe(200);
      expect(seen.status).toBe(200);
      const listed = (seen.payload.data as { items: { merchant_order_no: string }[] }).items;
      expect(listed.map((o) => o.merchant_order_no)).toContain('DUR-1');
    } finally {
      try {
        release();
      } catch {
        // already released: no reader is left, so the non-blocking open refuses (ENXIO)
      }
      for (const h of await Promise.all(holds)) await h.close();
    }
  });
});

describe('durable answers with other processes on the file (serve --workers on SQLite)', () => {
  // Contexts on one data dir stand for the workers: their own connections, one thread pool here.
  const dataDir = mkdtempSync(join(tmpdir(), 'tradepost-shared-'));
  const contexts: Context[] = [];
  afterAll(async () => {
    for (const ctx of contexts) await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const openContext = async (otherProcesses: boolean) => {
    const ctx = await createContext(loadConfig({ TRADEPOST_DATA_DIR: dataDir, TRADEPOST_DEMO: '0' }), {
      otherProcesses,
    });
    contexts.push(ctx);
    return ctx;
  };

  it("holds an answer that read another process's commit until an fsync begun after the read returns", async () => {
    const [a, b] = [await openContext(true), await openContext(true)];
    const lone = await openContext(false); // a server that believes it is alone, for contrast
    await b.writer.run((trx) => sql`create table probe (x integer)`.execute(trx));
    const visible = async (ctx: Context) =>
      (await sql<{ x: number }>`select x from probe`.execute(ctx.db)).rows.length > 0;

    const fifo = join(dataDir, 'hold');
    execFileSync('mkfifo', [fifo]);
    const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    const holds = Array.from({ length: threads }, () => open(fifo, 'r'));
    await sleep(50); // every pool thread is now blocked in open(2): no fsync can run
    const release = () => closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    try {
      // B commits; its unit cannot settle (its sync is held), but the row is in the WAL.
      const written = b.writer.run((trx) => sql`insert into probe (x) values (1)`.execute(trx));
      while (!(await visible(a))) await sleep(5);
      // A saw B's commit, which is not on disk: A's answer must wait for a sync of its own.
      expect(await within(a.writer.readsDurable() ?? Promise.resolve(), 300)).toBe('pending');
      // The hazard `otherProcesses` closes: a lone server's read of it would answer at once.
      expect(await visible(lone)).toBe(true);
      expect(lone.writer.readsDurable()).toBeUndefined();

      release();
      await a.writer.readsDurable();
      await written;
    } finally {
      try {
        release();
      } catch {
        // already released
      }
      for (const h of await Promise.all(holds)) await h.close();
    }
  });
});
