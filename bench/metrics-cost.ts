/**
 * `npm run bench:metrics`: what metrics cost on the order path (issue #12).
 * One data dir (or PostgreSQL schema), the built server (`apps/server/dist`, as `npm start` runs
 * it) started alternately with metrics on (the default: every request observed by door, route
 * and status, plus the commit counters) and with TRADEPOST_METRICS=0 (no per-request
 * observation), B-End POST /orders with pre-signed requests, 32 connections, rounds interleaved
 * on/off in the same run; the ratio on/off per round and its median.
 *
 * Env: BENCH_DATABASE_URL (a fresh schema there), BENCH_SECONDS (8), BENCH_ROUNDS (3).
 * Appends to bench/RESULTS.md.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../apps/server/scripts/bundle.mjs';
import { presignOrders, freshSchema, load, prepare, serverEnv, start, stop } from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PORT = 18191;
const baseUrl = process.env.BENCH_DATABASE_URL;
const dbUrl = baseUrl ? await freshSchema(baseUrl, 'metrics') : undefined;
const dir = mkdtempSync(join(tmpdir(), 'tradepost-bench-metrics-'));
await build();
const f = await prepare(dir, { databaseUrl: dbUrl, ledgerEntries: 10 });

const fmt = (n: number, d = 0) => n.toFixed(d);
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ratios: number[] = [];
const lines: string[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const rates: Record<string, number> = {};
  for (const mode of round % 2 ? ['on', 'off'] : ['off', 'on']) {
    const server = await start(
      ['apps/server/dist/tradepost.mjs', 'serve'],
      { ...serverEnv(dir, dbUrl, { TRADEPOST_METRICS: mode === 'on' ? '1' : '0' }), PORT: String(PORT) },
      'listening',
    );
    const pool = presignOrders(f, 6000 * SECONDS, `METRICS-${round}-${mode}`);
    const r = await load(`http://127.0.0.1:${PORT}`, { requests: pool, seconds: SECONDS, connections: 32 });
    await stop(server);
    if (r.errors > 0) throw new Error(`${r.errors} errors with metrics ${mode}`);
    rates[mode] = r.rps;
    lines.push(`| r${round} metrics ${mode} | ${fmt(r.rps)} | ${r.p50} | ${r.p99} |`);
  }
  ratios.push(rates.on! / rates.off!);
}
const summary =
  `metrics on/off, B-End POST /orders, 32 conns, ${SECONDS} s × ${ROUNDS} rounds (${dbUrl ? 'PostgreSQL' : 'SQLite'}, load ${fmt(loadavg()[0]!, 1)}): ` +
  `**${fmt(med(ratios), 2)}** (rounds ${ratios.map((x) => fmt(x, 2)).join(', ')})`;
console.log(['| round | orders/s | p50 ms | p99 ms |', '|---|---|---|---|', ...lines].join('\n'));
console.log(summary);
appendFileSync(
  new URL('./RESULTS.md', import.meta.url),
  `\n### Metrics cost on the order path (${new Date().toISOString()}, \`npm run bench:metrics\`)\n\n| round | orders/s | p50 ms | p99 ms |\n|---|---|---|---|\n${lines.join('\n')}\n\n${summary}\n`,
);
rmSync(dir, { recursive: true, force: true });
