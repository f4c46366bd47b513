/**
 * `npm run bench:webhooks`: the webhook measurements of issue #11, each beside its
 * yardstick in the same run. The server's services, writer and delivery worker run in this
 * process; the receiver (the merchant's system, fast: 200 at once) in a process of its own.
 *
 *   order rate   orders/s through services.orders.create, 32 in flight: a merchant WITHOUT an
 *                endpoint (webhooks off, the yardstick) vs one whose endpoint takes every event
 *                (on: the outbox row is written in the order's unit, the worker delivers
 *                meanwhile), rounds interleaved off/on. "sustained" counts an on round until its
 *                last event has reached the receiver, so a backlog left behind is not a saving.
 *                Main-thread busy time per order (event-loop utilization; on: delivery work included,
 *                except the HTTP attempts themselves, which run on the sender's thread).
 *   raw          the honest yardstick, in the same rounds: the same writes per order (order, stock,
 *                credit, ledger, the outbox event and its delivery row) without the server — SQLite:
 *                an in-process better-sqlite3 loop, one fsync'd transaction per order (for as long
 *                as the round's "on" took); PostgreSQL: raw `pg`, ORDERS orders over 10 clients — the
 *                server's pool size, i.e. as many transactions at once as the server's 32 in flight get.
 *                Each on its own database (a data dir / schema of its own), so its rows stay inert.
 *   throughput   events/s delivered to the fast receiver: BENCH_EVENTS events queued, worker started
 *   latency      status change (transition call) → receipt at the receiver, p50/p99, one at a time
 *
 * Env: BENCH_DATABASE_URL=postgres://… (a fresh schema there, dropped after; else SQLite in a temp
 * dir), BENCH_ORDERS (2000 per round), BENCH_ROUNDS (3), BENCH_EVENTS (2000), BENCH_LATENCY (200),
 * BENCH_NO_WORKER=1 (the worker stopped after the warm-up: the order rate with the outbox writes
 * alone, deliveries left queued; throughput and latency are then skipped).
 * BENCH_WEBHOOKS_HTTP=1: orders over HTTP to a built server instead (bench/webhooks-http.ts).
 * Appends to bench/webhooks-results.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../apps/server/src/config.ts';
import { createContext } from '../apps/server/src/context.ts';
import { startServer } from '../apps/server/src/server.ts';
import { newMerchant, newProduct, orderRequest } from '../apps/server/test/helpers/factories.ts';
import { cpuSeconds, freshSchema } from './lib.ts';
import { runRawPgLoop } from './raw-pg-loop.ts';
import { runRawLoop } from './raw-sqlite-loop.ts';
import {
  appendResults,
  bound,
  CORES,
  dropSchemas,
  f0,
  loadAverage,
  med,
  pct,
  perRound,
  pgBackends,
  startReceiver,
  threadSeconds,
} from './webhooks-common.ts';

if (process.env.BENCH_WEBHOOKS_HTTP === '1') {
  await import('./webhooks-http.ts');
  process.exit(0);
}

// BENCH_PROFILE=<file>: CPU profiles of the main thread during the "on" rounds and the drain.
const profileFile = process.env.BENCH_PROFILE;
const inspector = profileFile ? new (await import('node:inspector/promises')).Session() : null;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
}
const loadAtStart = loadAverage();
const ORDERS = Number(process.env.BENCH_ORDERS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const LATENCY = Number(process.env.BENCH_LATENCY ?? 200);
const NO_WORKER = process.env.BENCH_NO_WORKER === '1';

// ---- the receiver, in its own process ----
const receiver = await startReceiver();
const receiverUrl = receiver.url;

// ---- the server ----
const dataDir = mkdtempSync(join(tmpdir(), 'tradepost-bench-webhooks-'));
const baseUrl = process.env.BENCH_DATABASE_URL;
const dbUrl = baseUrl ? await freshSchema(baseUrl, 'webhooks') : undefined;
const dbName = dbUrl ? 'PostgreSQL' : 'SQLite';
const config = loadConfig({
  TRADEPOST_DATA_DIR: dataDir,
  PORT: '0',
  TRADEPOST_DEMO: '0',
  LOG_LEVEL: 'silent',
  TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1',
  ...(dbUrl ? { DATABASE_URL: dbUrl } : {}),
});

/** The yardstick's own database: a merchant, the product, an endpoint (its rows need one). */
const rawDir = mkdtempSync(join(tmpdir(), 'tradepost-bench-webhooks-raw-'));
const rawUrl = baseUrl ? await freshSchema(baseUrl, 'webhooks_raw') : undefined;
const rawFixture = await (async () => {
  const ctx = await createContext(
    loadConfig({
      TRADEPOST_DATA_DIR: rawDir,
      TRADEPOST_DEMO: '0',
      LOG_LEVEL: 'silent',
      TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1',
      ...(rawUrl ? { DATABASE_URL: rawUrl } : {}),
    }),
  );
  const p = await newProduct(ctx.services, { price: '0.01', stock: 10_000_000 });
  const m = await newMerchant(ctx.services, '9999999.00');
  const { endpoint } = await ctx.services.webhooks.createEndpoint(m.merchantId, {
    url: 'http://127.0.0.1:9/',
  });
  await ctx.close();
  return { merchantId: m.merchantId, goodsId: p.goodsId, skuId: p.skuId, appId: '', endpointId: endpoint.id };
})();
/** The server's PostgreSQL pool (db/dialect.ts default): its 32 orders in flight share these. */
const PG_POOL = 10;
let rawRound = 0;
/** One yardstick round: orders/s. */
async function raw(seconds: number): Promise<number> {
  const tag = `RAW${++rawRound}`;
  const r = rawUrl
    ? await runRawPgLoop(rawUrl, rawFixture, {
        orders: ORDERS,
        concurrency: PG_POOL,
        tag,
        endpointId: rawFixture.endpointId,
      })
    : runRawLoop(join(rawDir, 'tradepost.db'), rawFixture, seconds, tag, {
        nonce: false,
        webhook: { endpointId: rawFixture.endpointId },
      });
  return r.orders / r.seconds;
}

