/**
 * A delivery the address rule refuses is logged for the operator: one warn line per endpoint per
 * interval, naming the endpoint and the rule, never the URL (its path or query may hold a token).
 * The server does not allow private receivers; the endpoint's name resolves to loopback through
 * the worker's injected resolver, so saving it passes and every delivery is refused.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Resolver } from '../../src/modules/webhooks/webhooks.address.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { webClient } from '../helpers/web-client.ts';

const toLoopback: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];

describeEachDatabase('webhook deliveries refused by the address rule', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      databaseUrl: await database.url(),
      captureLogs: true,
      webhooks: { resolver: toLoopback, retryDelaysMs: [50, 50, 50], pollMs: 50 },
    });
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  it('warns once per endpoint, with its id and the reason, not the URL; the delivery log says blocked_address', async () => {
    const m = await server.createMerchant();
    const url = 'https://hooks.example.test/in?token=hook-token-never-logged';
    const { endpoint } = await server.services.webhooks.createEndpoint(m.merchantId, { url });
    const first = await server.services.webhooks.sendTest(m.merchantId, endpoint.id);
    const second = await server.services.webhooks.sendTest(m.merchantId, endpoint.id);
    // Both events' deliveries are refused, each more than once (retried every 50 ms)...
    const attempts = async (eventId: string) =>
      (await server.services.webhooks.getEvent(m.merchantId, eventId)).attempts;
    await expect
      .poll(async () => (await attempts(first.event_id)).length + (await attempts(second.event_id)).length, {
        timeout: 10_000,
        interval: 50,
      })
      .toBeGreaterThanOrEqual(4);
    expect((await attempts(first.event_id))[0]).toMatchObject({
      error: expect.stringMatching(/^blocked_address: /),
    });
    const blocked = server.logs.filter((l) => l.endpointId === endpoint.id);
    // ...and the operator sees one line for the endpoint, at warn, saying how to allow it.
    expect(blocked).toEqual([
      expect.objectContaining({
        level: 40,
        endpointId: endpoint.id,
        reason: expect.stringMatching(/^blocked_address: hooks\.example\.test resolves to a private address/),
        msg: expect.stringContaining('TRADEPOST_WEBHOOK_ALLOW_PRIVATE=1'),
      }),
    ]);
    expect(JSON.stringify(server.logs)).not.toContain('hook-token-never-logged');
    expect(JSON.stringify(server.logs)).not.toContain('/in?');
  });

  it("a merchant saving a local receiver is told to give a public address, not the server's settings", async () => {
    const m = await server.createMerchant();
    const web = webClient(server.url, 'portal');
    expect((await web.signIn(m.email, m.password)).status).toBe(200);
    for (const [url, problem] of [
      ['http://hooks.example.com/in', 'must start with https://'],
      ['https://localhost/in', 'must not point at localhost'],
      ['https://10.1.2.3/in', 'must not point at a private or loopback address'],
    ]) {
      const res = await web.call('POST', '/webhooks/endpoints', { url });
      expect(res.status, url).toBe(400);
      expect(JSON.stringify(res.body), url).toContain(
        `url: ${problem}; give your receiver's public https:// address`,
      );
      expect(JSON.stringify(res.body), url).not.toContain('TRADEPOST_');
    }
    expect(await server.services.webhooks.listEndpoints(m.merchantId)).toEqual([]);
  });
});
