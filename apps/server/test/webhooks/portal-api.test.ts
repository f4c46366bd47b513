/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * The portal's webhooks API end to end, over real HTTP with a real session, on both databases: a
 * merchant adds an endpoint (secret shown once), sends a test event that a loopback receiver
 * verifies, reads the delivery log and resends; bad input answers validation_failed, never 5xx,
 * and another merchant's endpoint or event is 404 not_found, the same answer as an unknown id.
 */
import { verifyWebhookSignature } from '@tradepost/protocol';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { orderRequest, testProduct } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { webClient } from '../helpers/web-client.ts';
import { type Receiver, startReceiver, useWebhookServer } from './receiver.ts';

describeEachDatabase('portal webhooks API', (database) => {
  let server: TestServer;
  let receiver: Receiver;
  useWebhookServer(database, (s, r) => {
    server = s;
    receiver = r;
  });

  /** A merchant with credit, signed in to the portal, and a product to order. */
  async function merchantWithProduct() {
    const m = await server.createMerchant({ creditLimit: '1000.00' });
    const product = testProduct();
    await server.addProducts([product]);
    const web = webClient(server.url, 'portal');
    await web.signIn(m.email, m.password);
    return { m, product, web };
  }

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
    expect(log.body.items[0]).toMatchObject({
      id: test.body.event_id,
      type: 'credit.updated',
      queued: false,
      test_endpoint_id: endpoint.id,
    });
    const detail = await web.call('GET', `/webhooks/events/${test.body.event_id}`);
    expect(detail.body.attempts[0]).toMatchObject({
      status_code: 200,
      succeeded: true,
      response_excerpt: 'ok',
    });

    const resent = await web.call('POST', `/webhooks/events/${test.body.event_id}/resend`, {});
    expect(resent.status).toBe(200);
    await receiver.waitFor(2, { where: (r) => r.body.id === test.body.event_id });
    // A test event is for its own endpoint only: another that takes its type may not be sent it.
    const other = (
      await web.call('POST', '/webhooks/endpoints', { url: receiver.url, events: ['credit.updated'] })
    ).body.endpoint;
    const toOther = await web.call('POST', `/webhooks/events/${test.body.event_id}/resend`, {
      endpoint_id: other.id,
    });
    expect([toOther.status, toOther.body.error?.fields]).toEqual([
      400,
      { endpoint_id: 'a test event goes only to the endpoint it was sent to' },
    ]);
    expect((await web.call('GET', `/webhooks/events/${test.body.event_id}`)).body.deliveries).toHaveLength(1);

    const rolled = await web.call('POST', `/webhooks/endpoints/${endpoint.id}/roll-secret`, {
      grace_hours: 2,
    });
    expect(rolled.status).toBe(200);
    expect(rolled.body.secret).not.toBe(secret);
    expect(rolled.body.endpoint.previous_secret_expires_at).not.toBeNull();

    const settings = await web.call('PUT', '/webhooks/settings', { credit_low_threshold: '100.00' });
    // This test server takes loopback receivers (TRADEPOST_WEBHOOK_ALLOW_PRIVATE=1), and says so.
    expect(settings.body).toEqual({ credit_low_threshold: '100.00', private_addresses_allowed: true });
    const off = await web.call('PATCH', `/webhooks/endpoints/${endpoint.id}`, { enabled: false });
    expect(off.body).toMatchObject({ status: 'disabled', disabled_reason: 'merchant' });
  });

  it('events while an endpoint is disabled are kept; once enabled, Resend sends each its first delivery', async () => {
    const { m, product, web } = await merchantWithProduct();
    const created = await web.call('POST', '/webhooks/endpoints', {
      url: receiver.url,
      events: ['order.created'],
    });
    const { endpoint, secret } = created.body as { endpoint: any; secret: string };
    const other = (
      await web.call('POST', '/webhooks/endpoints', { url: receiver.url, events: ['credit.low'] })
    ).body.endpoint;
    await web.call('PATCH', `/webhooks/endpoints/${endpoint.id}`, { enabled: false });

    const order = await server.services.orders.create(m.merchantId, orderRequest(product));
    // Kept, and sent nowhere once the worker looked (queued until then on SQLite).
    const keptEvent = async () =>
      (await web.call('GET', '/webhooks/events?type=order.created')).body.items[0] as any;
    await expect.poll(async () => (await keptEvent())?.queued, { timeout: 10_000 }).toBe(false);
    const kept = await keptEvent();
    // Found by its order: each event says what it is about, and the log is searched by it.
    expect(kept).toMatchObject({
      type: 'order.created',
      about: order.order_no,
      deliveries: [],
      test_endpoint_id: null,
    });
    const search = async (q: string) =>
      (await web.call('GET', `/webhooks/events?q=${encodeURIComponent(q)}`)).body as any;
    expect((await search(order.order_no)).items.map((e: any) => e.id)).toEqual([kept.id]);
    expect((await search(kept.id)).items.map((e: any) => e.id)).toEqual([kept.id]);
    expect((await search('ORD-NOT-THERE')).items).toEqual([]);
    const badSearch = await web.call('GET', `/webhooks/events?q=${encodeURIComponent('ORD\u0000')}`);
    expect([badSearch.status, badSearch.body.error?.code]).toEqual([400, 'validation_failed']);
    expect((await web.call('GET', `/webhooks/events/${kept.id}`)).body.body.data.object.order_no).toBe(
      order.order_no,
    );

    // Still disabled, or not taking the type: refused, saying why, and nothing is queued.
    const refusals = [
      await web.call('POST', `/webhooks/events/${kept.id}/resend`, { endpoint_id: endpoint.id }),
      await web.call('POST', `/webhooks/events/${kept.id}/resend`, { endpoint_id: other.id }),
      await web.call('POST', `/webhooks/events/${kept.id}/resend`, {}),
      // An endpoint that is not theirs, or none at all: the endpoint is not found, not the event.
      await web.call('POST', `/webhooks/events/${kept.id}/resend`, { endpoint_id: 'we_nobody' }),
    ];
    expect(refusals.map((r) => [r.status, r.body.error?.message])).toEqual([
      [400, 'endpoint_id: the endpoint is disabled; enable it first'],
      [400, 'endpoint_id: the endpoint does not take order.created events'],
      [400, 'event_id: this event went to no endpoint, and no enabled endpoint takes its type'],
      [404, 'No such webhook endpoint'],
    ]);
    expect((await web.call('GET', `/webhooks/events/${kept.id}`)).body.deliveries).toEqual([]);

    await web.call('PATCH', `/webhooks/endpoints/${endpoint.id}`, { enabled: true });
    const resent = await web.call('POST', `/webhooks/events/${kept.id}/resend`, {});
    expect(resent.status, JSON.stringify(resent.body)).toBe(200);
    expect(resent.body.deliveries.map((d: any) => d.endpoint_id)).toEqual([endpoint.id]);
    const [got] = await receiver.waitFor(1, { where: (r) => r.body.id === kept.id });
    expect(verifyWebhookSignature(got!.raw, got!.headers['tradepost-signature'], secret)).toMatchObject({
      ok: true,
    });
    // Twice asked, still one delivery: the second resend queues it again.
    await web.call('POST', `/webhooks/events/${kept.id}/resend`, { endpoint_id: endpoint.id });
    expect((await web.call('GET', `/webhooks/events/${kept.id}`)).body.deliveries).toHaveLength(1);
  });

  it('Send missed events queues, once, every event an endpoint missed while disabled', async () => {
    const { m, product, web } = await merchantWithProduct();
    const { endpoint, secret } = (
      await web.call('POST', '/webhooks/endpoints', { url: receiver.url, events: ['order.created'] })
    ).body as { endpoint: any; secret: string };
    await web.call('PATCH', `/webhooks/endpoints/${endpoint.id}`, { enabled: false });
    const sendMissed = () => web.call('POST', `/webhooks/endpoints/${endpoint.id}/send-missed`, {});
    const refused = await sendMissed();
    expect([refused.status, refused.body.error?.message]).toEqual([
      400,
      'endpoint_id: the endpoint is disabled; enable it first',
    ]);

    const orders: Array<{ order_no: string }> = [];
    for (let i = 0; i < 3; i++)
      orders.push(await server.services.orders.create(m.merchantId, orderRequest(product)));
    // A credit change, recorded for another endpoint, is of a type this one does not take: not missed.
    await web.call('POST', '/webhooks/endpoints', { url: receiver.url, events: ['credit.updated'] });
    await server.services.credit.adjust(m.merchantId, { amount: '1.00', type: 'repayment' });
    await web.call('PATCH', `/webhooks/endpoints/${endpoint.id}`, { enabled: true });

    const sent = await sendMissed();
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toEqual({ queued: 3, more: false });
    const got = await receiver.waitFor(3, {
      where: (r) =>
        r.body.type === 'order.created' && orders.some((o) => o.order_no === r.body.data.object.order_no),
    });
    expect(got.map((r) => r.body.data.object.order_no).sort()).toEqual(orders.map((o) => o.order_no).sort());
    for (const r of got)
      expect(verifyWebhookSignature(r.raw, r.headers['tradepost-signature'], secret)).toMatchObject({
        ok: true,
      });
    // Nothing is missed twice.
    expect((await sendMissed()).body).toEqual({ queued: 0, more: false });

    // Another merchant's endpoint: the same 404 as an unknown one.
    const other = await server.createMerchant();
    const theirs = webClient(server.url, 'portal');
    await theirs.signIn(other.email, other.password);
    const foreign = await theirs.call('POST', `/webhooks/endpoints/${endpoint.id}/send-missed`, {});
    expect([foreign.status, foreign.body.error?.code]).toEqual([404, 'not_found']);
  });

  it('an event not yet handed to its endpoints reads as queued, not as sent to none', async () => {
    // No delivery worker: the test event is written, and its deliveries wait for one. On PostgreSQL
    // this server shares the file's schema, so the file's server stops its worker meanwhile (it
    // would fan the event out: an endpoint another process added).
    const idle = await startTestServer({
      databaseUrl: await database.url(),
      env: { TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1', TRADEPOST_WEBHOOK_WORKER: '0' },
    });
    await server.running.webhookWorker!.stop();
    try {
      const m = await idle.createMerchant();
      const web = webClient(idle.url, 'portal');
      await web.signIn(m.email, m.password);
      const created = await web.call('POST', '/webhooks/endpoints', { url: receiver.url, events: ['*'] });
      const test = await web.call('POST', `/webhooks/endpoints/${created.body.endpoint.id}/test`, {});
      expect(test.status).toBe(200);
      const log = await web.call('GET', '/webhooks/events?page_size=10');
      expect(log.body.items[0]).toMatchObject({ id: test.body.event_id, queued: true, deliveries: [] });
      const detail = await web.call('GET', `/webhooks/events/${test.body.event_id}`);
      expect(detail.body).toMatchObject({ queued: true, deliveries: [] });
    } finally {
      await idle.close();
      server.running.webhookWorker!.start();
    }
  });

  it('a server set up as in production says it takes only public https:// addresses, and refuses a loopback one', async () => {
    const production = await startTestServer({
      databaseUrl: await database.url(),
      env: { TRADEPOST_WEBHOOK_WORKER: '0' },
    });
    try {
      const m = await production.createMerchant();
      const web = webClient(production.url, 'portal');
      await web.signIn(m.email, m.password);
      expect((await web.call('GET', '/webhooks/settings')).body).toEqual({
        credit_low_threshold: null,
        private_addresses_allowed: false,
      });
      const local = await web.call('POST', '/webhooks/endpoints', { url: receiver.url });
      expect([local.status, Object.keys(local.body.error?.fields ?? {})]).toEqual([400, ['url']]);
    } finally {
      await production.close();
    }
  });

  it('bad input is validation_failed naming the field, in words that say what is wrong; nothing changes', async () => {
    const web = webClient(server.url, 'portal');
    const m = await server.createMerchant();
    await web.signIn(m.email, m.password);
    const { body } = await web.call('POST', '/webhooks/endpoints', { url: receiver.url });
    for (const [path, payload, fields] of [
      ['/webhooks/endpoints', { url: 'ftp://x' }, { url: expect.any(String) }],
      [
        '/webhooks/endpoints',
        { url: receiver.url, events: ['order.lost'] },
        { 'events.0': expect.any(String) },
      ],
      ['/webhooks/endpoints', {}, { url: 'is required' }],
      ['/webhooks/endpoints', { url: 5 }, { url: 'must be a string' }],
      [
        '/webhooks/endpoints',
        { url: `${receiver.url}/${'a'.repeat(3000)}` },
        { url: 'must be at most 2048 characters' },
      ],
      [
        `/webhooks/endpoints/${body.endpoint.id}/roll-secret`,
        { grace_hours: 100 },
        { grace_hours: expect.any(String) },
      ],
    ] as const) {
      const r = await web.call('POST', path, payload);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'validation_failed', fields });
    }
    expect((await web.call('GET', '/webhooks/endpoints')).body.items).toHaveLength(1);
  });

  it('resending an event while its attempt is under way says so and queues nothing; afterwards it resends', async () => {
    const slow = await startReceiver();
    try {
      slow.answer = (_r, n) => (n === 0 ? { status: 200, body: 'ok', delayMs: 3000 } : { status: 200 });
      const m = await server.createMerchant();
      const web = webClient(server.url, 'portal');
      await web.signIn(m.email, m.password);
      const { endpoint } = (
        await web.call('POST', '/webhooks/endpoints', { url: slow.url, events: ['credit.updated'] })
      ).body;
      const eventId = (await web.call('POST', `/webhooks/endpoints/${endpoint.id}/test`, {})).body.event_id;
      await slow.waitFor(1); // the receiver holds its answer: the attempt is under way

      const during = await web.call('POST', `/webhooks/events/${eventId}/resend`, {
        endpoint_id: endpoint.id,
      });
      expect([during.status, during.body.error?.fields]).toEqual([
        400,
        {
          event_id: 'it is being delivered to that endpoint right now; resend it once this attempt has ended',
        },
      ]);
      // Not named, and nothing else to resend: refused too, in words that name no endpoint.
      const duringAll = await web.call('POST', `/webhooks/events/${eventId}/resend`, {});
      expect([duringAll.status, duringAll.body.error?.fields]).toEqual([
        400,
        {
          event_id:
            'it is being delivered right now to every endpoint it went to; resend it once those attempts have ended',
        },
      ]);
      const detail = async () => (await web.call('GET', `/webhooks/events/${eventId}`)).body;
      await expect
        .poll(async () => (await detail()).deliveries[0].status, { timeout: 10_000 })
        .toBe('succeeded');

      const after = await web.call('POST', `/webhooks/events/${eventId}/resend`, {
        endpoint_id: endpoint.id,
      });
      expect(after.status).toBe(200);
      await slow.waitFor(2);
      await expect.poll(async () => (await detail()).attempts.length, { timeout: 10_000 }).toBe(2);
    } finally {
      await slow.close();
    }
  });

  it('resend to every endpoint skips the one whose attempt is under way, resends the rest, and names it', async () => {
    const slow = await startReceiver();
    const fast = await startReceiver();
    try {
      slow.answer = (_r, n) => (n === 0 ? { status: 200, body: 'ok', delayMs: 3000 } : { status: 200 });
      const m = await server.createMerchant({ creditLimit: '100.00' });
      const web = webClient(server.url, 'portal');
      await web.signIn(m.email, m.password);
      const add = async (url: string) =>
        (await web.call('POST', '/webhooks/endpoints', { url, events: ['credit.updated'] })).body.endpoint;
      const busy = await add(slow.url);
      const idle = await add(fast.url);
      await server.services.credit.adjust(m.merchantId, { amount: '1.00', type: 'limit_change' });
      const [got] = await slow.waitFor(1); // the slow receiver holds its answer: under way
      const eventId = got!.body.id;
      const detail = async () => (await web.call('GET', `/webhooks/events/${eventId}`)).body;
      const statusOf = async (id: string) =>
        (await detail()).deliveries.find((d: any) => d.endpoint_id === id)?.status;
      await expect.poll(() => statusOf(idle.id), { timeout: 10_000 }).toBe('succeeded');

      const all = await web.call('POST', `/webhooks/events/${eventId}/resend`, {});
      expect(all.status, JSON.stringify(all.body)).toBe(200);
      expect(all.body).toMatchObject({ id: eventId, in_flight: [busy.id] });
      await fast.waitFor(2, { where: (r) => r.body.id === eventId });
      // Named, the one under way is still refused, as it was.
      const named = await web.call('POST', `/webhooks/events/${eventId}/resend`, { endpoint_id: busy.id });
      expect([named.status, named.body.error?.fields]).toEqual([
        400,
        {
          event_id: 'it is being delivered to that endpoint right now; resend it once this attempt has ended',
        },
      ]);
      // The skipped one was left alone: its attempt ends as it would have, once.
      await expect
        .poll(async () => (await detail()).deliveries.map((d: any) => d.status), { timeout: 10_000 })
        .toEqual(['succeeded', 'succeeded']);
      expect(slow.received.filter((r) => r.body.id === eventId)).toHaveLength(1);
      const after = await web.call('POST', `/webhooks/events/${eventId}/resend`, {});
      expect(after.body.in_flight).toEqual([]);
      await slow.waitFor(2, { where: (r) => r.body.id === eventId });
    } finally {
      await slow.close();
      await fast.close();
    }
  });

  it('an endpoint keeps the URL deliveries go to: its canonical form, not the text typed', async () => {
    const web = webClient(server.url, 'portal');
    const m = await server.createMerchant();
    await web.signIn(m.email, m.password);
    // Each is accepted; each is shown as the address the sender connects to.
    const cases = [
      // A Cyrillic "а" reads as "example.com" but is another host: shown in punycode.
      ['https://ex\u0430mple.com/hooks', 'https://xn--exmple-4nf.com/hooks'],
      // Not a user name before 127.0.0.1: the backslash is a slash, the host is hooks.example.com.
      ['https://hooks.example.com\\@127.0.0.1/', 'https://hooks.example.com/@127.0.0.1/'],
      ['HTTPS://Hooks.Example.COM:443/a/./b/../c', 'https://hooks.example.com/a/c'],
      ['https:hooks.example.com/tradepost', 'https://hooks.example.com/tradepost'],
    ] as const;
    for (const [typed, shown] of cases) {
      const r = await web.call('POST', '/webhooks/endpoints', { url: typed, events: ['credit.low'] });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.endpoint.url, typed).toBe(shown);
    }
    const { items } = (await web.call('GET', '/webhooks/endpoints')).body;
    expect(items.map((e: any) => e.url).sort()).toEqual(cases.map(([, shown]) => shown).sort());

    const [typed, shown] = cases[0];
    const changed = await web.call('PATCH', `/webhooks/endpoints/${items[0].id}`, { url: typed });
    expect(changed.body.url).toBe(shown);
  });

  it('another merchant’s endpoint or event is 404 not_found, the same answer as an unknown id; nothing changes', async () => {
    const a = await server.createMerchant();
    const b = await server.createMerchant();
    const webA = webClient(server.url, 'portal');
    const webB = webClient(server.url, 'portal');
    await webA.signIn(a.email, a.password);
    await webB.signIn(b.email, b.password);
    const { body } = await webA.call('POST', '/webhooks/endpoints', { url: receiver.url });
    const id = body.endpoint.id as string;
    const sent = await webA.call('POST', `/webhooks/endpoints/${id}/test`, {});
    const eventId = sent.body.event_id as string;
    const delivery = async () => (await webA.call('GET', `/webhooks/events/${eventId}`)).body.deliveries[0];
    await expect.poll(async () => (await delivery()).status, { timeout: 10_000 }).toBe('succeeded');

    const unknownEndpoint = 'we_000000000000000000000000';
    const unknownEvent = 'evt_000000000000000000000000';
    for (const [method, path, payload] of [
      ['PATCH', '/webhooks/endpoints/:e', { enabled: false }],
      ['POST', '/webhooks/endpoints/:e/roll-secret', { grace_hours: 0 }],
      ['POST', '/webhooks/endpoints/:e/test', {}],
      ['GET', '/webhooks/events/:v', undefined],
      ['POST', '/webhooks/events/:v/resend', {}],
    ] as const) {
      const at = (e: string, v: string) => path.replace(':e', e).replace(':v', v);
      const theirs = await webB.call(method, at(id, eventId), payload);
      const unknown = await webB.call(method, at(unknownEndpoint, unknownEvent), payload);
      expect([theirs.status, theirs.body.error?.code], `${method} ${path}`).toEqual([404, 'not_found']);
      expect(theirs.body).toEqual(unknown.body);
      expect(unknown.status).toBe(404);
    }
    const [endpoint] = (await webA.call('GET', '/webhooks/endpoints')).body.items;
    expect(endpoint).toEqual(body.endpoint);
    expect(await delivery()).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect((await webB.call('GET', '/webhooks/endpoints')).body.items).toHaveLength(0);
  });
});
