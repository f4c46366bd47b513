/**
 * `BENCH_WEBHOOKS_HTTP=1 npm run bench:webhooks`: issue #11's order rate, webhooks on vs off, with
 * orders taken as a deployment takes them: the built server (apps/server/dist/tradepost.mjs serve,
 * npm start's environment) gets pre-signed B-End POST /orders from autocannon (this process, 32
 * connections), ORDERS per round, rounds interleaved off/on
 * (PostgreSQL: 32 merchants a side, each on its own SKU; SQLite: one):
 *   off   a merchant without a webhook endpoint (the yardstick)
 *   on    a merchant whose endpoint takes every event, pointed at bench/webhook-receiver.ts (its
 *         own process); "sustained" counts the round until the receiver got its last event.
 * CPU per order from /proc (utime+stime): the server's main thread and whole process, the
 * receiver, the load generator (this process) and, on PostgreSQL, the server's backends.
 *
 * Env: BENCH_DATABASE_URL=postgres://… (a fresh schema there, dropped after; else SQLite in a temp
 * dir), BENCH_ORDERS (2000 per round), BENCH_ROUNDS (3), BENCH_PORT (19700).
 * Appends to bench/webhooks-results.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../apps/server/src/config.ts';
import { createContext } from '../apps/server/src/context.ts';
import {
  cpuSeconds,
  type Fixture,
  freshSchema,
  load,
  prepare,
  presignManyMerchantOrders,
  root,
  serverEnv,
  start,
  stop,
} from './lib.ts';
import {
  appendResults,
  bound,
  CORES,
  dropSchemas,
  f0,
  loadAverage,
  med,
  perRound,
  pgBackends,
  startReceiver,
  threadSeconds,
} from './webhooks-common.ts';

const loadAtStart = loadAverage();
const ORDERS = Number(process.env.BENCH_ORDERS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PORT = Number(process.env.BENCH_PORT ?? 19700);
const CONNECTIONS = 32;

const receiver = await startReceiver();
const dataDir = mkdtempSync(join(tmpdir(), 'tradepost-bench-webhooks-http-'));
const baseUrl = process.env.BENCH_DATABASE_URL;
const dbUrl = baseUrl ? await freshSchema(baseUrl, 'webhooks_http') : undefined;
const dbName = dbUrl ? 'PostgreSQL' : 'SQLite';

// Merchants a side, each on its own SKU: `off` without endpoints, `on` each with an endpoint
// registered through the service (as the in-process mode does) before the server starts.
// PostgreSQL: 32 a side, as bench/run.ts's writes (one merchant's orders queue on its credit row's
// lock there); SQLite: one (a single writer either way).
const M = dbUrl ? CONNECTIONS : 1;
const f = await prepare(dataDir, { databaseUrl: dbUrl, merchants: 2 * M });
const off: Fixture = { ...f, others: f.others.slice(0, M) };
const on: Fixture = { ...f, others: f.others.slice(M) };
const ctx = await createContext(
  loadConfig({
    TRADEPOST_DATA_DIR: dataDir,
    TRADEPOST_DEMO: '0',
    LOG_LEVEL: 'silent',
    TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1',
    ...(dbUrl ? { DATABASE_URL: dbUrl } : {}),
  }),
);
for (const m of on.others) await ctx.services.webhooks.createEndpoint(m.merchantId, { url: receiver.url });
await ctx.close();

execFileSync('npm', ['run', 'build', '--silent', '-w', '@tradepost/server'], { cwd: root, stdio: 'inherit' });
const server = await start(
  ['apps/server/dist/tradepost.mjs', 'serve'],
  // Loopback receiver: private addresses are refused unless allowed.
  { ...serverEnv(dataDir, dbUrl, { TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1' }), PORT: String(PORT) },
  'listening',
);
const pid = server.pid!;
const pgStat = await pgBackends(dbUrl ? baseUrl : undefined);

/** CPU seconds so far: server main thread, server process, receiver, load generator. */
const cpu = () => ({
  main: threadSeconds(pid),
  server: cpuSeconds(pid),
  receiver: cpuSeconds(receiver.pid),
  client: cpuSeconds('self'),
});
type Cpu = ReturnType<typeof cpu>;
const since = (a: Cpu): Cpu => {
  const b = cpu();
  return {
    main: b.main - a.main,
    server: b.server - a.server,
    receiver: b.receiver - a.receiver,
    client: b.client - a.client,
  };
};

let batch = 0;
/** ORDERS pre-signed orders of `who` (signed before the clock starts; spares for autocannon). */
const signed = (side: Fixture) => presignManyMerchantOrders(side, ORDERS + 2 * CONNECTIONS, `HTTP${++batch}`);
/** Sends them over 32 connections; seconds until the last answer. */
async function place(requests: ReturnType<typeof signed>): Promise<number> {
  const r = await load(`http://127.0.0.1:${PORT}`, {
    requests,
    seconds: 0,
    connections: CONNECTIONS,
    amount: ORDERS,
  });
  if (r.errors) throw new Error(`${r.errors} of ${ORDERS} orders failed`);
  return r.seconds!;
}

