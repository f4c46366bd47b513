/**
 * Starts servers as child processes on a prepared database (reliability suite): the parent seeds
 * a merchant with an App, an API key and a token through the services, closes its handle, then
 * spawns `serve-child.ts` as often as it likes (kill -9 and restart, four at once, …). RSS comes
 * from /proc (VmRSS now, VmHWM peak).
 *
 * The child runs as one esbuild bundle, built once per test process the way `npm run build`
 * bundles the server (apps/server/scripts/build.mjs): plain JavaScript like `npm start`, which
 * starts in about a second where the TypeScript loader took 8–15 s on this loaded machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { loadConfig } from '../../src/config.ts';
import { createContext, type Context } from '../../src/context.ts';
import type { TestDatabase } from '../helpers/databases.ts';
import { newMerchant, testProduct, type TestProduct } from '../helpers/factories.ts';
import type { TestMerchant } from '../helpers/test-server.ts';
import type { TokenCredentials } from '../walltech/walltech-http.ts';

const CHILD = fileURLToPath(new URL('./serve-child.ts', import.meta.url));
// Beside where dist/ would be (one level under apps/server), so the bundle finds package.json,
// node_modules and the web app's dist by the same relative paths as the built server.
const SCRATCH = fileURLToPath(new URL('../../.scratch/', import.meta.url));

let bundled: Promise<string> | undefined;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** serve-child.ts as one ES module (our code bundled, packages external), once per process. */
function childBundle(): Promise<string> {
  bundled ??= (async () => {
    mkdirSync(SCRATCH, { recursive: true });
    // Test workers do not always get to run their exit hook: remove bundles of dead processes.
    for (const name of readdirSync(SCRATCH)) {
      const pid = Number(/^serve-child-(\d+)\.mjs$/.exec(name)?.[1] ?? 0);
      if (pid && !isAlive(pid)) rmSync(join(SCRATCH, name), { force: true });
    }
    const outfile = join(SCRATCH, `serve-child-${process.pid}.mjs`);
    await build({
      entryPoints: [CHILD],
      outfile,
      bundle: true,
      platform: 'node',
      // Our workspace packages from their TypeScript sources, as the server bundle takes them.
      conditions: ['@tradepost/source'],
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
      plugins: [
        {
          name: 'external-node-modules',
          setup(b) {
            b.onResolve({ filter: /^[^./]/ }, (args) =>
              args.path.startsWith('@tradepost/') ? undefined : { path: args.path, external: true },
            );
          },
        },
      ],
    });
    // Loaded by URL at run time (the SQLite checkpoint worker), so it travels beside the bundle.
    copyFileSync(
      fileURLToPath(new URL('../../src/db/sqlite-checkpointer.mjs', import.meta.url)),
      join(SCRATCH, 'sqlite-checkpointer.mjs'),
    );
    process.once('exit', () => rmSync(outfile, { force: true }));
    return outfile;
  })();
  return bundled;
}

export interface Prepared {
  readonly env: Record<string, string>;
  readonly merchant: TestMerchant;
  readonly key: { user_id: string; api_key: string };
  readonly token: TokenCredentials;
  readonly product: TestProduct;
  /** A context of its own on the same database (open it after the servers are up, close it yourself). */
  openContext(): Promise<Context>;
  dispose(): void;
}

export async function prepare(
  database: TestDatabase,
  opts: { creditLimit?: string; price?: string; stock?: number; env?: Record<string, string> } = {},
): Promise<Prepared> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tradepost-rel-'));
  const url = await database.url();
  const env: Record<string, string> = {
    TRADEPOST_DATA_DIR: dataDir,
    TRADEPOST_MASTER_KEY: randomBytes(32).toString('hex'),
    TRADEPOST_DEMO: '0',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...(url ? { DATABASE_URL: url } : {}),
    ...opts.env,
  };
  const openContext = () => createContext(loadConfig(env));
  const ctx = await openContext();
  try {
    const m = await newMerchant(ctx.services, opts.creditLimit ?? '1000.00');
    const app = await ctx.services.apps.create(m.merchantId, 'reliability');
    const key = await ctx.services.apiKeys.create(m.email);
    const token = await ctx.services.tokens.create(m.merchantId, { name: 'reliability' });
    const product = testProduct({ price: opts.price ?? '1.00', stock: opts.stock ?? 1_000_000 });
    await ctx.services.catalog.upsertProducts([product]);
    return {
      env,
      merchant: { merchantId: m.merchantId, email: m.email, password: m.password, app },
      key,
      token,
      product,
      openContext,
      dispose: () => rmSync(dataDir, { recursive: true, force: true }),
    };
  } finally {
    await ctx.close();
  }
}

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Every JSON log line the server wrote (pino: 40 warn, 50 error, 60 fatal). */
  readonly logs: { level: number; msg?: string }[];
  readonly exited: Promise<number | null>;
  /** Resident memory now and at its peak, in MB (/proc/<pid>/status VmRSS, VmHWM). */
  memory(): { rssMb: number; peakMb: number };
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Spawns one server. Node runs with the flags `npm start` uses (MALLOC_ARENA_MAX=2,
 * --max-old-space-size=128) on the bundle; `ulimit` (e.g. { nofile: 1024 }) goes through bash.
 */
export async function spawnServer(
  env: Record<string, string>,
  opts: { nofile?: number } = {},
): Promise<ServerProcess> {
  const node = [process.execPath, '--max-old-space-size=128', await childBundle()];
  const [cmd, args] = opts.nofile
    ? ['bash', ['-c', `ulimit -n ${opts.nofile} && exec "$@"`, 'serve', ...node]]
    : [node[0]!, node.slice(1)];
  const child = spawn(cmd as string, args as string[], {
    env: { ...process.env, MALLOC_ARENA_MAX: '2', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: ServerProcess['logs'] = [];
  let stderr = '';
  createInterface({ input: child.stderr! }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as ServerProcess['logs'][number]);
    } catch {
      stderr += `${line}\n`;
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(JSON.parse(line) as { url: string; pid: number }));
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${stderr}`)));
  });
  return {
    url: started.url,
    pid: started.pid,
    child,
    logs,
    exited,
    memory() {
      const status = readFileSync(`/proc/${started.pid}/status`, 'utf8');
      const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
      return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}
