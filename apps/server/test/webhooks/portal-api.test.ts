/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * The portal's webhooks API end to end, over real HTTP with a real session, on both databases: a
 * merchant adds an endpoint (secret shown once), sends a test event that a loopback receiver
 * verifies, reads the delivery log and resends; bad input answers validation_failed, never 5xx,
 * and another merchant's endpoint is not found.
 */
import { verifyWebhookSignature } from '@tradepost/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { webClient } from '../helpers/web-client.ts';
import { startReceiver, type Receiver } from './receiver.ts';

describeEachDatabase('portal webhooks API', (database) => {
  let server: TestServer;
  let receiver: Receiver;
  beforeAll(async () => {
    server = await startTestServer({
      databaseUrl: await database.url(),
      env: { TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1' },
      webhooks: { pollMs: 50 },
    });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
    await database.dispose();
  });

  it('add an endpoint, send a test event, see it in the log, resend it, roll the secret, disable', async () => {
    const m = await server.createMerchant();
    const web = webClient(server.url, 'portal');
    expect((await web.signIn(m.email, m.password)).status).toBe(200);

    const created = await web.call('POST', '/webhooks/endpoints', {
      url: receiver.url,
      events: ['credit.updated'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const { endpoint, secret } = created.body as { endpoint: any; secret: string };
    expect(endpoint).toMatchObject({ url: receiver.url, events: ['credit.updated'], status: 'enabled' });
    const listed = await web.call('GET', '/webhooks/endpoints');
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const test = await web.call('POST', `/webhooks/endpoints/${endpoint.id}/test`, {});
    expect(test.status).toBe(200);
    const [got] = await receiver.waitFor(1, { where: (r) => r.body.id === test.body.event_id });
    expect(verifyWebhookSignature(got!.raw, got!.headers['tradepost-signature'], secret)).toMatchObject({
      ok: true,
    });

    await expect
      .poll(
        async () => (await web.call('GET', `/webhooks/events/${test.body.event_id}`)).body.attempts?.length,
        { timeout: 10_000 },
      )
      .toBe(1);
    const log = await web.call('GET', '/webhooks/events?page_size=10');
    expect(log.body.items[0]).toMatchObject({ id: test.body.event_id, type: 'credit.updated' });
    const detail = await web.call('GET', `/webhooks/events/${test.body.event_id}`);
    expect(detail.body.attempts[0]).toMatchObject({
      status_code: 200,
      succeeded: true,
      response_excerpt: 'ok',
    });

    const resent = await web.call('POST', `/webhooks/events/${test.body.event_id}/resend`, {});
    expect(resent.status).toBe(200);
    await receiver.waitFor(2, { where: (r) => r.body.id === test.body.event_id });

    const rolled = await web.call('POST', `/webhooks/endpoints/${endpoint.id}/roll-secret`, {
      grace_hours: 2,
    });
    expect(rolled.status).toBe(200);
    expect(rolled.body.secret).not.toBe(secret);
    expect(rolled.body.endpoint.previous_secret_expires_at).not.toBeNull();

    const settings = await web.call('PUT', '/webhooks/settings', { credit_low_threshold: '100.00' });
    expect(settings.body).toEqual({ credit_low_threshold: '100.00' });
    const off = await web.call('PATCH', `/webhooks/endpoints/${endpoint.id}`, { enabled: false });
    expect(off.body).toMatchObject({ status: 'disabled', disabled_reason: 'merchant' });
  });

  it('bad input is validation_failed naming the field; another merchant’s endpoint is not found; nothing changes', async () => {
    const a = await server.createMerchant();
    const b = await server.createMerchant();
    const webA = webClient(server.url, 'portal');
    const webB = webClient(server.url, 'portal');
    await webA.signIn(a.email, a.password);
    await webB.signIn(b.email, b.password);
    const { body } = await webA.call('POST', '/webhooks/endpoints', { url: receiver.url });
    for (const [path, payload] of [
      ['/webhooks/endpoints', { url: 'ftp://x' }],
      ['/webhooks/endpoints', { url: receiver.url, events: ['order.lost'] }],
      [`/webhooks/endpoints/${body.endpoint.id}/roll-secret`, { grace_hours: 100 }],
    ] as const) {
      const r = await webA.call('POST', path, payload);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.code).toBe('validation_failed');
    }
    const foreign = await webB.call('POST', `/webhooks/endpoints/${body.endpoint.id}/test`, {});
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('validation_failed');
    expect((await webA.call('GET', '/webhooks/endpoints')).body.items).toHaveLength(1);
    expect((await webB.call('GET', '/webhooks/endpoints')).body.items).toHaveLength(0);
  });
});