const server = await startServer(config, { quiet: true, webhooks: { pollMs: 100 } });
const s = server.ctx.services;
const lines: string[] = [];
const say = (line: string) => {
  console.log(line);
  lines.push(line);
};
/** Busy time of this process's main thread (the one that takes orders), ms. */
const cpuMs = () => performance.eventLoopUtilization().active;
/**
 * CPU seconds (utime+stime, /proc, 10 ms ticks): this process's main thread, the whole process
 * (its threads: the sender's, SQLite's none), the receiver's process. Unlike busy time, CPU time
 * does not grow when the machine's other work preempts a thread.
 */
const cpu = () => ({
  main: threadSeconds(process.pid),
  all: cpuSeconds('self'),
  receiver: cpuSeconds(receiver.pid),
});
const cpuSince = (a: ReturnType<typeof cpu>) => {
  const b = cpu();
  return { main: b.main - a.main, all: b.all - a.all, receiver: b.receiver - a.receiver };
};
/** PostgreSQL: the CPU of the server's backends. */
const pgStat = await pgBackends(dbUrl ? baseUrl : undefined);
const backends = pgStat.snapshot;
const backendsSince = (from: Map<number, number>) => pgStat.perOrderSince(from, ORDERS);

/** ORDERS orders, 32 in flight: seconds and CPU ms spent. */
async function placeOrders(merchantId: string, product: Awaited<ReturnType<typeof newProduct>>) {
  let n = 0;
  const commits = server.ctx.writer.stats().commits;
  const cpu = cpuMs();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (n++ < ORDERS) await s.orders.create(merchantId, orderRequest(product));
    }),
  );
  return {
    seconds: (performance.now() - started) / 1000,
    cpu: cpuMs() - cpu,
    commits: server.ctx.writer.stats().commits - commits,
  };
}

// ---- order rate, on vs off ----
const product = await newProduct(s, { price: '0.01', stock: 10_000_000 });
const off = await newMerchant(s, '9999999.00');
const on = await newMerchant(s, '9999999.00');
await s.webhooks.createEndpoint(on.merchantId, { url: receiverUrl });
let expected = 0;
// Warm-up, both paths.
await placeOrders(off.merchantId, product);
await placeOrders(on.merchantId, product);
expected += ORDERS;
await receiver.receivedAtLeast(expected);
if (NO_WORKER) await server.webhookWorker!.stop();

