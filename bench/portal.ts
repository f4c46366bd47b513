/**
 * `npm run bench:portal`: the merchant portal's three measures (issue #7), each beside a yardstick
 * taken in the same run on the same server (this is a shared 2-core machine: absolute figures
 * drift with the load, ratios measured together hold better).
 *
 *   throughput  portal GET /portal/api/credit (session cookie)  vs  B-End GET /credit (pre-signed,
 *               encrypted): autocannon, interleaved rounds, same merchant, same server process
 *   figures     navigation to the dashboard's figures on screen (Playwright + Debian's Chromium,
 *               median of N, cold = a new browser context each time, warm = a reload)
 *               vs navigation to the sign-in page's form (the same shell, no data)
 *   bundle      JavaScript each route loads first as the server sends it (the build's .br and
 *               .gz; Vite manifest: entry + its static imports + the route's chunk and its
 *               static imports), sign-in and dashboard
 *
 * Env: BENCH_SECONDS (5), BENCH_ROUNDS (3), BENCH_CONNECTIONS (16), BENCH_NAV_RUNS (15),
 * BENCH_QUICK=1 (2 s, 2 rounds, 7 navigations), BENCH_DATABASE_URL=postgres://… (fresh schema),
 * BENCH_PROFILE=<dir> (the server writes a V8 CPU profile there), BENCH_PORT (18191).
 * Results are printed and appended to bench/RESULTS.md.
 */
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../apps/web/test/helpers/browser.ts';
import { freshSchema, load, prepare, presign, root, serverEnv, start, stop, type LoadResult } from './lib.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 2 : 5));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 3));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const NAV_RUNS = Number(process.env.BENCH_NAV_RUNS ?? (QUICK ? 7 : 15));
const PG_URL = process.env.BENCH_DATABASE_URL;
const PORT = Number(process.env.BENCH_PORT ?? 18191); // another bench may hold the default
const BASE = `http://127.0.0.1:${PORT}`;

const out: string[] = [];
const say = (line: string) => {
  out.push(line);
  process.stdout.write(`${line}\n`);
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (n: number, digits = 0) => n.toFixed(digits);

type Manifest = Record<string, { file: string; imports?: string[] }>;

/** Every manifest entry `keys` load up front: themselves and their static imports, transitively. */
function closure(manifest: Manifest, keys: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const walk = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const i of manifest[key]?.imports ?? []) walk(i);
  };
  keys.forEach(walk);
  return seen;
}

/**
 * Bytes of the JS files among `keys` as the server sends them: the build's .br (what a browser
 * accepting brotli gets), its .gz, and the file itself (a file under the build's 1 KB threshold
 * has no compressed siblings and goes as it is).
 */
