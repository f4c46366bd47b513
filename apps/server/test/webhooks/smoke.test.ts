import { verifyWebhookSignature } from '@tradepost/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { startReceiver, type Receiver } from './receiver.ts';

describeEachDatabase('webhook smoke', (database) => {
  let server: TestServer;
  let receiver: Receiver;
  beforeAll(async () => {
    server = await startTestServer({
      databaseUrl: await database.url(),
      env: { TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1' },
    });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
    await database.dispose();
  });

  it('delivers credit.updated signed', async () => {
    const m = await server.createMerchant({ creditLimit: '100.00' });
    const { secret } = await server.services.webhooks.createEndpoint(m.merchantId, { url: receiver.url });
    await server.services.credit.adjust(m.merchantId, { amount: '10.00', type: 'limit_change' });
    const [r] = await receiver.waitFor(1);
    expect(r!.body.type).toBe('credit.updated');
    expect(verifyWebhookSignature(r!.raw, r!.headers['tradepost-signature'], secret)).toMatchObject({
      ok: true,
    });
  });
});
