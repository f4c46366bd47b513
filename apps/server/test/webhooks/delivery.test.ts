/**
 * Delivery end to end, on both databases: the real server and its worker POST to real loopback
 * receivers (TRADEPOST_WEBHOOK_ALLOW_PRIVATE=1). Retry timing and the per-attempt cut are shortened
 * through the worker's options; their defaults are checked in schedule.test.ts / timeout.test.ts.
 */
import { verifyWebhookSignature } from '@tradepost/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { anyWork } from '../../src/modules/webhooks/webhooks.repository.ts';
import { loadMetrics } from '../../src/ops/metrics.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';
import { receiverPool, type Receiver } from './receiver.ts';

const TIMEOUT_MS = 1500;

describeEachDatabase('webhook delivery', (database) => {
  let server: TestServer;
  const receivers = receiverPool();
  const receiver = receivers.start;
  beforeAll(async () => {
    server = await startTestServer({
      databaseUrl: await database.url(),
      env: { TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1' },
      webhooks: { timeoutMs: TIMEOUT_MS, retryDelaysMs: [200, 200, 200], pollMs: 50 },
    });
  });
  afterAll(async () => {
    await server?.close();
    await receivers.closeAll();
    await database.dispose();
  });

  async function endpointFor(m: TestMerchant, r: Receiver, events?: string[]) {
    return server.services.webhooks.createEndpoint(m.merchantId, {
      url: r.url,
      ...(events ? { events } : {}),
    });
  }
  /** The event's log once every delivery has settled after at least `attempts` attempts. */
  async function settled(m: TestMerchant, eventId: string, attempts = 1) {
    await expect
      .poll(
        async () => {
          const d = await server.services.webhooks.getEvent(m.merchantId, eventId);
          return d.attempts.length >= attempts && d.deliveries.every((x) => x.status !== 'delivering');
        },
        { timeout: 10_000, interval: 50 },
      )
      .toBe(true);
    return server.services.webhooks.getEvent(m.merchantId, eventId);
  }
  const bump = (m: TestMerchant, amount = '1.00') =>
    server.services.credit.adjust(m.merchantId, { amount, type: 'limit_change' });

  it('POSTs the spec headers; the signature verifies over the raw body; Event-Id is the body id', async () => {
    const r = await receiver();
    const m = await server.createMerchant();
    const { secret, endpoint } = await endpointFor(m, r);
    await bump(m);
    const [got] = await r.waitFor(1);
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers['user-agent']).toMatch(/^Tradepost\/\d+\.\d+\.\d+/);
    expect(got!.headers['tradepost-event-id']).toBe(got!.body.id);
    expect(got!.body.id).toMatch(/^evt_/);
    expect(got!.headers['tradepost-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(got!.raw, got!.headers['tradepost-signature'], secret)).toMatchObject({
      ok: true,
    });
    expect(got!.body).toMatchObject({
      type: 'credit.updated',
      data: { object: { credit_limit: '1001.00', status: 'active' } },
    });
    // The log records it: one attempt, 200, the excerpt of the answer.
    const detail = await settled(m, got!.body.id);
    expect(detail.deliveries).toEqual([
      expect.objectContaining({ endpoint_id: endpoint.id, status: 'succeeded', attempts: 1 }),
    ]);
    expect(detail.attempts).toEqual([
      expect.objectContaining({ status_code: 200, succeeded: true, response_excerpt: 'ok', error: null }),
    ]);
  });

  it("events of several merchants fanned out together reach only each merchant's own endpoint", async () => {
    const [ra, rb] = [await receiver(), await receiver()];
    const [a, b] = [await server.createMerchant(), await server.createMerchant()];
    await endpointFor(a, ra);
    await endpointFor(b, rb);
    // One unit: both events commit together, so one fan-out takes them as one batch.
    const ctx = server.running.ctx;
    const [ea, eb] = await ctx.writer.run(async (trx) => [
      await ctx.services.outbox.emit(trx, a.merchantId, 'credit.updated', { n: 'a' }, { force: true }),
      await ctx.services.outbox.emit(trx, b.merchantId, 'credit.updated', { n: 'b' }, { force: true }),
    ]);
    await ra.waitFor(1);
    await rb.waitFor(1);
    const da = await settled(a, ea!);
    const db = await settled(b, eb!);
    expect(ra.received.map((r) => r.body.id)).toEqual([ea]);
    expect(rb.received.map((r) => r.body.id)).toEqual([eb]);
    expect(da.deliveries).toHaveLength(1);
    expect(db.deliveries).toHaveLength(1);
  });

  it('a receiver answering 500 then 200 gets the event again with the same Event-Id; both attempts logged', async () => {
    const r = await receiver();
    r.answer = (_req, n) =>
      n === 0 ? { status: 500, body: 'x'.repeat(3000) } : { status: 200, body: 'thanks' };
    const m = await server.createMerchant();
    await endpointFor(m, r);
    await bump(m);
    const [first, second] = await r.waitFor(2);
    expect(second!.headers['tradepost-event-id']).toBe(first!.headers['tradepost-event-id']);
    expect(second!.raw.equals(first!.raw)).toBe(true);
    const detail = await settled(m, first!.body.id, 2);
    expect(detail.attempts.map((a) => [a.status_code, a.succeeded])).toEqual([
      [500, false],
      [200, true],
    ]);
    expect(detail.attempts[0]!.response_excerpt).toHaveLength(1024);
    expect(detail.deliveries[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('an answer with a NUL byte is logged (as U+FFFD: PostgreSQL text cannot hold one) and the worker goes on', async () => {
    const r = await receiver();
    r.answer = () => ({ status: 200, body: 'a\u0000b' });
    const m = await server.createMerchant();
    await endpointFor(m, r);
    await bump(m);
    const [got] = await r.waitFor(1);
    const detail = await settled(m, got!.body.id);
    expect(detail.deliveries[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(detail.attempts[0]!.response_excerpt).toBe('a\ufffdb');
  });

  it('/metrics counts attempts by result and deliveries, and shows the backlog', async () => {
    const registry = await loadMetrics(); // loaded already: the server's app did
    /** One sample of the process registry (what /metrics serves), 0 when absent. */
    const value = async (name: string, labels: Record<string, string>) => {
      const m = await registry.getSingleMetric(name)!.get();
      const v = m.values.find((x) => Object.entries(labels).every(([k, l]) => x.labels[k] === l));
      return v?.value ?? 0;
    };
    const before = {
      failed: await value('tradepost_webhook_attempts_total', { result: 'http_error' }),
      ok: await value('tradepost_webhook_attempts_total', { result: 'success' }),
      delivered: await value('tradepost_webhook_deliveries_total', { outcome: 'succeeded' }),
    };
    const r = await receiver();
    r.answer = (_req, n) => (n === 0 ? { status: 500 } : { status: 200 });
    const m = await server.createMerchant();
    await endpointFor(m, r);
    await bump(m);
    const [got] = await r.waitFor(2);
    await settled(m, got!.body.id, 2);
    // At least: other tests' endpoints in this process may be retrying meanwhile.
    await expect
      .poll(() => value('tradepost_webhook_attempts_total', { result: 'success' }))
      .toBeGreaterThanOrEqual(before.ok + 1);
    expect(await value('tradepost_webhook_attempts_total', { result: 'http_error' })).toBeGreaterThanOrEqual(
      before.failed + 1,
    );
    expect(
      await value('tradepost_webhook_deliveries_total', { outcome: 'succeeded' }),
    ).toBeGreaterThanOrEqual(before.delivered + 1);
    const text = await registry.metrics();
    expect(text).toMatch(/^tradepost_webhook_backlog\{state="pending"\} \d+$/m);
    expect(text).toMatch(/^tradepost_webhook_delivery_lag_seconds_count \d+$/m);
    expect(text).not.toContain(r.url); // bounded labels: never a receiver's address
  });

  it('a receiver that hangs is cut at the timeout and retried', async () => {
    const r = await receiver();
    r.answer = (_req, n) => (n === 0 ? 'hang' : { status: 204 });
    const m = await server.createMerchant();
    await endpointFor(m, r);
    await bump(m);
    const [first, second] = await r.waitFor(2);
    expect(second!.body.id).toBe(first!.body.id);
    const detail = await settled(m, first!.body.id, 2);
    expect(detail.attempts[0]).toMatchObject({ status_code: null, error: 'timeout', succeeded: false });
    expect(detail.attempts[0]!.latency_ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(detail.attempts[0]!.latency_ms).toBeLessThan(TIMEOUT_MS + 1000);
    expect(detail.attempts[1]).toMatchObject({ status_code: 204, succeeded: true });
  });

  it('does not follow redirects: a 302 is a failed attempt and the Location is never asked', async () => {
    const target = await receiver();
    const r = await receiver();
    r.answer = () => ({ status: 302, body: target.url });
    const m = await server.createMerchant();
    await endpointFor(m, r);
    await bump(m);
    const [got] = await r.waitFor(2);
    const detail = await settled(m, got!.body.id, 2);
    expect(detail.attempts.slice(0, 2).map((a) => [a.status_code, a.succeeded])).toEqual([
      [302, false],
      [302, false],
    ]);
    expect(target.received).toHaveLength(0);
  });

  it('a slow receiver does not hold up a fast one', async () => {
    const slow = await receiver();
    slow.answer = () => 'hang';
    const fast = await receiver();
    const m1 = await server.createMerchant();
    const m2 = await server.createMerchant();
    await endpointFor(m1, slow);
    await endpointFor(m2, fast);
    for (let i = 0; i < 12; i++) await bump(m1);
    await slow.waitFor(4); // its per-endpoint share is in flight, hanging
    const started = performance.now();
    for (let i = 0; i < 5; i++) await bump(m2);
    await fast.waitFor(5, { timeoutMs: TIMEOUT_MS });
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS);
    expect(slow.received.length).toBeLessThanOrEqual(4 + 4); // never more than the share at once (+ retries)
  });

  it('rolling the secret with a grace period signs with both; grace 0 signs with the new one only', async () => {
    const r = await receiver();
    const m = await server.createMerchant();
    const { secret: old, endpoint } = await endpointFor(m, r);
    const rolled = await server.services.webhooks.rollSecret(m.merchantId, endpoint.id, { grace_hours: 24 });
    expect(rolled.endpoint.previous_secret_expires_at).not.toBeNull();
    await bump(m);
    const [a] = await r.waitFor(1);
    expect(a!.headers['tradepost-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    for (const s of [old, rolled.secret]) {
      expect(verifyWebhookSignature(a!.raw, a!.headers['tradepost-signature'], s)).toMatchObject({
        ok: true,
      });
    }
    const again = await server.services.webhooks.rollSecret(m.merchantId, endpoint.id, { grace_hours: 0 });
    await bump(m);
    const [, b] = await r.waitFor(2);
    expect(verifyWebhookSignature(b!.raw, b!.headers['tradepost-signature'], again.secret)).toMatchObject({
      ok: true,
    });
    expect(verifyWebhookSignature(b!.raw, b!.headers['tradepost-signature'], rolled.secret)).toMatchObject({
      ok: false,
      code: 'ERR_WEBHOOK_SIGNATURE',
    });
    await expect(
      server.services.webhooks.rollSecret(m.merchantId, endpoint.id, { grace_hours: 73 }),
    ).rejects.toMatchObject({
      code: 4001,
    });
  });

  it('resend delivers the same event again; a test event goes to its endpoint only', async () => {
    const r1 = await receiver();
    const r2 = await receiver();
    const m = await server.createMerchant();
    const e1 = await endpointFor(m, r1);
    await endpointFor(m, r2);
    await bump(m);
    const [got] = await r1.waitFor(1);
    await r2.waitFor(1);
    await settled(m, got!.body.id);
    const after = await server.services.webhooks.resend(m.merchantId, got!.body.id, e1.endpoint.id);
    // No status check on the answer: the worker, nudged by resend, may claim or even finish the
    // delivery before resend reads it back. The second arrival below is the proof.
    expect(after.deliveries.map((d) => d.endpoint_id)).toContain(e1.endpoint.id);
    const [, again] = await r1.waitFor(2);
    expect(again!.body.id).toBe(got!.body.id);

    const { event_id } = await server.services.webhooks.sendTest(m.merchantId, e1.endpoint.id);
    const [, , test] = await r1.waitFor(3);
    expect(test!.body).toMatchObject({ id: event_id, type: 'credit.updated' });
    await new Promise((res) => setTimeout(res, 300));
    expect(r2.received.map((x) => x.body.id)).not.toContain(event_id);
  });

  /**
   * A server of its own with a worker set for the test, the shared server's worker stopped
   * meanwhile: on PostgreSQL both share the schema, and only the short-lived one may deliver.
   */
  async function alone(webhooks: { giveUpAfterMs?: number }, work: (local: TestServer) => Promise<void>) {
    await server.running.webhookWorker?.stop();
    const local = await startTestServer({
      databaseUrl: await database.url(),
      env: { TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1' },
      webhooks: { timeoutMs: TIMEOUT_MS, retryDelaysMs: [100], pollMs: 50, ...webhooks },
    });
    try {
      await work(local);
    } finally {
      await local.close();
      server.running.webhookWorker?.start();
    }
  }

  it('an endpoint that fails every delivery past the give-up time is disabled, its deliveries failed', () =>
    alone({ giveUpAfterMs: 600 }, async (local) => {
      const r = await receiver();
      r.answer = () => ({ status: 503 });
      const m = await local.createMerchant();
      const { endpoint } = await local.services.webhooks.createEndpoint(m.merchantId, { url: r.url });
      await local.services.credit.adjust(m.merchantId, { amount: '1.00', type: 'limit_change' });
      await expect
        .poll(async () => (await local.services.webhooks.getEndpoint(m.merchantId, endpoint.id)).status, {
          timeout: 10_000,
        })
        .toBe('disabled');
      const ep = await local.services.webhooks.getEndpoint(m.merchantId, endpoint.id);
      expect(ep.disabled_reason).toBe('failing');
      const failing = await local.services.webhooks.listFailingEndpoints();
      expect(failing.map((f) => f.id)).toContain(endpoint.id);
      // The worker's disable is audited once, as the system's, beside the endpoint's creation.
      const audit = await local.services.audit.search({ page: 1, pageSize: 50, merchantId: m.merchantId });
      expect(
        audit.items.map((e) => [e.action, e.actor_type, e.actor_label, e.after?.disabled_reason]),
      ).toEqual([
        ['webhook.disabled', 'system', 'webhook worker', 'failing'],
        ['webhook.created', 'system', 'cli', undefined],
      ]);
      const [event] = (await local.services.webhooks.listEvents(m.merchantId, {})).items;
      await expect
        .poll(
          async () => (await local.services.webhooks.getEvent(m.merchantId, event!.id)).deliveries[0]!.status,
          { timeout: 5000 },
        )
        .toBe('failed');
    }));

  // Alone on the schema: any unit counted here is this endpoint's.
  it("a disabled endpoint's due retry waits without a unit on each poll; enabled, it goes out", () =>
    alone({}, async (local) => {
      const r = await receiver();
      r.answer = () => ({ status: 503 });
      const m = await local.createMerchant();
      const { endpoint } = await local.services.webhooks.createEndpoint(m.merchantId, { url: r.url });
      await local.services.credit.adjust(m.merchantId, { amount: '1.00', type: 'limit_change' });
      const [event] = (await local.services.webhooks.listEvents(m.merchantId, {})).items;
      const delivery = async () =>
        (await local.services.webhooks.getEvent(m.merchantId, event!.id)).deliveries[0];
      await r.waitFor(1);
      await local.services.webhooks.updateEndpoint(m.merchantId, endpoint.id, { enabled: false });
      // Retries fall due 100 ms after each attempt, so the worker may have claimed one before the
      // disable committed; such a claim still goes out. Wait for the cycle under way (its claims
      // count as held only after its commit), then for what it holds to be recorded: from then on
      // nothing is claimed.
      const worker = local.running.webhookWorker!;
      await worker.tick();
      await worker.idle();
      const paused = await delivery();
      expect(paused).toMatchObject({ status: 'pending', attempts: r.received.length });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(Date.parse(paused!.next_attempt_at!)).toBeLessThan(Date.now()); // due
      const writer = local.running.ctx.writer;
      const before = writer.stats().units;
      await new Promise((resolve) => setTimeout(resolve, 1000)); // ~20 polls
      expect(writer.stats().units - before).toBe(0);
      expect(await delivery()).toMatchObject({ status: 'pending', attempts: paused!.attempts });
      r.answer = () => ({ status: 200 });
      await local.services.webhooks.updateEndpoint(m.merchantId, endpoint.id, { enabled: true });
      await expect
        .poll(delivery, { timeout: 10_000 })
        .toMatchObject({ status: 'succeeded', attempts: paused!.attempts + 1 });
    }));

  it("the idle poll's read: paused retries past its walk do not hide an enabled endpoint's due one", async () => {
    await server.running.webhookWorker?.stop(); // nothing claims the rows below meanwhile
    try {
      const db = server.running.ctx.db;
      const m = await server.createMerchant();
      const hooks = server.services.webhooks;
      const paused = (await hooks.createEndpoint(m.merchantId, { url: 'https://hooks.example.com/p' }))
        .endpoint;
      await hooks.updateEndpoint(m.merchantId, paused.id, { enabled: false });
      const live = (await hooks.createEndpoint(m.merchantId, { url: 'https://hooks.example.com/l' }))
        .endpoint;
      const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
      const due = async (endpointId: string, n: number, minutesAgo: number) => {
        const id = `${endpointId.slice(-6)}_${n}_${Date.now()}`;
        await db
          .insertInto('webhook_events')
          .values({
            event_id: `evt_${id}`,
            merchant_id: m.merchantId,
            type: 'credit.updated',
            payload: '{}',
            endpoint_id: null,
            fanned_out: 1,
            created_at: at(minutesAgo),
          })
          .execute();
        await db
          .insertInto('webhook_deliveries')
          .values({
            delivery_id: `whd_${id}`,
            event_id: `evt_${id}`,
            endpoint_id: endpointId,
            merchant_id: m.merchantId,
            status: 'pending',
            attempts: 1,
            next_attempt_at: at(minutesAgo),
            lease_until: null,
            give_up_at: at(-60),
            created_at: at(minutesAgo),
            updated_at: at(minutesAgo),
          })
          .execute();
      };
      for (let n = 0; n < 3; n++) await due(paused.id, n, 30 - n); // the oldest due: paused
      // Asked as of 20 minutes ago: the other tests' deliveries (due within the last minute) are not due then.
      const now = at(20);
      expect((await anyWork(db, now, 2)).due).toBe(false); // 3 paused, a walk of 2: asked each endpoint
      expect((await anyWork(db, now)).due).toBe(false);
      await due(live.id, 9, 25); // due at an enabled endpoint, behind the paused ones
      expect((await anyWork(db, now, 2)).due).toBe(true); // found by asking each endpoint
      expect((await anyWork(db, now)).due).toBe(true); // found in the walk
      await db.deleteFrom('webhook_deliveries').where('merchant_id', '=', m.merchantId).execute();
    } finally {
      server.running.webhookWorker?.start();
    }
  });
});
