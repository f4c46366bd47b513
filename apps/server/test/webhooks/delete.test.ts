/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * Deleting a webhook endpoint, over real HTTP with a real portal session and real loopback
 * receivers, on both databases: the endpoint leaves the list and the cap, every change to it is
 * 404, its secrets are wiped, the audit log records it once (no query string: audit.test.ts), the
 * console's failing list drops it,
 * and its deliveries stay readable in the log. Nothing is sent to it after the delete: a claim
 * waiting at the sender never starts (deleted here, or by another process: the worker's poll), the
 * attempt under way is not retried, and queued ones are canceled.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { refuseWrongMasterKey } from '../../src/context.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { operatorClient, webClient } from '../helpers/web-client.ts';
import { receiverPool } from './receiver.ts';

/** How long the receiver holds its first answer: the attempt under way while the delete happens. */
const HOLD_MS = 1500;

describeEachDatabase('deleting a webhook endpoint', (database) => {
  let server: TestServer;
  const receivers = receiverPool();
  const receiver = receivers.start;
  beforeAll(async () => {
    server = await startTestServer({
      databaseUrl: await database.url(),
      env: { TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1' },
      captureLogs: true,
      // One attempt per endpoint at a time: a second claim waits at the sender behind it.
      webhooks: { pollMs: 50, perEndpoint: 1, timeoutMs: 3000, retryDelaysMs: [200, 200, 200] },
    });
  });
  afterAll(async () => {
    await server?.close();
    await receivers.closeAll();
    await database.dispose();
  });

  async function signedIn() {
    const m = await server.createMerchant({ creditLimit: '100.00' });
    const web = webClient(server.url, 'portal');
    await web.signIn(m.email, m.password);
    return { m, web };
  }
  const endpointRow = (id: string) =>
    server.running.ctx.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('endpoint_id', '=', id)
      .executeTakeFirstOrThrow();
  const deliveriesOf = (id: string) =>
    server.running.ctx.db
      .selectFrom('webhook_deliveries')
      .select(['delivery_id', 'status', 'lease_until'])
      .where('endpoint_id', '=', id)
      .execute();

  it('204; gone from the list and the cap; every change 404; secrets wiped; audited once; history kept', async () => {
    const { m, web } = await signedIn();
    const r = await receiver();
    const admin = await operatorClient(server, 'admin');
    const { endpoint } = (await web.call('POST', '/webhooks/endpoints', { url: r.url })).body;
    const test = await web.call('POST', `/webhooks/endpoints/${endpoint.id}/test`, {});
    await r.waitFor(1);
    const event = async () => (await web.call('GET', `/webhooks/events/${test.body.event_id}`)).body;
    await expect
      .poll(async () => (await event()).deliveries[0]?.status, { timeout: 10_000 })
      .toBe('succeeded');
    // Failing, so the console lists it: until it is deleted.
    await server.running.ctx.db
      .updateTable('webhook_endpoints')
      .set({ failing_since: new Date().toISOString() })
      .where('endpoint_id', '=', endpoint.id)
      .execute();
    const failing = async () =>
      (await admin.call('GET', '/webhooks/failing')).body.items.map((e: any) => e.id) as string[];
    expect(await failing()).toContain(endpoint.id);

    // Another merchant's delete is the 404 of an unknown id, and changes nothing.
    const other = webClient(server.url, 'portal');
    const o = await server.createMerchant();
    await other.signIn(o.email, o.password);
    const foreign = await other.call('DELETE', `/webhooks/endpoints/${endpoint.id}`);
    const unknown = await other.call('DELETE', '/webhooks/endpoints/we_000000000000000000000000');
    expect([foreign.status, foreign.body]).toEqual([404, unknown.body]);
    expect((await endpointRow(endpoint.id)).status).toBe('enabled');

    const deleted = await web.call('DELETE', `/webhooks/endpoints/${endpoint.id}`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
    expect((await web.call('GET', '/webhooks/endpoints')).body.items).toEqual([]);
    expect(await failing()).not.toContain(endpoint.id);
    expect((await admin.call('GET', '/overview')).body.failing_webhooks).toBe(0);

    // Gone for every door: the same 404 as an unknown id, and nothing recorded.
    for (const [method, path, payload] of [
      ['DELETE', '', undefined],
      ['PATCH', '', { enabled: true }],
      ['POST', '/roll-secret', { grace_hours: 0 }],
      ['POST', '/test', {}],
      ['POST', '/send-missed', {}],
    ] as const) {
      const again = await web.call(method, `/webhooks/endpoints/${endpoint.id}${path}`, payload);
      expect([again.status, again.body], `${method} ${path}`).toEqual([404, unknown.body]);
    }
    const resendTo = await web.call('POST', `/webhooks/events/${test.body.event_id}/resend`, {
      endpoint_id: endpoint.id,
    });
    expect(resendTo.status).toBe(404);

    // A wiped secret is no stored secret: the start-up check of the master key passes (it refused
    // to start on this database: '' opens under no key).
    await expect(
      refuseWrongMasterKey(server.running.ctx.config, server.running.ctx.db),
    ).resolves.toBeUndefined();
    // Its row stays (deliveries and the audit log name it), its secrets do not.
    expect(await endpointRow(endpoint.id)).toMatchObject({
      status: 'deleted',
      secret_sealed: '',
      previous_secret_sealed: null,
      previous_secret_expires_at: null,
      failing_since: null,
      deleted_at: expect.any(String),
    });
    // The log still shows where the event went.
    expect((await event()).deliveries).toEqual([
      expect.objectContaining({
        endpoint_id: endpoint.id,
        endpoint_url: r.url,
        endpoint_status: 'deleted',
        status: 'succeeded',
      }),
    ]);
    expect((await event()).attempts).toHaveLength(1);

    const audit = (await admin.call('GET', `/audit?merchant_id=${m.merchantId}&action=webhook.deleted`)).body
      .items;
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'webhook.deleted',
        actor_type: 'merchant',
        actor_label: m.email,
        target_type: 'webhook_endpoint',
        target_id: endpoint.id,
        before: { url: r.url, events: '*', status: 'enabled' },
      }),
    ]);
    // The merchant sees it among its own security events, as it sees the add.
    const own = await web.call('GET', '/security/events?page_size=100');
    expect(own.body.items.map((e: any) => e.action)).toContain('webhook.deleted');
    expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('a deleted endpoint frees its place: 16 at most, counting no deleted one', async () => {
    const { web } = await signedIn();
    const ids: string[] = [];
    for (let i = 0; i < 16; i++) {
      const r = await web.call('POST', '/webhooks/endpoints', { url: `https://hooks.example.com/${i}` });
      expect(r.status).toBe(200);
      ids.push(r.body.endpoint.id);
    }
    // Disabled ones count (they are kept to be enabled again); deleted ones do not.
    await web.call('PATCH', `/webhooks/endpoints/${ids[0]}`, { enabled: false });
    const full = await web.call('POST', '/webhooks/endpoints', { url: 'https://hooks.example.com/x' });
    expect([full.status, full.body.error?.fields]).toEqual([400, { url: expect.stringContaining('16') }]);
    expect((await web.call('DELETE', `/webhooks/endpoints/${ids[0]}`)).status).toBe(204);
    const freed = await web.call('POST', '/webhooks/endpoints', { url: 'https://hooks.example.com/x' });
    expect(freed.status, JSON.stringify(freed.body)).toBe(200);
    expect((await web.call('GET', '/webhooks/endpoints')).body.items).toHaveLength(16);
  });

  /**
   * Four test events to an endpoint whose receiver holds its first answer: the first attempt is
   * under way, the second claimed and waiting at the sender (one attempt per endpoint at a time),
   * the rest pending. Returns once that is so.
   */
  async function busyEndpoint() {
    const { m, web } = await signedIn();
    const r = await receiver();
    r.answer = (_req, n) => (n === 0 ? { status: 500, delayMs: HOLD_MS } : { status: 200 });
    const { endpoint } = (await web.call('POST', '/webhooks/endpoints', { url: r.url })).body;
    for (let i = 0; i < 4; i++) await server.services.webhooks.sendTest(m.merchantId, endpoint.id);
    await r.waitFor(1);
    await expect
      .poll(async () => (await deliveriesOf(endpoint.id)).filter((d) => d.status === 'delivering').length, {
        timeout: 5000,
        interval: 20,
      })
      .toBe(2);
    return { m, web, r, endpoint };
  }
  /** Well past the held answer and a retry: had anything been sent, it would have arrived. */
  const pastTheHold = () => new Promise((res) => setTimeout(res, HOLD_MS + 1500));

  it('nothing is sent after the delete: the waiting claim never starts, the attempt under way is not retried', async () => {
    const { web, r, endpoint } = await busyEndpoint();
    expect((await web.call('DELETE', `/webhooks/endpoints/${endpoint.id}`)).status).toBe(204);
    await pastTheHold();
    expect(r.received).toHaveLength(1);
    // Every delivery written is canceled (an event fanned out only after the delete got none).
    const left = await deliveriesOf(endpoint.id);
    expect(left.length).toBeGreaterThanOrEqual(2);
    expect(new Set(left.map((d) => `${d.status} ${d.lease_until}`))).toEqual(new Set(['canceled null']));
    expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('deleted by another process (the CLI, another server): its claims are dropped by the poll', async () => {
    // Another server on the same data (its outbox tells this server's worker nothing), as the CLI.
    const { config } = server.running.ctx;
    const elsewhere = await startTestServer({
      databaseUrl: await database.url(),
      env: {
        TRADEPOST_DATA_DIR: config.dataDir,
        TRADEPOST_MASTER_KEY: config.masterKey.toString('hex'),
        TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1',
        TRADEPOST_WEBHOOK_WORKER: '0',
      },
    });
    const { m, r, endpoint } = await busyEndpoint();
    try {
      await elsewhere.services.webhooks.deleteEndpoint(m.merchantId, endpoint.id);
    } finally {
      await elsewhere.close();
    }
    await pastTheHold();
    expect(r.received).toHaveLength(1);
    expect(new Set((await deliveriesOf(endpoint.id)).map((d) => d.status))).toEqual(new Set(['canceled']));
    expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
