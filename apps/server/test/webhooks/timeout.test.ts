/**
 * The default cut, for real: a receiver that never answers is cut at 10 s (the other delivery
 * tests shorten it through the worker's option). This one test pays the 10 s. And what the cut
 * decides when the answer's status came in time but its body did not.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

it('a status that came in time decides, however slowly the body follows: 2xx succeeds, 5xx fails', async () => {
  const trickling = createServer((req, res) => {
    req.resume();
    const status = req.url === '/ok' ? 200 : 503;
    res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': '100' });
    res.flushHeaders();
    res.write('first'); // then a byte every 200 ms: the whole body would take 19 s
    const drip = setInterval(() => res.write('x'), 200);
    res.on('close', () => clearInterval(drip));
  });
  await new Promise<void>((resolve) => trickling.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(trickling.address() as AddressInfo).port}`;
  try {
    const post = (path: string) =>
      postOnce(`${base}${path}`, '{}', {}, { timeoutMs: 1500, policy: { allowPrivate: true } });
    const [ok, failing] = await Promise.all([post('/ok'), post('/fail')]);
    expect(ok).toMatchObject({ ok: true, statusCode: 200, error: null });
    expect(ok.excerpt).toMatch(/^firstx*$/);
    expect(ok.latencyMs).toBeGreaterThanOrEqual(1_490);
    expect(failing).toMatchObject({ ok: false, statusCode: 503, error: null });
  } finally {
    trickling.closeAllConnections();
    await new Promise((resolve) => trickling.close(resolve));
  }
}, 10_000);
