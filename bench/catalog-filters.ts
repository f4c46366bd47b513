/**
 * `npm run bench:catalog`: the console's catalog list, filtered, at the demo's 265 products and at
 * BENCH_CATALOG (100,000), p50 of 40 calls each, in process through the catalog service with its
 * page and count caches off (no HTTP: the doors add the same cost to both). Issue #10's flat-cost
 * goal (≤ 1.5×) for the filters an operator uses: none, a rare sale status (5 products off sale,
 * the catalog's oldest: the far end of the newest-first order), the common one, and a category
 * with a status. SQLite, and PostgreSQL with BENCH_DATABASE_URL (a fresh schema, analyzed).
 * Printed and appended to bench/RESULTS.md.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { generateDemoCatalog } from '../apps/server/src/catalog-data/demo-catalog.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { createContext } from '../apps/server/src/context.ts';
import { freshSchema, generated, root } from './lib.ts';

const BIG = Number(process.env.BENCH_CATALOG ?? 100_000);
const OFF_SALE = 5;
const CALLS = 40;
const DEMO_CATEGORY = generateDemoCatalog()[0]!.category;
const PG_URL = process.env.BENCH_DATABASE_URL;
const out: string[] = [];
const say = (line: string) => {
  out.push(line);
  process.stdout.write(`${line}\n`);
};

/** A catalog of the demo's products plus `extra` generated ones, its `OFF_SALE` oldest off sale. */
async function catalogOf(extra: number, databaseUrl: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'tradepost-bench-catalog-'));
  const ctx = await createContext(
    loadConfig({
      TRADEPOST_DATA_DIR: dir,
      TRADEPOST_DEMO: '0',
      TRADEPOST_CATALOG_CACHE_MS: '0',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    }),
  );
  await ctx.services.catalog.upsertProducts(generateDemoCatalog());
  for (const chunk of generated(extra)) await ctx.services.catalog.upsertProducts(chunk);
  const oldest = await ctx.db
    .selectFrom('products')
    .select('goods_id')
    .orderBy('created_at', 'asc')
    .orderBy('goods_id', 'desc')
    .limit(OFF_SALE)
    .execute();
  await ctx.writer.run((trx) =>
    trx
      .updateTable('products')
      .set({ status: 'off_sale' })
      .where(
        'goods_id',
        'in',
        oldest.map((p) => p.goods_id),
      )
      .execute(),
  );
  if (databaseUrl) await sql`analyze`.execute(ctx.db);
  const close = async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { ctx, close };
}

type Ctx = Awaited<ReturnType<typeof catalogOf>>['ctx'];

const cases: { name: string; params: Record<string, unknown> }[] = [
  { name: 'page 1, no filter', params: {} },
  { name: `page 1, off sale (${OFF_SALE} products, the oldest)`, params: { status: 'off_sale' } },
  { name: 'page 1, on sale', params: { status: 'on_sale' } },
  // A category of the demo's, as big in both catalogs: the cost should not follow the catalog's size.
  {
    name: `page 1, category ${DEMO_CATEGORY}, on sale`,
    params: { category: DEMO_CATEGORY, status: 'on_sale' },
  },
  {
    name: `page 1, category ${DEMO_CATEGORY}, off sale`,
    params: { category: DEMO_CATEGORY, status: 'off_sale' },
  },
];

async function p50(ctx: Ctx, params: Record<string, unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await ctx.services.catalog.listProducts({ page: 1, page_size: 20, ...params });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function series(database: string, url: () => Promise<string | undefined>) {
  const small = await catalogOf(0, await url());
  const big = await catalogOf(BIG, await url());
  say(
    `\n${database}: the console's catalog list at ${265} vs ${BIG + 265} products (p50 of ${CALLS} calls, caches off)\n`,
  );
  say('| filter | p50 ms small | p50 ms big | ratio |');
  say('|---|---|---|---|');
  try {
    for (const c of cases) {
      // Alternate: each side warms the same way, and a noisy second hits both.
      await p50(small.ctx, c.params);
      await p50(big.ctx, c.params);
      const s = await p50(small.ctx, c.params);
      const b = await p50(big.ctx, c.params);
      say(`| ${c.name} | ${s.toFixed(2)} | ${b.toFixed(2)} | ${(b / s).toFixed(2)} |`);
    }
  } finally {
    await small.close();
    await big.close();
  }
}

say(`\n## Console catalog filters (${new Date().toISOString()}, \`npm run bench:catalog\`)`);
say(`${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}.`);
await series('SQLite', async () => undefined);
if (PG_URL) await series('PostgreSQL', () => freshSchema(PG_URL, 'catalog'));
appendFileSync(join(root, 'bench', 'RESULTS.md'), `${out.join('\n')}\n`);
