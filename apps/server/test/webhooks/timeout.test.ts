/**
 * The default cut, for real: a receiver that never answers is cut at 10 s (the other delivery
 * tests shorten it through the worker's option). This one test pays the 10 s.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { postOnce } from '../../src/modules/webhooks/webhooks.http.ts';
import { startReceiver, type Receiver } from './receiver.ts';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  receiver.answer = () => 'hang';
});
afterAll(() => receiver.close());

it('a hanging receiver is cut at the default 10 s', async () => {
  const { webhookTimeoutMs } = loadConfig({ TRADEPOST_DATA_DIR: '/tmp/tradepost-timeout-test' });
  const r = await postOnce(
    receiver.url,
    '{}',
    {},
    { timeoutMs: webhookTimeoutMs, policy: { allowPrivate: true } },
  );
  expect(receiver.received).toHaveLength(1);
  expect(r).toMatchObject({ ok: false, statusCode: null, error: 'timeout' });
  expect(r.latencyMs).toBeGreaterThanOrEqual(9_990);
  expect(r.latencyMs).toBeLessThan(11_000);
}, 20_000);
