/**
 * The outbox for credit changes, on both databases: every ledger entry other than an order's debit
 * is one `credit.updated`, so is a freeze or unfreeze; `credit.low` fires once per crossing below
 * the threshold; a change that rolls back leaves no event; nobody listening writes nothing.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import type { TestMerchant, TestServer } from '../helpers/test-server.ts';
import { type Receiver, startReceiver, useWebhookServer } from './receiver.ts';

describeEachDatabase('webhook credit events', (database) => {
  let server: TestServer;
  let receiver: Receiver;
  useWebhookServer(database, (s, r) => {
    server = s;
    receiver = r;
  });

  const events = async (m: TestMerchant) =>
    (await server.services.webhooks.listEvents(m.merchantId, { page_size: 100 })).items
      .map((e) => e.type)
      .reverse();
  const eventRows = (m: TestMerchant) =>
    server.running.ctx.db
      .selectFrom('webhook_events')
      .selectAll()
      .where('merchant_id', '=', m.merchantId)
      .execute();

  it('repayment, adjustment, limit change, freeze and unfreeze: one credit.updated each, with the Credit after it', async () => {
    const own = await startReceiver();
    const m = await server.createMerchant({ creditLimit: '100.00' });
    await server.services.webhooks.createEndpoint(m.merchantId, { url: own.url, events: ['credit.updated'] });
    const credit = server.services.credit;
    await credit.adjust(m.merchantId, { amount: '-30.00', type: 'adjustment' }); // used 30
    await credit.adjust(m.merchantId, { amount: '10.00', type: 'repayment' }); // used 20
    await credit.adjust(m.merchantId, { amount: '50.00', type: 'limit_change' }); // limit 150
    await credit.setStatus(m.merchantId, 'frozen');
    await credit.setStatus(m.merchantId, 'frozen'); // no change, no news
    await credit.setStatus(m.merchantId, 'active');
    expect(await events(m)).toEqual(Array(5).fill('credit.updated'));
    const got = await own.waitFor(5);
    await own.close();
    // No ordering guarantee (webhooks.md): compared as a set.
    const seen = got.map((r) =>
      [r.body.data.object.used, r.body.data.object.credit_limit, r.body.data.object.status].join(' '),
    );
    expect(seen.sort()).toEqual(
      [
        '30.00 100.00 active',
        '20.00 100.00 active',
        '20.00 150.00 active',
        '20.00 150.00 frozen',
        '20.00 150.00 active',
      ].sort(),
    );
  });

  it('credit.low fires once per crossing below the threshold, again only after a rise above it', async () => {
    const m = await server.createMerchant({ creditLimit: '100.00' });
    await server.services.webhooks.createEndpoint(m.merchantId, {
      url: receiver.url,
      events: ['credit.low'],
    });
    expect(
      await server.services.webhooks.updateSettings(m.merchantId, { credit_low_threshold: '50.00' }),
    ).toMatchObject({
      credit_low_threshold: '50.00',
    });
    const adjust = (amount: string) =>
      server.services.credit.adjust(m.merchantId, { amount, type: 'adjustment' });
    await adjust('-40.00'); // available 60: above
    await adjust('-20.00'); // 40: crossed
    await adjust('-10.00'); // 30: still below, no news
    await adjust('25.00'); // 55: back above
    await adjust('-5.01'); // 49.99: crossed again
    const low = (await server.services.webhooks.listEvents(m.merchantId, {})).items.filter(
      (e) => e.type === 'credit.low',
    );
    expect(low).toHaveLength(2);
    const bodies = await Promise.all(low.map((e) => server.services.webhooks.getEvent(m.merchantId, e.id)));
    expect(bodies.map((b) => (b.body.data.object as { available: string }).available).sort()).toEqual([
      '40.00',
      '49.99',
    ]);
    // Only credit.low was subscribed: no credit.updated rows were written at all.
    expect((await eventRows(m)).map((r) => r.type)).toEqual(['credit.low', 'credit.low']);
  });

  it('a refused change writes no event, and a unit that rolls back after emitting leaves none', async () => {
    const m = await server.createMerchant({ creditLimit: '100.00' });
    await server.services.webhooks.createEndpoint(m.merchantId, { url: receiver.url });
    await expect(
      server.services.credit.adjust(m.merchantId, { amount: '10.00', type: 'repayment' }),
    ).rejects.toMatchObject({
      code: 4001,
    });
    const { outbox } = server.services;
    await expect(
      server.running.ctx.writer.run(async (trx) => {
        await outbox.emit(trx, m.merchantId, 'credit.updated', { currency: 'USD' });
        throw new Error('the change failed after its event was written');
      }),
    ).rejects.toThrow('the change failed');
    expect(await eventRows(m)).toEqual([]);
    // Its delivery was written claimed, with room the worker set aside: a unit rolled back runs no
    // commit hook, and the room still comes back (idle() waits for every claim this process holds).
    await server.running.webhookWorker!.idle();
  });

  it('a merchant without an endpoint (or with one for other types) writes no event rows', async () => {
    const m = await server.createMerchant({ creditLimit: '100.00' });
    await server.services.credit.adjust(m.merchantId, { amount: '5.00', type: 'limit_change' });
    await server.services.webhooks.createEndpoint(m.merchantId, {
      url: receiver.url,
      events: ['order.shipped'],
    });
    await server.services.credit.adjust(m.merchantId, { amount: '5.00', type: 'limit_change' });
    expect(await eventRows(m)).toEqual([]);
  });

  it('settings refuse what is not an amount, changing nothing', async () => {
    const m = await server.createMerchant();
    await server.services.webhooks.updateSettings(m.merchantId, { credit_low_threshold: '10.00' });
    for (const bad of ['-1.00', '1.234', 'ten', 5]) {
      await expect(
        server.services.webhooks.updateSettings(m.merchantId, { credit_low_threshold: bad }),
      ).rejects.toMatchObject({
        code: 4001,
      });
    }
    expect(await server.services.webhooks.getSettings(m.merchantId)).toMatchObject({
      credit_low_threshold: '10.00',
    });
    expect(
      await server.services.webhooks.updateSettings(m.merchantId, { credit_low_threshold: null }),
    ).toMatchObject({
      credit_low_threshold: null,
    });
  });
});