const lines: string[] = [];
const say = (line: string) => {
  console.log(line);
  lines.push(line);
};
try {
  // Warm-up, both paths.
  await place(signed(off));
  await place(signed(on));
  let expected = ORDERS;
  await receiver.receivedAtLeast(expected);
  const afterWarmUp = await receiver.received();

  const offRate: number[] = [];
  const onRate: number[] = [];
  const onSustained: number[] = [];
  const offCpu: Cpu[] = [];
  const onCpu: Cpu[] = [];
  const offPg: number[] = [];
  const onPg: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let requests = signed(off);
    let b = await pgStat.snapshot();
    let c = cpu();
    offRate.push(ORDERS / (await place(requests)));
    offCpu.push(since(c));
    offPg.push(await pgStat.perOrderSince(b, ORDERS));

    requests = signed(on);
    b = await pgStat.snapshot();
    c = cpu();
    // Counted from what the receiver has now: a round may start with earlier rounds' events still arriving.
    expected = (await receiver.received()) + ORDERS;
    const t0 = performance.now();
    // Watched meanwhile: autocannon itself returns only on its next 1 s tick.
    const [seconds, receivedAt] = await Promise.all([
      place(requests),
      receiver.receivedAtLeast(expected).then(() => performance.now()),
    ]);
    onRate.push(ORDERS / seconds);
    onSustained.push(ORDERS / ((receivedAt - t0) / 1000));
    onCpu.push(since(c));
    onPg.push(await pgStat.perOrderSince(b, ORDERS));
  }

  say(
    `order rate over HTTP (${dbName}, built server process, B-End POST /orders from autocannon, ${CONNECTIONS} connections, ` +
      `${ORDERS} orders × ${ROUNDS} rounds, ${M} merchant(s) a side, receiver in its own process): off ${med(offRate).toFixed(0)}/s, on ${med(onRate).toFixed(0)}/s ` +
      `→ **ratio ${(med(onRate) / med(offRate)).toFixed(2)}**; on until the last event was received ${med(onSustained).toFixed(0)}/s ` +
      `→ **sustained ratio ${(med(onSustained) / med(offRate)).toFixed(2)}** (rounds off ${f0(offRate)}; on ${f0(onRate)}; ` +
      `sustained ${f0(onSustained)}; on/off per round ${perRound(onRate, offRate)}; sustained/off ${perRound(onSustained, offRate)})`,
  );
  // CPU µs per order over all rounds ("on" until the last event was received).
  const us = (xs: Cpu[], k: keyof Cpu) => (1e6 * xs.reduce((a, x) => a + x[k], 0)) / (xs.length * ORDERS);
  const u = (k: keyof Cpu) => ({ off: us(offCpu, k), on: us(onCpu, k) });
  const main = u('main');
  const srv = u('server');
  const client = u('client');
  const recv = us(onCpu, 'receiver');
  const pgUs = { off: med(offPg), on: med(onPg) };
  const d = (x: { off: number; on: number }) =>
    `${x.off.toFixed(0)} → ${x.on.toFixed(0)} µs (+${(x.on - x.off).toFixed(0)})`;
  // The bound of each side: the server's main thread (one core) or the cores shared by every
  // process — all of them here, the server (+ PostgreSQL) alone where clients and receiver are elsewhere.
  const here =
    bound(main.on, srv.on + recv + client.on + pgUs.on) / bound(main.off, srv.off + client.off + pgUs.off);
  const alone = bound(main.on, srv.on + pgUs.on) / bound(main.off, srv.off + pgUs.off);
  say(
    `CPU per order off → on (/proc utime+stime, all rounds; on incl. its delivery): server main thread ${d(main)}, ` +
      `server process ${d(srv)}; receiver ${recv.toFixed(0)} µs per event; load generator (autocannon) ${d(client)}` +
      `${pgStat.on ? `; PostgreSQL backends ${d(pgUs)} (medians, rounds off ${f0(offPg)}; on ${f0(onPg)})` : ''} ` +
      `→ possible ratio on ${CORES} cores with everything on them **${here.toFixed(2)}**; with the load generator and receiver ` +
      `on other machines **${alone.toFixed(2)}**`,
  );
  say(
    `receiver requests per order placed for "on", from the warm-up's end to the last round's: ${((expected - afterWarmUp) / (ROUNDS * ORDERS)).toFixed(2)}, in all ${((await receiver.received()) / ((ROUNDS + 1) * ORDERS)).toFixed(2)}`,
  );
  appendResults(`HTTP, ${dbName}`, loadAtStart, lines);
} finally {
  await stop(server);
  await pgStat.end();
  receiver.close();
  rmSync(dataDir, { recursive: true, force: true });
  if (baseUrl) await dropSchemas(baseUrl, [dbUrl]);
}
