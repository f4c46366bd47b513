/**
 * /healthz and /readyz on the real server: unauthenticated, one-word bodies without versions or
 * internals; /readyz follows the database. On PostgreSQL the test makes a DATABASE OF ITS OWN
 * refuse connections (ALLOW_CONNECTIONS false, its backends terminated) — never the shared
 * service — and watches /readyz turn 503 and back to 200 when the database returns.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase, eachDatabase, PG_URL } from '../helpers/databases.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { REUSE_MS } from '../../src/ops/health.ts';

async function get(url: string): Promise<{ status: number; body: unknown; text: string; headers: Headers }> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), text, headers: res.headers };
}

describeEachDatabase('health endpoints', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url() });
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  it('/healthz says ok and nothing else (no dialect, no version)', async () => {
    const r = await get(`${server.url}/healthz`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok' });
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  it('/readyz is 200 when the database reads and the writer commits', async () => {
    const before = server.running.ctx.writer.stats().units;
    const r = await get(`${server.url}/readyz`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ready' });
    expect(r.text).not.toMatch(/sqlite|postgres|version|\d+\.\d+\.\d+/i);
    // The probe really went through the writer.
    expect(server.running.ctx.writer.stats().units).toBe(before + 1);
  });

  it('probes share one check: a burst costs a unit per REUSE_MS, not one per request', async () => {
    await new Promise((r) => setTimeout(r, REUSE_MS));
    const before = server.running.ctx.writer.stats().units;
    const started = performance.now();
    const all = await Promise.all(Array.from({ length: 20 }, () => get(`${server.url}/readyz`)));
    const spent = performance.now() - started;
    expect(all.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(server.running.ctx.writer.stats().units - before).toBeLessThanOrEqual(
      1 + Math.ceil(spent / REUSE_MS),
    );
    expect(server.running.ctx.writer.stats().units - before).toBeLessThan(20);
  });
});

const hasPostgres = eachDatabase().some((d) => d.name === 'postgres');

describe.skipIf(!hasPostgres)('/readyz when its PostgreSQL database stops answering', () => {
  const dbName = `tp_ready_${randomBytes(5).toString('hex')}`;
  let admin: pg.Client;
  let server: TestServer;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    const url = new URL(PG_URL);
    url.pathname = `/${dbName}`;
    server = await startTestServer({ databaseUrl: url.toString() });
  });
  afterAll(async () => {
    await server?.close();
    await admin.query(`alter database ${dbName} allow_connections true`).catch(() => undefined);
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  });

  it('turns 503 while the database refuses connections, and 200 again when it is back', async () => {
    expect((await get(`${server.url}/readyz`)).status).toBe(200);

    await admin.query(`alter database ${dbName} allow_connections false`);
    await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [dbName],
    );
    await new Promise((r) => setTimeout(r, REUSE_MS)); // past the reuse of the last good check
    const down = await get(`${server.url}/readyz`);
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: 'unavailable' });
    // Liveness is not readiness: the process still answers.
    expect((await get(`${server.url}/healthz`)).status).toBe(200);

    await admin.query(`alter database ${dbName} allow_connections true`);
    await new Promise((r) => setTimeout(r, REUSE_MS));
    expect((await get(`${server.url}/readyz`)).status).toBe(200);
  });
});
