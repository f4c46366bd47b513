/**
 * One SQLite file served by several processes (`serve --workers`, context.ts `otherProcesses`).
 * Contexts on one data dir stand for the workers: their own connections, one thread pool here.
 *
 * - Durable answers (db/wal-sync.ts): a worker sees the others' commits before they are on disk,
 *   so an answer that read one waits for an fsync begun after the read.
 * - The write locks (db/sqlite-busy.ts): a worker waits for another's lock on tradepost.db (its
 *   writer) and on nonces.db (replay-guard claims) with its event loop running, where SQLite's busy
 *   handler would stop it in ms-long sleeps.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type Context, createContext } from '../../src/context.ts';
import { SQLITE_FILE } from '../../src/db/dialect.ts';
import { holdThreadPool, within } from '../helpers/hold.ts';

describe('one SQLite file, several server processes (serve --workers)', () => {
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

    const pool = await holdThreadPool(dataDir);
    try {
      // B commits; its unit cannot settle (its sync is held), but the row is in the WAL.
      const written = b.writer.run((trx) => sql`insert into probe (x) values (1)`.execute(trx));
      while (!(await visible(a))) await sleep(5);
      // A saw B's commit, which is not on disk: A's answer must wait for a sync of its own.
      expect(await within(a.writer.readsDurable() ?? Promise.resolve(), 300)).toBe('pending');
      // The hazard `otherProcesses` closes: a lone server's read of it would answer at once.
      expect(await visible(lone)).toBe(true);
      expect(lone.writer.readsDurable()).toBeUndefined();

      pool.release();
      await a.writer.readsDurable();
      await written;
    } finally {
      await pool.close();
    }
  });

  it("waits for another process's write lock with its event loop running, then commits", async () => {
    const a = await openContext(true);
    await a.writer.run((trx) => sql`create table if not exists locked (x integer)`.execute(trx));
    // Another process's writer, mid-batch: it holds the write lock.
    const other = new SQLite(join(dataDir, SQLITE_FILE));
    other.prepare('begin immediate').run();
    try {
      const written = a.writer.run((trx) => sql`insert into locked (x) values (1)`.execute(trx));
      // Timers keep firing while the writer waits (a blocking busy handler would hold them 5 s).
      const started = performance.now();
      await sleep(50);
      expect(performance.now() - started).toBeLessThan(500);
      expect(await within(written, 50)).toBe('pending');
      other.prepare('commit').run();
      await written;
      expect((await sql<{ n: number }>`select count(*) as n from locked`.execute(a.db)).rows[0]!.n).toBe(1);
    } finally {
      if (other.inTransaction) other.prepare('rollback').run();
      other.close();
    }
  });

  it("claims a nonce while another process holds nonces.db's write lock, the event loop running", async () => {
    const a = await openContext(true);
    // A first claim creates the file's table.
    expect(await a.services.nonces.claim('app_lock', 'first', Math.floor(Date.now() / 1000) + 300)).toBe(
      true,
    );
    const other = new SQLite(join(dataDir, 'nonces.db'));
    other.prepare('begin immediate').run();
    try {
      const claimed = a.services.nonces.claim('app_lock', 'second', Math.floor(Date.now() / 1000) + 300);
      const started = performance.now();
      await sleep(50);
      expect(performance.now() - started).toBeLessThan(500);
      expect(await within(claimed, 50)).toBe('pending');
      other.prepare('commit').run();
      expect(await claimed).toBe(true);
    } finally {
      if (other.inTransaction) other.prepare('rollback').run();
      other.close();
    }
  });
});
