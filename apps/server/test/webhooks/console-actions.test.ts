/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * The console's failing-webhooks page, over real HTTP with real console and portal sessions and
 * real loopback receivers, on both databases: each failing endpoint comes with its latest failed
 * attempt (an HTTP status, or the transport error the delivery log records) and its pending and
 * failed deliveries; an admin resends its failed deliveries (the same event id again, paused while
 * it is disabled), enables it again (its failure run cleared, its paused delivery sent) and
 * disables it (the merchant's portal reads "operator"), each audited once with the operator and
 * the note (which the merchant's Security page never shows); support is refused (403, nothing
 * changes), an unknown or deleted endpoint is 404, a bad body 400.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { operatorClient, webClient, type WebClient } from '../helpers/web-client.ts';
import { receiverPool } from './receiver.ts';

describeEachDatabase('the console acts on failing webhook endpoints', (database) => {
  let server: TestServer;
  let admin: WebClient & { email: string };
  let support: WebClient & { email: string };
  const receivers = receiverPool();
  beforeAll(async () => {
    server = await startTestServer({
      databaseUrl: await database.url(),
      env: { TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1' },
      captureLogs: true,
      // A delivery gives up after 1.5 s of failures (retried every 200 ms), and its endpoint is
      // disabled for failing.
      webhooks: { pollMs: 50, retryDelaysMs: [200], giveUpAfterMs: 1500, timeoutMs: 2000 },
    });
    [admin, support] = await Promise.all([
      operatorClient(server, 'admin'),
      operatorClient(server, 'support'),
    ]);
  });
  afterAll(async () => {
    await server?.close();
    await receivers.closeAll();
    await database.dispose();
  });

  const hooks = () => server.services.webhooks;
  const failingRow = async (id: string): Promise<any> => {
    const r = await admin.call('GET', '/webhooks/failing');
    expect(r.status).toBe(200);
    return r.body.items.find((e: any) => e.id === id);
  };
  const audit = async (merchantId: string, action: string) =>
    (await server.services.audit.search({ merchantId, action: action as any, page: 1, pageSize: 50 })).items;
  const deliveryOf = async (merchantId: string, eventId: string) =>
    (await hooks().getEvent(merchantId, eventId)).deliveries[0];

  /**
   * A merchant with an endpoint the worker disabled for failing: its one delivery (`failedEvent`)
   * gave up, which disabled the endpoint in the same unit (it failed all its life). One event only:
   * a second one's attempt could meet the 3-day rule first and leave the first paused, not failed.
   */
  async function disabledForFailing(url: string) {
    const m = await server.createMerchant();
    const { endpoint } = await hooks().createEndpoint(m.merchantId, { url });
    await server.services.credit.adjust(m.merchantId, { amount: '1.00', type: 'limit_change' });
    const failedEvent = (await hooks().listEvents(m.merchantId, {})).items[0]!.id;
    await expect
      .poll(async () => (await deliveryOf(m.merchantId, failedEvent))?.status, { timeout: 15_000 })
      .toBe('failed');
    expect(await hooks().getEndpoint(m.merchantId, endpoint.id)).toMatchObject({
      status: 'disabled',
      disabled_reason: 'failing',
    });
    return { m, endpoint, failedEvent };
  }

  it('lists each endpoint with its latest failure (a status or a transport error) and its pending and failed deliveries', async () => {
    const r = await receivers.start();
    r.answer = () => ({ status: 503, body: 'down for maintenance' });
    const { m, endpoint } = await disabledForFailing(r.url);
    const row = await failingRow(endpoint.id);
    expect(row).toMatchObject({
      merchant_id: m.merchantId,
      status: 'disabled',
      disabled_reason: 'failing',
      last_failure: { status_code: 503, error: null },
      pending_deliveries: 0,
      failed_deliveries: 1,
    });
    // When: the latest attempt the receiver got.
    const at = Date.parse(row.last_failure.attempted_at);
    expect(Math.abs(at - Date.now())).toBeLessThan(60_000);

    // No answer at all: the error as the delivery log records it, and no status.
    const refused = await disabledForFailing('http://127.0.0.1:1/hooks');
    expect(await failingRow(refused.endpoint.id)).toMatchObject({
      last_failure: { status_code: null, error: expect.stringMatching(/^connection: ECONNREFUSED/) },
      pending_deliveries: 0,
      failed_deliveries: 1,
    });

    // A retry under way (it hangs, up to the 2 s timeout): the failure before it is still shown.
    const slow = await receivers.start();
    slow.answer = (_x, n) => (n === 0 ? { status: 503 } : 'hang');
    const other = await server.createMerchant();
    const { endpoint: hanging } = await hooks().createEndpoint(other.merchantId, { url: slow.url });
    await hooks().sendTest(other.merchantId, hanging.id);
    await slow.waitFor(2);
    expect(await failingRow(hanging.id)).toMatchObject({
      status: 'enabled',
      last_failure: { status_code: 503 },
      pending_deliveries: 0,
      failed_deliveries: 0,
    });
  });

  it('an admin resends failed deliveries (paused while disabled), enables (it goes out, same event id) and disables (the portal reads "operator"); each audited once', async () => {
    const r = await receivers.start();
    r.answer = () => ({ status: 500 });
    const { m, endpoint, failedEvent } = await disabledForFailing(r.url);
    const portal = webClient(server.url, 'portal');
    expect((await portal.signIn(m.email, m.password)).status).toBe(200);
    const portalEndpoint = async () =>
      (await portal.call('GET', '/webhooks/endpoints')).body.items.find((e: any) => e.id === endpoint.id);

    // Resend failed deliveries while it is disabled: queued again, the same delivery of the same
    // event, and paused until it is enabled (the portal's resend does the same).
    const resent = await admin.call('POST', `/webhooks/endpoints/${endpoint.id}/resend-failed`, {});
    expect([resent.status, resent.body]).toEqual([200, { queued: 1, more: false }]);
    expect(await deliveryOf(m.merchantId, failedEvent)).toMatchObject({ status: 'pending' });
    expect(await failingRow(endpoint.id)).toMatchObject({ pending_deliveries: 1, failed_deliveries: 0 });
    const received = r.received.length;
    await new Promise((res) => setTimeout(res, 300)); // polls enough to have sent it, were it not paused
    expect(r.received.length).toBe(received);
    const resentEntries = await audit(m.merchantId, 'webhook.deliveries_resent');
    expect(resentEntries).toEqual([
      expect.objectContaining({
        actor_type: 'operator',
        actor_label: admin.email,
        target_type: 'webhook_endpoint',
        target_id: endpoint.id,
        after: { queued: 1 },
      }),
    ]);
    // Nothing failed is left: a second press queues none and records nothing.
    const second = await admin.call('POST', `/webhooks/endpoints/${endpoint.id}/resend-failed`, {});
    expect([second.status, second.body]).toEqual([200, { queued: 0, more: false }]);
    expect(await audit(m.merchantId, 'webhook.deliveries_resent')).toHaveLength(1);

    // Enable: the failing state is cleared, as the portal's enable does; the paused delivery goes
    // out, under its event's id.
    r.answer = () => ({ status: 200, body: 'ok' });
    const enabled = await admin.call('POST', `/webhooks/endpoints/${endpoint.id}/status`, {
      status: 'enabled',
      note: 'receiver fixed, ticket 4411',
    });
    expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
    expect(enabled.body).toMatchObject({
      id: endpoint.id,
      status: 'enabled',
      disabled_reason: null,
      failing_since: null,
    });
    expect(await portalEndpoint()).toMatchObject({ status: 'enabled', failing_since: null });
    await expect
      .poll(async () => (await deliveryOf(m.merchantId, failedEvent))?.status, { timeout: 10_000 })
      .toBe('succeeded');
    const sent = r.received.slice(received).map((x) => [x.body.id, x.headers['tradepost-event-id']]);
    expect(sent).toEqual([[failedEvent, failedEvent]]);
    expect(await audit(m.merchantId, 'webhook.enabled')).toEqual([
      expect.objectContaining({
        actor_type: 'operator',
        actor_label: admin.email,
        target_id: endpoint.id,
        note: 'receiver fixed, ticket 4411',
        before: { status: 'disabled', disabled_reason: 'failing' },
        after: { status: 'enabled', disabled_reason: null },
      }),
    ]);
    // No longer failing: off the list (and the overview's count) until it fails again.
    expect(await failingRow(endpoint.id)).toBeUndefined();

    // Disable, with the operator's reason: the merchant's portal says an operator did it.
    const disabled = await admin.call('POST', `/webhooks/endpoints/${endpoint.id}/status`, {
      status: 'disabled',
      note: 'hammering a dead host',
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ status: 'disabled', disabled_reason: 'operator' });
    expect(await portalEndpoint()).toMatchObject({ status: 'disabled', disabled_reason: 'operator' });
    expect((await audit(m.merchantId, 'webhook.disabled'))[0]).toMatchObject({
      actor_type: 'operator',
      note: 'hammering a dead host',
      before: { status: 'enabled', disabled_reason: null },
      after: { status: 'disabled', disabled_reason: 'operator' },
    });
    // The merchant's Security page lists the operator's disable, never the operator's note.
    const security = (await portal.call('GET', '/security/events?page_size=100')).body.items.filter(
      (e: any) => e.target_id === endpoint.id && e.actor_type === 'operator',
    );
    expect(security.map((e: any) => [e.action, e.note])).toEqual([
      ['webhook.disabled', null],
      ['webhook.enabled', null],
    ]);
    expect(JSON.stringify(security)).not.toContain('hammering');
    // The same again (a double press) changes and records nothing.
    const twice = await admin.call('POST', `/webhooks/endpoints/${endpoint.id}/status`, {
      status: 'disabled',
      note: 'again',
    });
    expect([twice.status, twice.body.disabled_reason]).toEqual([200, 'operator']);
    expect(await audit(m.merchantId, 'webhook.disabled')).toHaveLength(2); // the worker's, and this one
    expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('support is refused (403, nothing changes); an unknown or deleted endpoint is 404; a bad body 400', async () => {
    const r = await receivers.start();
    r.answer = () => ({ status: 502 });
    const { m, endpoint, failedEvent } = await disabledForFailing(r.url);
    const entries = async () =>
      (await server.services.audit.search({ merchantId: m.merchantId, page: 1, pageSize: 50 })).items.length;
    const before = await entries();

    // Support reads the list, and may do nothing on it.
    expect((await support.call('GET', '/webhooks/failing')).status).toBe(200);
    for (const [path, body] of [
      ['status', { status: 'enabled', note: 'support tries' }],
      ['resend-failed', {}],
    ] as const) {
      const refused = await support.call('POST', `/webhooks/endpoints/${endpoint.id}/${path}`, body);
      expect([refused.status, refused.body.error.code], path).toEqual([403, 'forbidden']);
    }
    expect(await hooks().getEndpoint(m.merchantId, endpoint.id)).toMatchObject({
      status: 'disabled',
      disabled_reason: 'failing',
    });
    expect((await deliveryOf(m.merchantId, failedEvent))?.status).toBe('failed');

    // Bad bodies: each field named, nothing changed.
    for (const [body, field] of [
      [{ status: 'enabled' }, 'note'],
      [{ status: 'enabled', note: '   ' }, 'note'],
      [{ status: 'paused', note: 'why' }, 'status'],
      [{ status: 'enabled', note: 'x'.repeat(256) }, 'note'],
    ] as const) {
      const bad = await admin.call('POST', `/webhooks/endpoints/${endpoint.id}/status`, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(bad.body.error.fields)).toEqual([field]);
    }
    expect((await hooks().getEndpoint(m.merchantId, endpoint.id)).status).toBe('disabled');

    // Unknown and deleted endpoints: 404, alike.
    const deleted = await hooks().createEndpoint(m.merchantId, { url: 'https://hooks.example.com/gone' });
    await hooks().deleteEndpoint(m.merchantId, deleted.endpoint.id);
    for (const id of ['we_000000000000000000000000', deleted.endpoint.id, 'nope']) {
      for (const [path, body] of [
        ['status', { status: 'disabled', note: 'why' }],
        ['resend-failed', {}],
      ] as const) {
        const missing = await admin.call('POST', `/webhooks/endpoints/${id}/${path}`, body);
        expect([missing.status, missing.body.error?.code], `${id} ${path}`).toEqual([404, 'not_found']);
      }
    }
    // Besides the deleted endpoint's own two entries (created, deleted), nothing was recorded.
    expect(await entries()).toBe(before + 2);
    expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