const offRate: number[] = [];
const onRate: number[] = [];
const onSustained: number[] = [];
const offCpu: number[] = [];
const onCpu: number[] = [];
/** CPU µs per order from /proc: main thread, process, receiver (off: receiver idle). */
const offProc: Array<ReturnType<typeof cpuSince>> = [];
const onProc: Array<ReturnType<typeof cpuSince>> = [];
const rawRate: number[] = [];
const offPg: number[] = [];
const onPg: number[] = [];
let onUnits = 0;
let onCycles = 0;
let offCommits = 0;
let onCommits = 0;
for (let r = 0; r < ROUNDS; r++) {
  const b0 = await backends();
  const p0 = cpu();
  const o = await placeOrders(off.merchantId, product);
  offProc.push(cpuSince(p0));
  offPg.push(await backendsSince(b0));
  const b1 = await backends();
  offRate.push(ORDERS / o.seconds);
  offCpu.push((1000 * o.cpu) / ORDERS);
  offCommits += o.commits;
  if (inspector) await inspector.post('Profiler.start');
  const busy = cpuMs();
  const p1 = cpu();
  const started = performance.now();
  const units = server.ctx.writer.stats().units;
  const cycles = server.webhookWorker!.stats().cycles;
  const w = await placeOrders(on.merchantId, product);
  onRate.push(ORDERS / w.seconds);
  onCommits += w.commits;
  if (!NO_WORKER) {
    expected += ORDERS;
    await receiver.receivedAtLeast(expected);
  }
  onSustained.push(ORDERS / ((performance.now() - started) / 1000));
  onCpu.push((1000 * (cpuMs() - busy)) / ORDERS);
  onProc.push(cpuSince(p1));
  onPg.push(await backendsSince(b1));
  if (inspector) {
    const { profile } = await inspector.post('Profiler.stop');
    writeFileSync(`${profileFile}.${r}.cpuprofile`, JSON.stringify(profile));
  }
  onUnits += server.ctx.writer.stats().units - units - ORDERS;
  onCycles += server.webhookWorker!.stats().cycles - cycles;
  rawRate.push(await raw(Math.min(10, Math.max(1, w.seconds))));
}
const ratio = (a: number[], b: number[]) => (med(a) / med(b)).toFixed(2);
say(
  `order rate (${dbName}, ${ORDERS} orders × ${ROUNDS} rounds, 32 in flight, receiver in its own process${NO_WORKER ? ', WORKER OFF: deliveries left queued' : ''}): ` +
    `off ${med(offRate).toFixed(0)}/s, on ${med(onRate).toFixed(0)}/s → **ratio ${(med(onRate) / med(offRate)).toFixed(2)}**; ` +
    `on until the last event was received ${med(onSustained).toFixed(0)}/s → sustained ratio ${(med(onSustained) / med(offRate)).toFixed(2)} ` +
    `(rounds off ${f0(offRate)}; on ${f0(onRate)}; sustained ${f0(onSustained)})`,
);
say(
  `yardstick (${rawUrl ? `raw pg, ${PG_POOL} clients, ${ORDERS} orders` : "raw better-sqlite3 loop, 1 fsync'd txn per order"}, ` +
    `the order's writes + its event + delivery row): raw ${med(rawRate).toFixed(0)}/s (rounds ${f0(rawRate)}) → ` +
    `**on/raw ${ratio(onRate, rawRate)}** (rounds ${perRound(onRate, rawRate)}), off/raw ${ratio(offRate, rawRate)}, ` +
    `sustained/raw ${ratio(onSustained, rawRate)}; on/off per round ${perRound(onRate, offRate)}`,
);
say(
  `main-thread busy time per order: off ${med(offCpu).toFixed(0)} µs, on ${med(onCpu).toFixed(0)} µs incl. its delivery ` +
    `→ ×${(med(onCpu) / med(offCpu)).toFixed(2)} (rounds off ${f0(offCpu)}; on ${f0(onCpu)}); ` +
    `the worker's writer units: ${(onUnits / ROUNDS).toFixed(0)} per ${ORDERS} orders (${(onCycles / ROUNDS).toFixed(0)} cycles); ` +
    `commits (fsyncs) while placing ${ORDERS} orders: off ${(offCommits / ROUNDS).toFixed(0)}, on ${(onCommits / ROUNDS).toFixed(0)}`,
);

// ---- CPU per order from /proc, and what ratio the machine allows ----
const perOrder = (xs: Array<ReturnType<typeof cpuSince>>, k: 'main' | 'all' | 'receiver') =>
  (1e6 * xs.reduce((a, x) => a + x[k], 0)) / (xs.length * ORDERS);
