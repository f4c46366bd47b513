/**
 * /metrics on the real server: absent unless configured; behind the bearer token on the main
 * port; alone on METRICS_PORT. After a B-End order and a replay, the counters say so: the request
 * by door, route PATTERN and status, the committed order and its ledger entry, the replay-guard
 * claims, the group commit, and the process's event-loop lag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bend, buildRequest, send } from '../helpers/bend-http.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { orderRequest, testProduct } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const TOKEN = 'metrics-token-0123456789abcdef';

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe('without METRICS_PORT or a token', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('there is no /metrics', async () => {
    // A plain 404 (not the web app's page, which a scraper would take for an answer).
    const res = await fetch(`${server.url}/metrics`);
    expect([res.status, await res.json()]).toEqual([404, { status: 'not found' }]);
    expect(server.running.metricsUrl).toBeNull();
  });
});

describeEachDatabase('/metrics behind a bearer token', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      databaseUrl: await database.url(),
      env: { TRADEPOST_METRICS_TOKEN: TOKEN },
    });
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  const scrape = async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };

  it('refuses a missing or wrong token', async () => {
    const none = await fetch(`${server.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.text()).not.toContain('tradepost_');
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
  });

  it('counts requests by door and route pattern, orders, ledger entries, claims and commits', async () => {
    const m = await server.createMerchant({ creditLimit: '100.00' });
    const product = testProduct({ price: '7.00' });
    await server.addProducts([product]);
    const before = await scrape();
    const order = await bend(server.url, m, 'POST', '/orders', orderRequest(product));
    expect(order.payload.code).toBe(0);
    const orderNo = (order.payload.data as { order_no: string }).order_no;
    expect((await bend(server.url, m, 'GET', `/orders/${orderNo}`)).payload.code).toBe(0);
    // A replay: the same signed request twice; the second is refused by the guard.
    const { url, init } = buildRequest(server.url, m, 'GET', '/credit');
    await send(url, init);
    await send(url, init);
    const after = await scrape();

    const delta = (name: string, labels: Record<string, string> = {}) =>
      (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    const post = { door: 'bend', route: '/api/v1/orders', method: 'POST', code: '200' };
    expect(delta('tradepost_http_request_duration_seconds_count', post)).toBe(1);
    const get = { door: 'bend', route: '/api/v1/orders/:order_no', method: 'GET', code: '200' };
    expect(delta('tradepost_http_request_duration_seconds_count', get)).toBe(1);
    // Never the raw URL: no order number, no query string in any label.
    expect(after).not.toContain(orderNo);
    expect(after).not.toMatch(/route="[^"]*\?/);
    expect(delta('tradepost_orders_written_total')).toBe(1);
    expect(delta('tradepost_ledger_entries_written_total', { type: 'order' })).toBe(1);
    expect(delta('tradepost_replay_guard_claims_total', { result: 'claimed' })).toBe(3);
    expect(delta('tradepost_replay_guard_claims_total', { result: 'replayed' })).toBe(1);
    const dialect = database.name;
    expect(delta('tradepost_writer_commit_seconds_count', { dialect })).toBeGreaterThanOrEqual(1);
    if (dialect === 'sqlite') expect(delta('tradepost_writer_batch_units_count')).toBeGreaterThanOrEqual(1);
    else
      expect(
        sample(after, 'tradepost_db_pool_connections', { pool: 'main', state: 'total' }),
      ).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    // Idle again once our requests are done; background units (the webhook worker's claims) may
    // be queued at the moment of any one scrape, so read until one shows the queue empty.
    await expect.poll(async () => sample(await scrape(), 'tradepost_writer_queued_units')).toBe(0);
  });
});

describe('/metrics on METRICS_PORT', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { METRICS_PORT: '0' } });
  });
  afterAll(() => server?.close());

  it('serves the metrics there, and only there', async () => {
    expect(server.running.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const res = await fetch(server.running.metricsUrl!);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('tradepost_http_request_duration_seconds');
    expect((await fetch(`${server.running.metricsUrl!.replace('/metrics', '/healthz')}`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  });
});

describe('METRICS_HOST: the metrics listener on an address of its own', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Another loopback address stands in for a private interface: HOST stays 127.0.0.1.
    server = await startTestServer({ env: { METRICS_PORT: '0', METRICS_HOST: '127.0.0.2' } });
  });
  afterAll(() => server?.close());

  it('listens there, and the server does not', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(server.running.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/metrics$/);
    expect((await fetch(server.running.metricsUrl!)).status).toBe(200);
    // The main port is not on 127.0.0.2, nor the metrics port on HOST.
    const port = (u: string) => new URL(u).port;
    await expect(fetch(`http://127.0.0.2:${port(server.url)}/healthz`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${port(server.running.metricsUrl!)}/metrics`)).rejects.toThrow();
  });
});

describe('TRADEPOST_METRICS=0 (to measure what metrics cost)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { TRADEPOST_METRICS_TOKEN: TOKEN, TRADEPOST_METRICS: '0' } });
  });
  afterAll(() => server?.close());

  it('observes no request; the rest of /metrics still serves', async () => {
    const scrape = async () =>
      (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const route = { route: '/healthz', method: 'GET', code: '200' };
    const before = sample(await scrape(), 'tradepost_http_request_duration_seconds_count', route) ?? 0;
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const after = await scrape();
    expect(sample(after, 'tradepost_http_request_duration_seconds_count', route) ?? 0).toBe(before);
    expect(sample(after, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });
});
