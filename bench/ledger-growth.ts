/**
 * `npm run bench:ledger`: the portal's and console's ledger reads (modules/credit/credit.statements.ts)
 * at a 10-entry and a 100,000-entry ledger (BENCH_LEDGER), p50 of 40 calls each, in process, on
 * the database alone (no HTTP: the doors add the same cost to both). Issue #10's flat-cost goal
 * (≤ 1.5×) for every read a person's page makes, the B-End's page of one type and the merchant's
 * orders list (its count comes from the ledger): the credit page's history of postings, the
 * dashboard's 30-day spend (and its first view of a day, which sums the 30 days), ledger page 1 unfiltered, of one rare and of the common type, of today;
 * and the console's order queue (unfiltered, of a rare and of a common status) and audit log, over
 * as many orders and audit entries. The big ledger is order debits 10 minutes apart (about two
 * years) with a few postings, as a busy merchant's, each with its order (the newest 50 pending, the
 * rest delivered) and an audit entry; SQLite, and PostgreSQL with BENCH_DATABASE_URL (a fresh
 * schema, analyzed).
 * Printed and appended to bench/RESULTS.md.
 */
import { appendFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { listEntries } from '../apps/server/src/modules/credit/credit.repository.ts';
import { searchEntries } from '../apps/server/src/modules/audit/audit.repository.ts';
import { listOrders } from '../apps/server/src/modules/orders/orders.repository.ts';
import { readOverview } from '../apps/server/src/doors/admin/admin-overview.routes.ts';
import {
  createSpendSeries,
  ledgerLatest,
  ledgerPage,
  type SpendSeries,
} from '../apps/server/src/modules/credit/credit.statements.ts';
import { benchContext, fillLedger } from './ledger-fixture.ts';
import { freshSchema, root } from './lib.ts';

const BIG = Number(process.env.BENCH_LEDGER ?? 100_000);
const MERCHANTS = Number(process.env.BENCH_MERCHANTS ?? 10_000);
const PG_URL = process.env.BENCH_DATABASE_URL;
const out: string[] = [];
const say = (line: string) => {
  out.push(line);
  process.stdout.write(`${line}\n`);
};

/** A server context of its own, with a merchant of `orders` order debits (bench/ledger-fixture.ts). */
async function ledgerOf(orders: number, databaseUrl: string | undefined) {
  const { ctx, close } = await benchContext('ledger', databaseUrl);
  return { ctx, merchantId: await fillLedger(ctx, orders), close };
}

async function p50(f: () => Promise<unknown>): Promise<number> {
  const ts: number[] = [];
  for (let i = 0; i < 40; i++) {
    const t = performance.now();
    await f();
    ts.push(performance.now() - t);
  }
  return ts.sort((a, b) => a - b)[20]!;
}

const page = { page: 1, pageSize: 20 };
/** The dashboard's series, kept per database as the portal keeps it (closed days' sums known). */
const spendSeries = new WeakMap<object, SpendSeries>();
const keptSpend = (db: Parameters<typeof ledgerPage>[0]) => {
  let series = spendSeries.get(db);
  if (!series) spendSeries.set(db, (series = createSpendSeries(db)));
  return series;
};
const today = () => new Date().toISOString().slice(0, 10);
const reads: Array<[string, (db: Parameters<typeof ledgerPage>[0], m: string) => Promise<unknown>]> = [
  [
    'credit page: latest 100 postings',
    (db, m) => ledgerLatest(db, m, { types: ['limit_change', 'repayment', 'adjustment'] }, 100),
  ],
  ['dashboard: 30 days of spend', (db, m) => keptSpend(db)(m, 30)],
  // A merchant's first dashboard of the day (or after a restart) sums the 30 days' entries once.
  ['dashboard: 30 days of spend, first view of the day', (db, m) => createSpendSeries(db)(m, 30)],
  ['dashboard: latest 10 entries', (db, m) => ledgerLatest(db, m, {}, 10)],
  ['ledger page 1', (db, m) => ledgerPage(db, m, {}, page)],
  ['ledger page 1, repayments', (db, m) => ledgerPage(db, m, { types: ['repayment'] }, page)],
  ['ledger page 1, orders', (db, m) => ledgerPage(db, m, { types: ['order'] }, page)],
  ['B-End page 1, repayments', (db, m) => listEntries(db, m, { page: 1, pageSize: 20, type: 'repayment' })],
  ['B-End page 1, orders', (db, m) => listEntries(db, m, { page: 1, pageSize: 20, type: 'order' })],
  [
    'orders page 1 (portal, B-End GET /orders)',
    (db, m) => listOrders(db, { merchantId: m, page: 1, pageSize: 20 }),
  ],
  ['ledger page 1, today', (db, m) => ledgerPage(db, m, { from: today(), to: today() }, page)],
  // The console's lists, over every merchant's rows.
  ['console: all orders page 1', (db) => listOrders(db, { ...page, capCount: true })],
  ['console: orders page 1, pending', (db) => listOrders(db, { ...page, status: 'pending', capCount: true })],
  [
    'console: orders page 1, delivered',
    (db) => listOrders(db, { ...page, status: 'delivered', capCount: true }),
  ],
  ['console: audit log page 1', (db) => searchEntries(db, {}, page)],
  ["console: audit log page 1, one merchant's", (db, m) => searchEntries(db, { merchantId: m }, page)],
  ['console: overview', (db) => consoleOverview(db)],
];

/** The console's first page, as its route reads it. */
const consoleOverview = (db: Parameters<typeof ledgerPage>[0]) => readOverview(db);

/**
 * `n` merchants, each with a credit account (half of them a quarter drawn), written straight into
 * their tables: the overview's credit figures read every account, so they grow with merchants.
 */
async function merchantsOf(n: number, databaseUrl: string | undefined) {
  const { ctx, close } = await benchContext('merchants', databaseUrl);
  const at = new Date().toISOString();
  await ctx.writer.run(async (trx) => {
    for (let start = 0; start < n; start += 500) {
      const ids = Array.from({ length: Math.min(500, n - start) }, (_, k) => `MBENCH${start + k}`);
      await trx
        .insertInto('merchants')
        .values(
          ids.map((id) => ({
            merchant_id: id,
            name: id,
            status: 'active' as const,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
      await trx
        .insertInto('credit_accounts')
        .values(
          ids.map((id, k) => ({
            merchant_id: id,
            currency: k % 10 === 0 ? 'EUR' : 'USD',
            credit_limit: 100_000,
            used: k % 2 === 0 ? 25_000 : 0,
            status: 'active' as const,
            ledger_seq: 0,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
    }
  });
  if (databaseUrl) await sql`analyze`.execute(ctx.db);
  return {
    ctx,
    close,
  };
}

async function series(database: string, url: () => Promise<string | undefined>) {
  const small = await ledgerOf(9, await url());
  const big = await ledgerOf(BIG - 1, await url());
  try {
    say(`\n| ${database}: read | p50 ms at 10 entries | p50 ms at ${BIG} | ratio (target ≤ 1.5) |`);
    say('|---|---|---|---|');
    for (const [name, read] of reads) {
      const a = await p50(() => read(small.ctx.db, small.merchantId));
      const b = await p50(() => read(big.ctx.db, big.merchantId));
      say(`| ${name} | ${a.toFixed(2)} | ${b.toFixed(2)} | **${(b / a).toFixed(2)}** |`);
    }
  } finally {
    await small.close();
    await big.close();
  }
  const few = await merchantsOf(10, await url());
  const many = await merchantsOf(MERCHANTS, await url());
  try {
    const a = await p50(() => consoleOverview(few.ctx.db));
    const b = await p50(() => consoleOverview(many.ctx.db));
    say(
      `| console: overview, 10 → ${MERCHANTS} merchants (grows with them) | ${a.toFixed(2)} | ${b.toFixed(2)} | ${(b / a).toFixed(2)} |`,
    );
  } finally {
    await few.close();
    await many.close();
  }
}

say(`\n## Ledger growth (bench:ledger) run of ${new Date().toISOString()}`);
say(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}. Command: \`npm run bench:ledger\`${PG_URL ? ' with BENCH_DATABASE_URL' : ''}.`,
);
await series('SQLite', async () => undefined);
if (PG_URL) await series('PostgreSQL', () => freshSchema(PG_URL, 'ledger'));
appendFileSync(join(root, 'bench/RESULTS.md'), `${out.join('\n')}\n`);