const cm = { off: perOrder(offProc, 'main'), on: perOrder(onProc, 'main') };
const ca = { off: perOrder(offProc, 'all'), on: perOrder(onProc, 'all') };
const recv = perOrder(onProc, 'receiver');
// Each side's bound (webhooks-common.ts): the main thread or the cores shared by every thread and
// the receiver. "on" counts until the last event was received.
const limitOff = bound(cm.off, ca.off);
const limitOn = bound(cm.on, ca.on + recv);
say(
  `CPU per order (/proc utime+stime, all rounds): main thread off ${cm.off.toFixed(0)} µs, on ${cm.on.toFixed(0)} µs incl. its delivery ` +
    `(+${(cm.on - cm.off).toFixed(0)}); process off ${ca.off.toFixed(0)} µs, on ${ca.on.toFixed(0)} µs (+${(ca.on - ca.off).toFixed(0)}; other threads on ${(ca.on - cm.on).toFixed(0)}); ` +
    `receiver ${recv.toFixed(0)} µs per event → limit on ${CORES} cores: off ${limitOff.toFixed(0)}/s, on with delivery keeping up ${limitOn.toFixed(0)}/s → **possible ratio ${(limitOn / limitOff).toFixed(2)}**`,
);

if (pgStat.on)
  say(
    `PostgreSQL backends of the bench's database, CPU per order (/proc): off ${med(offPg).toFixed(0)} µs, ` +
      `on ${med(onPg).toFixed(0)} µs incl. its delivery → ×${(med(onPg) / med(offPg)).toFixed(2)} (rounds off ${f0(offPg)}; on ${f0(onPg)})`,
  );

if (!NO_WORKER) {
  // ---- throughput: a queue of events drained to the fast receiver ----
  const worker = server.webhookWorker!;
  await worker.stop();
  const m = await newMerchant(s, '100.00');
  await s.webhooks.createEndpoint(m.merchantId, { url: receiverUrl });
  for (let i = 0; i < EVENTS; i += 100) {
    await server.ctx.writer.run(async (trx) => {
      for (let j = i; j < Math.min(EVENTS, i + 100); j++)
        await s.outbox.emit(trx, m.merchantId, 'credit.updated', { n: j }, { force: true });
    });
  }
  const t0 = performance.now();
  const cpu0 = cpuMs();
  const proc0 = cpu();
  if (inspector) await inspector.post('Profiler.start');
  const units0 = server.ctx.writer.stats().units;
  worker.start();
  expected += EVENTS;
  await receiver.receivedAtLeast(expected);
  const seconds = (performance.now() - t0) / 1000;
  await worker.idle();
  const cpuPerEvent = (1000 * (cpuMs() - cpu0)) / EVENTS;
  if (inspector) {
    const { profile } = await inspector.post('Profiler.stop');
    writeFileSync(`${profileFile}.drain.cpuprofile`, JSON.stringify(profile));
  }
  const drainCpu = cpuSince(proc0);
  const us = (x: number) => ((1e6 * x) / EVENTS).toFixed(0);
  say(
    `throughput: ${EVENTS} queued events delivered to one fast receiver in ${seconds.toFixed(2)} s = ` +
      `**${(EVENTS / seconds).toFixed(0)} events/s** (one endpoint: 4 attempts in flight; ` +
      `${server.ctx.writer.stats().units - units0} writer units for the ${EVENTS}; ${cpuPerEvent.toFixed(0)} µs main-thread busy time per event; CPU per event: main thread ${us(drainCpu.main)} µs, ` +
      `other threads ${us(drainCpu.all - drainCpu.main)} µs, receiver ${us(drainCpu.receiver)} µs)`,
  );

  // ---- latency: status change → receipt ----
  const lm = await newMerchant(s, '9999999.00');
  await s.webhooks.createEndpoint(lm.merchantId, { url: receiverUrl, events: ['order.processing'] });
  receiver.send({ watch: true });
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY; i++) {
    const order = await s.orders.create(lm.merchantId, orderRequest(product));
    const arrival = receiver.next((msg) => msg.arrival?.orderNo === order.order_no);
    const before = performance.timeOrigin + performance.now();
    await s.orders.transition(order.order_no, 'processing');
    latencies.push((await arrival).arrival!.at - before);
  }
  receiver.send({ watch: false });
  say(
    `latency status change → receipt (${LATENCY} sequential transitions): p50 ${pct(latencies, 0.5).toFixed(1)} ms, ` +
      `p99 ${pct(latencies, 0.99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`,
  );
}

appendResults(dbName, loadAtStart, lines);
await server.close();
await pgStat.end();
receiver.close();
rmSync(dataDir, { recursive: true, force: true });
rmSync(rawDir, { recursive: true, force: true });
if (baseUrl) await dropSchemas(baseUrl, [dbUrl, rawUrl]);
