/**
 * `npm run bench:exports`: the two CSV exports as a person downloads them, over real HTTP from the
 * server (startServer, in this process): the portal's ledger export (`GET /portal/api/transactions.csv`)
 * and the console's order export (`GET /admin/api/orders.csv`), for a merchant of 10 entries and
 * one of BENCH_LEDGER (100,000; bench/ledger-fixture.ts). Per export:
 *
 * - the first row: the time until the first line after the header arrived, p50 of 9 downloads
 *   (the exports' limit is 10 a minute): flat as the data grows, unless the export reads ahead;
 * - the whole file: p50 of the same downloads, rows/s, and the process's RSS growth over it
 *   (streamed, it stays flat); beside the yardstick, a bare `node:http` server in this process
 *   sending the same bytes from memory (the file just downloaded), after each download.
 *
 * SQLite, and PostgreSQL with BENCH_DATABASE_URL (a fresh schema). Printed and appended to
 * bench/RESULTS.md.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { loadConfig } from '../apps/server/src/config.ts';
import { startServer } from '../apps/server/src/server.ts';
import { webClient } from '../apps/server/test/helpers/web-client.ts';
import { fillLedger } from './ledger-fixture.ts';
import { freshSchema, root } from './lib.ts';

const BIG = Number(process.env.BENCH_LEDGER ?? 100_000);
/** Downloads per export and size: the exports' own limit is 10 a minute per client address. */
const DOWNLOADS = 9;
const PG_URL = process.env.BENCH_DATABASE_URL;
const PASSWORD = 'bench-password';
const out: string[] = [];
const say = (line: string) => {
  out.push(line);
  process.stdout.write(`${line}\n`);
};

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * One download of `url`: the time until its first row (the second line) arrived, the whole time,
 * its bytes (kept only when asked: the RSS growth measured is then the server's), the process's
 * RSS growth, and the longest the event loop was held while it came (every other request waits
 * that long).
 */
async function download(
  url: string,
  opts: { cookie?: string; keep?: boolean } = {},
): Promise<{
  firstRowMs: number;
  ms: number;
  rows: number;
  body: Buffer | null;
  rssGrowth: number;
  loopMaxMs: number;
}> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const t = performance.now();
  const res = await fetch(url, opts.cookie ? { headers: { cookie: opts.cookie } } : {});
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  const chunks: Uint8Array[] = [];
  let firstRowMs = 0;
  let newlines = 0;
  for await (const chunk of res.body!) {
    if (opts.keep) chunks.push(chunk);
    for (const byte of chunk) if (byte === 10 && ++newlines === 2) firstRowMs = performance.now() - t;
  }
  const ms = performance.now() - t;
  loop.disable();
  clearInterval(sampler);
  return {
    firstRowMs,
    ms,
    rows: newlines - 1, // less the header
    body: opts.keep ? Buffer.concat(chunks) : null,
    rssGrowth: Math.max(peak, process.memoryUsage.rss()) - before,
    loopMaxMs: loop.max / 1e6,
  };
}

/** A bare server sending `body` from memory, as the export answers it. */
async function bareServer(body: Buffer) {
  const server = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

async function series(database: string, url: () => Promise<string | undefined>) {
  say(
    `\n| ${database}: export | entries | first row p50 ms | whole file p50 ms | rows/s | bare server, same bytes, ms | ratio of bare | RSS growth MB | event loop held, max ms |`,
  );
  say('|---|---|---|---|---|---|---|---|---|');
  const firstRows = new Map<string, number>();
  for (const entries of [10, BIG]) {
    const dir = mkdtempSync(join(tmpdir(), 'tradepost-bench-exports-'));
    const databaseUrl = await url();
    const server = await startServer(
      loadConfig({
        TRADEPOST_DATA_DIR: dir,
        TRADEPOST_DEMO: '0',
        PORT: '0',
        TRADEPOST_WEBHOOK_WORKER: '0',
        LOG_LEVEL: 'warn',
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      }),
      { handleSignals: false, quiet: true },
    );
    try {
      const merchantId = await fillLedger(server.ctx, entries - 1);
      const email = `ops-${entries}@example.com`;
      await server.ctx.services.operators.create({ email, password: PASSWORD, role: 'admin' });
      const portal = webClient(server.url, 'portal');
      const console = webClient(server.url, 'admin');
      if ((await portal.signIn(`ledger-${entries - 1}@example.com`, PASSWORD)).status !== 200)
        throw new Error('portal sign-in');
      if ((await console.signIn(email, PASSWORD)).status !== 200) throw new Error('console sign-in');
      const exports = [
        { name: 'portal: ledger', url: `${server.url}/portal/api/transactions.csv`, cookie: portal.cookie! },
        {
          name: "console: one merchant's orders",
          url: `${server.url}/admin/api/orders.csv?merchant_id=${merchantId}`,
          cookie: console.cookie!,
        },
      ];
      for (const e of exports) {
        // The file once, kept for the yardstick (not measured: held, it would count as the server's RSS).
        const file = (await download(e.url, { cookie: e.cookie, keep: true })).body!;
        const yardstick = await bareServer(file);
        const firsts: number[] = [];
        const ours: number[] = [];
        const bare: number[] = [];
        let rows = 0;
        let rssGrowth = 0;
        let loopMaxMs = 0;
        try {
          for (let round = 1; round < DOWNLOADS; round++) {
            const d = await download(e.url, { cookie: e.cookie });
            firsts.push(d.firstRowMs);
            ours.push(d.ms);
            rows = d.rows;
            rssGrowth = Math.max(rssGrowth, d.rssGrowth);
            loopMaxMs = Math.max(loopMaxMs, d.loopMaxMs);
            bare.push((await download(yardstick.url)).ms);
          }
        } finally {
          await yardstick.close();
        }
        const first = median(firsts);
        firstRows.set(`${e.name}@${entries}`, first);
        const ms = median(ours);
        const bareMs = median(bare);
        say(
          `| ${e.name} | ${entries} | ${first.toFixed(2)} | ${ms.toFixed(1)} | ${Math.round((rows / ms) * 1000)} | ${bareMs.toFixed(1)} | **${(bareMs / ms).toFixed(3)}** | ${(rssGrowth / 1e6).toFixed(1)} | ${loopMaxMs.toFixed(0)} |`,
        );
      }
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  for (const name of ['portal: ledger', "console: one merchant's orders"]) {
    const ratio = firstRows.get(`${name}@${BIG}`)! / firstRows.get(`${name}@10`)!;
    say(
      `\n${database}, ${name}: first row at ${BIG} entries / at 10 = **${ratio.toFixed(2)}** (flat: ≤ 1.5)`,
    );
  }
}

say(`\n## Exports (bench:exports) run of ${new Date().toISOString()}`);
say(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}. Command: \`npm run bench:exports\`${PG_URL ? ' with BENCH_DATABASE_URL' : ''}.`,
);
await series('SQLite', async () => undefined);
if (PG_URL) await series('PostgreSQL', () => freshSchema(PG_URL, 'exports'));
appendFileSync(join(root, 'bench/RESULTS.md'), `${out.join('\n')}\n`);
