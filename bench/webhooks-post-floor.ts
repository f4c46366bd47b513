/**
 * `npm run bench:webhooks:floor`: what one webhook delivery's HTTP side costs at the least, as a
 * measurement for the bound of bench/webhooks.ts's on/off ratio (issue #11): N signed POSTs of an
 * order.created-sized body (the payload of a real order event) to the bench's receiver process
 * (bench/webhook-receiver.ts, the same one the on/off runs post to), `IN_FLIGHT` at a time over
 * kept-alive connections, no database. CPU per POST from /proc (utime+stime):
 *
 *   bare      node:http request on a keep-alive agent, signing included: the least a Node sender
 *             does per delivery
 *   server's  the server's own attempt (webhooks.http.ts postOnce: URL check, resolve + SSRF check,
 *             pinned address, 10 s timeout, 1 KB excerpt), signing as the dispatcher does
 *   receiver  the receiver process, per POST (the merchant's side: on this machine it shares the
 *             2 cores with the server in the on/off runs)
 *
 * Env: N (20000 per side and round), ROUNDS (3), IN_FLIGHT (4: the worker's per-endpoint default).
 */
import http from 'node:http';
import { buildWebhookSignatureHeader } from '@tradepost/protocol';
import { postOnce } from '../apps/server/src/modules/webhooks/webhooks.http.ts';
import { createSender } from '../apps/server/src/modules/webhooks/webhooks.sender.ts';
import { cpuSeconds } from './lib.ts';
import { loadAverage, med, startReceiver } from './webhooks-common.ts';

const N = Number(process.env.N ?? 20_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const IN_FLIGHT = Number(process.env.IN_FLIGHT ?? 4);
const loadAtStart = loadAverage();
const receiver = await startReceiver();
const url = new URL(receiver.url);
const secret = 'whsec_' + 'x'.repeat(32);
// An order.created body as the outbox writes it (≈ the bench's size).
const payload = JSON.stringify({
  id: 'evt_01KB0000000000000000000000',
  type: 'order.created',
  created_at: new Date().toISOString(),
  data: {
    object: {
      order_no: 'ORD01KB00000000000000000000',
      merchant_order_no: null,
      batch_no: null,
      goods_id: 'G0000000001',
      sku_id: 'SKU0000000001',
      quantity: 1,
      unit_price: '0.01',
      amount: '0.01',
      currency: 'USD',
      status: 'pending',
      shipping_address: {
        name: 'Bench Receiver',
        phone: '+1 555 0100',
        line1: '1 Bench Street',
        line2: null,
        city: 'Springfield',
        region: 'IL',
        postal_code: '62701',
        country: 'US',
      },
      tracking_no: null,
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    },
  },
});
const headers = () => ({
  'Content-Type': 'application/json',
  'User-Agent': 'Tradepost-Webhooks/bench',
  'Tradepost-Event-Id': 'evt_01KB0000000000000000000000',
  'Tradepost-Signature': buildWebhookSignatureHeader(payload, [secret], {
    timestamp: Math.floor(Date.now() / 1000),
  }),
});

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function bare(): Promise<void> {
  const data = Buffer.from(payload, 'utf8');
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: { ...headers(), 'Content-Length': String(data.length) },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      res.on('data', () => undefined);
      res.on('end', resolve);
    });
    req.end(data);
  });
}
async function servers(): Promise<void> {
  const r = await postOnce(receiver.url, payload, headers(), {
    timeoutMs: 10_000,
    policy: { allowPrivate: true },
  });
  if (!r.ok) throw new Error(`postOnce: ${r.error ?? r.statusCode}`);
}

// The server's sender thread (webhooks.sender.ts), fed as the worker feeds it: claims a batch at
// a time (here `IN_FLIGHT` × 4, its per-endpoint depth for a fast receiver), results back in batches.
let wake: (() => void) | null = null;
let done = 0;
const sender = createSender({
  timeoutMs: 10_000,
  allowPrivate: true,
  concurrency: 32,
  perEndpoint: IN_FLIGHT,
  userAgent: 'Tradepost-Webhooks/bench',
  report(results) {
    done += results.length;
    wake?.();
  },
});
sender.warm();
let key = 0;
async function thread(): Promise<void> {
  const batch = IN_FLIGHT * 4;
  const target = done + batch;
  sender.add(
    Array.from({ length: batch }, () => ({
      key: key++,
      endpointId: 'we_bench',
      url: receiver.url,
      eventId: 'evt_01KB0000000000000000000000',
      payload,
      secrets: [{ secret, untilMs: null }],
      leaseEndsMs: Date.now() + 60_000,
    })),
  );
  while (done < target) await new Promise<void>((r) => (wake = r));
}

async function run(post: () => Promise<void>, per = 1, inFlight = IN_FLIGHT) {
  const cpu0 = cpuSeconds('self');
  const rx0 = cpuSeconds(receiver.pid);
  const t0 = performance.now();
  let n = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while ((n += per) <= N) await post();
    }),
  );
  const s = (performance.now() - t0) / 1000;
  return {
    rate: N / s,
    client: ((cpuSeconds('self') - cpu0) / N) * 1e6,
    receiver: ((cpuSeconds(receiver.pid) - rx0) / N) * 1e6,
  };
}

await run(bare); // warm-up: connections, JIT
await run(servers);
await run(thread, IN_FLIGHT * 4, 1);
const sides = {
  bare: [] as Array<Awaited<ReturnType<typeof run>>>,
  servers: [] as Array<Awaited<ReturnType<typeof run>>>,
  thread: [] as Array<Awaited<ReturnType<typeof run>>>,
};
for (let r = 0; r < ROUNDS; r++) {
  sides.bare.push(await run(bare));
  sides.servers.push(await run(servers));
  sides.thread.push(await run(thread, IN_FLIGHT * 4, 1));
}
const line = (name: string, xs: Array<Awaited<ReturnType<typeof run>>>) =>
  `${name}: client ${med(xs.map((x) => x.client)).toFixed(0)} µs/POST (rounds ${xs.map((x) => x.client.toFixed(0)).join(',')}), receiver ${med(xs.map((x) => x.receiver)).toFixed(0)} µs/POST (${xs.map((x) => x.receiver.toFixed(0)).join(',')}), ${med(xs.map((x) => x.rate)).toFixed(0)} POST/s`;
console.log(
  `POST floor, ${N} POSTs × ${ROUNDS} rounds a side, ${IN_FLIGHT} in flight, body ${payload.length} B, load ${loadAtStart} → ${loadAverage()}`,
);
console.log(line('bare node:http + signing', sides.bare));
console.log(line("server's postOnce + signing", sides.servers));
console.log(line("server's sender thread (dispatcher, postOnce, messages; whole process)", sides.thread));
await sender.close();
receiver.close();
agent.destroy();
