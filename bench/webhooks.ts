/**
 * `node --import tsx bench/webhooks.ts`: the webhook measurements of issue #11, in one process
 * (server services + worker + a fast loopback receiver), each beside its yardstick in the same run.
 *
 *   order rate   orders/s through services.orders.create, 32 in flight: a merchant WITHOUT an
 *                endpoint (webhooks off) vs one whose endpoint takes every event (on: the outbox
 *                row is written in the order's unit and the worker delivers meanwhile), interleaved
 *   throughput   events/s delivered to a fast receiver: BENCH_EVENTS events queued, worker started
 *   latency      status change (transition call) → receipt at the receiver, p50/p99, one at a time
 *
 * Env: BENCH_DATABASE_URL=postgres://… (else SQLite in a temp dir), BENCH_ORDERS (2000 per round),
 * BENCH_ROUNDS (3), BENCH_EVENTS (2000), BENCH_LATENCY (200). Appends to bench/webhooks-results.md.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../apps/server/src/config.ts';
import { startServer } from '../apps/server/src/server.ts';
import { newMerchant, newProduct, orderRequest } from '../apps/server/test/helpers/factories.ts';
import { startReceiver } from '../apps/server/test/webhooks/receiver.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const LATENCY = Number(process.env.BENCH_LATENCY ?? 200);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

const dataDir = mkdtempSync(join(tmpdir(), 'tradepost-bench-webhooks-'));
const dbUrl = process.env.BENCH_DATABASE_URL;
const config = loadConfig({
  TRADEPOST_DATA_DIR: dataDir,
  PORT: '0',
  TRADEPOST_DEMO: '0',
  LOG_LEVEL: 'silent',
  TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1',
  ...(dbUrl ? { DATABASE_URL: dbUrl } : {}),
});
const server = await startServer(config, { quiet: true, webhooks: { pollMs: 100 } });
const s = server.ctx.services;
const receiver = await startReceiver();
const lines: string[] = [];
const say = (line: string) => {
  console.log(line);
  lines.push(line);
};

async function orderRate(
  merchantId: string,
  product: Awaited<ReturnType<typeof newProduct>>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next++ < ORDERS) await s.orders.create(merchantId, orderRequest(product));
    }),
  );
  return ORDERS / ((performance.now() - started) / 1000);
}

// ---- order rate, on vs off ----
const product = await newProduct(s, { price: '0.01', stock: 10_000_000 });
const off = await newMerchant(s, '9999999.00');
const on = await newMerchant(s, '9999999.00');
await s.webhooks.createEndpoint(on.merchantId, { url: receiver.url });
await orderRate(off.merchantId, product); // warm-up
const offRates: number[] = [];
const onRates: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  offRates.push(await orderRate(off.merchantId, product));
  onRates.push(await orderRate(on.merchantId, product));
}
const med = (xs: number[]) => pct(xs, 0.5);
say(
  `order rate (${dbUrl ? 'PostgreSQL' : 'SQLite'}, ${ORDERS} orders × ${ROUNDS} rounds, 32 in flight): ` +
    `off ${med(offRates).toFixed(0)}/s, on ${med(onRates).toFixed(0)}/s, ratio on/off ${(med(onRates) / med(offRates)).toFixed(2)} ` +
    `(rounds off ${offRates.map((x) => x.toFixed(0)).join(',')}; on ${onRates.map((x) => x.toFixed(0)).join(',')})`,
);
// Let the "on" rounds drain before the next measurement.
await receiver.waitFor(ROUNDS * ORDERS, { timeoutMs: 600_000 });

// ---- throughput: a queue of events drained to a fast receiver ----
const worker = server.webhookWorker!;
await worker.stop();
const m = await newMerchant(s, '100.00');
const fast = await startReceiver();
await s.webhooks.createEndpoint(m.merchantId, { url: fast.url });
for (let i = 0; i < EVENTS; i += 100) {
  await server.ctx.writer.run(async (trx) => {
    for (let j = i; j < Math.min(EVENTS, i + 100); j++)
      await s.outbox.emit(trx, m.merchantId, 'credit.updated', { n: j }, { force: true });
  });
}
const t0 = performance.now();
worker.start();
await fast.waitFor(EVENTS, { timeoutMs: 600_000 });
const seconds = (performance.now() - t0) / 1000;
say(
  `throughput: ${EVENTS} queued events delivered to one fast loopback receiver in ${seconds.toFixed(2)} s = ${(EVENTS / seconds).toFixed(0)} events/s (per-endpoint concurrency 4)`,
);

// ---- latency: status change → receipt ----
const lm = await newMerchant(s, '9999999.00');
const lr = await startReceiver();
await s.webhooks.createEndpoint(lm.merchantId, { url: lr.url, events: ['order.processing'] });
const latencies: number[] = [];
for (let i = 0; i < LATENCY; i++) {
  const order = await s.orders.create(lm.merchantId, orderRequest(product));
  const before = performance.now();
  await s.orders.transition(order.order_no, 'processing');
  const [got] = await lr.waitFor(i + 1, { timeoutMs: 30_000 });
  const arrival =
    lr.received.find((r) => (r.body.data.object as { order_no?: string }).order_no === order.order_no) ??
    got!;
  latencies.push(arrival.at - before);
}
say(
  `latency status change → receipt (${LATENCY} sequential transitions): p50 ${pct(latencies, 0.5).toFixed(1)} ms, ` +
    `p99 ${pct(latencies, 0.99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms (idle poll 100 ms; an event wakes the worker)`,
);

appendFileSync(
  new URL('./webhooks-results.md', import.meta.url),
  `\n## ${new Date().toISOString()} (${dbUrl ? 'PostgreSQL' : 'SQLite'})\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`,
);
await server.close();
for (const r of [receiver, fast, lr]) await r.close();
rmSync(dataDir, { recursive: true, force: true });