function sentJs(
  manifest: Manifest,
  keys: Iterable<string>,
): { files: number; raw: number; gzip: number; br: number } {
  const sizes = { files: 0, raw: 0, gzip: 0, br: 0 };
  for (const key of keys) {
    const file = join(root, 'apps/web/dist', manifest[key]!.file);
    if (!file.endsWith('.js')) continue;
    const raw = statSync(file).size;
    const sibling = (ext: string) => (existsSync(`${file}.${ext}`) ? statSync(`${file}.${ext}`).size : raw);
    sizes.files++;
    sizes.raw += raw;
    sizes.gzip += sibling('gz');
    sizes.br += sibling('br');
  }
  return sizes;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'tradepost-bench-portal-'));
  const dbUrl = PG_URL ? await freshSchema(PG_URL, 'portal') : undefined;
  const fixture = await prepare(tmp, { databaseUrl: dbUrl, ledgerEntries: 50 });
  execFileSync('npm', ['run', 'build', '--silent', '-w', '@tradepost/server'], {
    cwd: root,
    stdio: 'inherit',
  });
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: join(root, 'apps/web'),
    stdio: 'inherit',
  });
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  const server = await start(
    [...profile, 'apps/server/dist/tradepost.mjs', 'serve'],
    { ...serverEnv(tmp, dbUrl), PORT: String(PORT) },
    'listening',
  );
  try {
    say(`\n## Portal (#7) run of ${new Date().toISOString()}`);
    say(
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ` +
        `${loadavg()
          .map((l) => fmt(l, 1))
          .join(' / ')} at start; database ${PG_URL ? 'PostgreSQL' : 'SQLite'}.`,
    );
    say(
      `Command: \`${QUICK ? 'BENCH_QUICK=1 ' : ''}${PG_URL ? 'BENCH_DATABASE_URL=… ' : ''}npm run bench:portal\` ` +
        `(${SECONDS} s per test, ${ROUNDS} interleaved rounds, ${CONNECTIONS} connections, ${NAV_RUNS} navigations).\n`,
    );

    // A real sign-in of the bench merchant: its session cookie is what the portal's load sends.
    const signIn = await fetch(`${BASE}/portal/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password: 'bench-password' }),
    });
    if (signIn.status !== 200) throw new Error(`sign-in answered ${signIn.status}`);
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];

    // Throughput, interleaved. Every B-End request is signed and encrypted before its test starts.
    // A quiet, fast VM served over 5,000 B-End reads/s (a pool of 5,000 a second ran out): room for 15,000.
    const perTest = Math.ceil(SECONDS * 15_000);
    const bendPool = () => presign(fixture, perTest, () => ({ method: 'GET', path: '/credit', params: {} }));
    const portalPool = Array.from({ length: perTest }, () => ({
      method: 'GET' as const,
      path: '/portal/api/credit',
      headers: { cookie },
    }));
    // The honest limit: a bare Fastify route sending the portal's very answer from memory.
    const captured = await fetch(`${BASE}/portal/api/credit`, { headers: { cookie } });
    const bodyFile = join(tmp, 'credit.json');
    writeFileSync(bodyFile, Buffer.from(await captured.arrayBuffer()));
    const barePort = String(PORT + 1);
    const bareServer = await start(
      ['--import', 'tsx', 'bench/bare-server.ts'],
      {
        PORT: barePort,
        BENCH_PATH: '/portal/api/credit',
        BENCH_BODY_FILE: bodyFile,
        BENCH_BODY_TYPE: captured.headers.get('content-type') ?? 'application/json',
      },
      'ready',
    );
    const BARE = `http://127.0.0.1:${barePort}`;
    await load(BARE, { path: '/portal/api/credit', seconds: 1, connections: 4 }); // warm-up
    await load(BASE, { requests: bendPool(), seconds: 1, connections: 4 });
    await load(BASE, { requests: portalPool, seconds: 1, connections: 4 });
    const bare: LoadResult[] = [];
    const bend: LoadResult[] = [];
    const portal: LoadResult[] = [];
    try {
      for (let r = 0; r < ROUNDS; r++) {
        bare.push(
          await load(BARE, { path: '/portal/api/credit', seconds: SECONDS, connections: CONNECTIONS }),
        );
        bend.push(await load(BASE, { requests: bendPool(), seconds: SECONDS, connections: CONNECTIONS }));
        portal.push(await load(BASE, { requests: portalPool, seconds: SECONDS, connections: CONNECTIONS }));
      }
    } finally {
      await stop(bareServer);
    }
    say('| test | req/s (median of rounds) | p50 ms | p99 ms | errors | ratio |');
    say('|---|---|---|---|---|---|');
    const row = (label: string, rs: LoadResult[], ratio: string) =>
      say(
        `| ${label} | ${fmt(median(rs.map((x) => x.rps)))} (${rs.map((x) => fmt(x.rps)).join(', ')}) | ` +
          `${fmt(median(rs.map((x) => x.p50)))} | ${fmt(median(rs.map((x) => x.p99)))} | ` +
          `${rs.reduce((a, x) => a + x.errors, 0)} | ${ratio} |`,
      );
    const rps = (rs: LoadResult[]) => median(rs.map((x) => x.rps));
    row(
      `bare Fastify, the portal's ${readFileSync(bodyFile).length} bytes from memory (yardstick)`,
      bare,
      '1.00',
    );
    row('B-End GET /credit', bend, `${fmt(rps(bend) / rps(bare), 2)} of bare`);
    row(
      'portal GET /portal/api/credit',
      portal,
      `**${fmt(rps(portal) / rps(bare), 2)}** of bare, ${fmt(rps(portal) / rps(bend), 2)} of B-End`,
    );

    // Navigation to the dashboard's figures, in the browser a merchant would use.
    const browser = await launchBrowser();
    /** Navigations to `path` until `ready` is visible; signed in (the session cookie) when `signedIn`. */
    const timeTo = async (
      path: string,
      ready: string,
      warm: boolean,
      signedIn: boolean,
    ): Promise<number[]> => {
      const times: number[] = [];
      let context = warm ? await browser.newContext({ baseURL: BASE }) : null;
      for (let i = 0; i < NAV_RUNS + 1; i++) {
        if (!warm) context = await browser.newContext({ baseURL: BASE });
        if (signedIn) await context!.addCookies([{ name, value, url: BASE }]);
        const page = context!.pages()[0] ?? (await context!.newPage());
        const t0 = performance.now();
        await page.goto(path, { waitUntil: 'commit' });
        await page.locator(ready).first().waitFor({ timeout: 30_000 });
        if (i > 0) times.push(performance.now() - t0); // the first is a warm-up
        if (!warm) await context!.close();
      }
      if (warm) await context!.close();
      return times;
    };
    const figures = '[data-figure="available"]';
    const form = 'form button[type="submit"]';
    const results: Array<[string, number[]]> = [];
    for (const warm of [false, true]) {
      results.push([
        `sign-in form (yardstick), ${warm ? 'warm' : 'cold'}`,
        await timeTo('/sign-in', form, warm, false),
      ]);
      results.push([`dashboard figures, ${warm ? 'warm' : 'cold'}`, await timeTo('/', figures, warm, true)]);
    }
    await browser.close();
    say('\n| navigation → on screen | median ms | min–max ms | ratio to sign-in |');
    say('|---|---|---|---|');
    for (let i = 0; i < results.length; i++) {
      const [label, ts] = results[i]!;
      const yard = median(results[i - (i % 2)]![1]);
      say(
        `| ${label} | ${fmt(median(ts))} | ${fmt(Math.min(...ts))}–${fmt(Math.max(...ts))} | ` +
          `${i % 2 ? `**${fmt(median(ts) / yard, 2)}**` : '1.00'} |`,
      );
    }

    const manifest = JSON.parse(
      readFileSync(join(root, 'apps/web/dist/.vite/manifest.json'), 'utf8'),
    ) as Manifest;
    const route = (m: string) => closure(manifest, ['index.html', `src/features/${m}.tsx`]);
    const signInJs = route('auth/routes/sign-in-page');
    const dashboardJs = route('dashboard/routes/dashboard-page');
    const chartJs = [...route('dashboard/components/spend-chart')].filter((k) => !dashboardJs.has(k));
    say(
      '\n| page | JS loaded first, as sent to a browser: brotli | gzip (target ≤ 250 KB) | uncompressed | files |',
    );
    say('|---|---|---|---|---|');
    for (const [label, keys] of [
      ['sign-in', signInJs],
      ['dashboard', dashboardJs],
      ['+ chart, loaded after the figures', chartJs],
    ] as const) {
      const js = sentJs(manifest, keys);
      const kb = (n: number) => `${fmt(n / 1024, 1)} KB`;
      say(`| ${label} | ${kb(js.br)} | ${kb(js.gzip)} | ${kb(js.raw)} | ${js.files} |`);
    }
    say(
      `\nServer load average at the end: ${loadavg()
        .map((l) => fmt(l, 1))
        .join(' / ')}.`,
    );
    appendFileSync(join(root, 'bench/RESULTS.md'), `${out.join('\n')}\n`);
  } finally {
    await stop(server);
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
