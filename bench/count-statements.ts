/**
 * Statements and commits per order, webhooks off vs on (SQLite; not a rate benchmark — the receiver
 * runs in this process): counts better-sqlite3 statement runs while N orders (default 500, 32 in
 * flight) are placed for a merchant without an endpoint, then for one whose endpoint takes every
 * event, until the last event was received. Prints commits per order during placement and in the
 * drain after it. Env: N; ONLY=off|on (one side, no counting: for `node --cpu-prof`); NOWORKER=1
 * (no delivery worker: the outbox rows alone); WH='{"recordEveryMs":…}' (worker overrides).
 *
 *   N=500 NODE_OPTIONS=--conditions=@tradepost/source node --import tsx bench/count-statements.ts
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../apps/server/src/config.ts';
import { startServer } from '../apps/server/src/server.ts';
import { newMerchant, newProduct, orderRequest } from '../apps/server/test/helpers/factories.ts';

const N = Number(process.env.N ?? 500);
const counts = new Map<string, number>();
let counting = false;
const probe = new Database(':memory:');
const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
for (const m of process.env.ONLY ? [] : ['run', 'all', 'get', 'iterate']) {
  const orig = proto[m] as (...a: unknown[]) => unknown;
  proto[m] = function (this: { source: string }, ...a: unknown[]) {
    if (counting) {
      const key = this.source.replace(/\s+/g, ' ').slice(0, 90);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return orig.apply(this, a);
  };
}
let received = 0;
const rx = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    res.end('ok');
  });
});
await new Promise<void>((r) => rx.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(rx.address() as AddressInfo).port}/`;
const server = await startServer(
  loadConfig({
    TRADEPOST_DATA_DIR: mkdtempSync(join(tmpdir(), 'tp-count-')),
    PORT: '0',
    TRADEPOST_DEMO: '0',
    LOG_LEVEL: 'silent',
    TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1',
    ...(process.env.NOWORKER ? { TRADEPOST_WEBHOOK_WORKER: '0' } : {}),
  }),
  { quiet: true, webhooks: { pollMs: 100, ...(process.env.WH ? JSON.parse(process.env.WH) : {}) } },
);
const s = server.ctx.services;
const product = await newProduct(s, { price: '0.01', stock: 10_000_000 });
const off = await newMerchant(s, '9999999.00');
const on = await newMerchant(s, '9999999.00');
await s.webhooks.createEndpoint(on.merchantId, { url });
async function run(merchantId: string, label: string, wait: boolean) {
  let n = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (n++ < 50) await s.orders.create(merchantId, orderRequest(product));
    }),
  ); // warm
  while (wait && received < 50) await new Promise((r) => setTimeout(r, 20));
  counts.clear();
  counting = true;
  const commits = server.ctx.writer.stats().commits;
  const r0 = received;
  const t0 = performance.now();
  n = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (n++ < N) await s.orders.create(merchantId, orderRequest(product));
    }),
  );
  console.log(`${label}: ${((1000 * N) / (performance.now() - t0)).toFixed(0)} orders/s`);
  const placed = server.ctx.writer.stats().commits - commits;
  const placedAt = performance.now();
  while (wait && received < r0 + N) await new Promise((r) => setTimeout(r, 20));
  console.log(
    `placement: ${(placed / N).toFixed(3)} commits per order; drain ${(performance.now() - placedAt).toFixed(0)} ms, ${server.ctx.writer.stats().commits - commits - placed} commits`,
  );
  counting = false;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(
    `${label}: ${(total / N).toFixed(2)} statements per order, ${((server.ctx.writer.stats().commits - commits) / N).toFixed(3)} commits per order`,
  );
  for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${(v / N).toFixed(3)}  ${k}`);
}
if (process.env.ONLY !== 'on') await run(off.merchantId, 'off', false);
if (process.env.ONLY !== 'off') await run(on.merchantId, 'on', !process.env.NOWORKER);
await server.close();
rx.close();
