/**
 * The SDK as a user gets it: `npm pack` of @tradepost/protocol and @tradepost/sdk (prepack builds
 * dist/), installed from the two tarballs into a fresh project outside the workspace (offline: no
 * registry is involved), then used from plain Node (import and require) and from TypeScript. The
 * README's example is compiled as written against the installed declarations and run against a
 * real demo server (`tradepost serve --demo`), on SQLite and PostgreSQL.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../apps/server/test/helpers/databases.ts';
import { BIN, childEnv } from '../../../apps/server/test/cli/cli-helpers.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'tradepost-pack-'));
const project = join(work, 'consumer');

/** The environment of a user's shell: nothing of the workspace's (no source export condition). */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  return env;
}

interface Packed {
  filename: string;
  files: { path: string }[];
}
let packed: Packed[] = [];
/** What tsc said of the README example and a wrong call, compiled together against the installed package. */
let compiled = '';

beforeAll(async () => {
  const { stdout } = await run(
    'npm',
    ['pack', '--json', '--pack-destination', work, '-w', '@tradepost/protocol', '-w', '@tradepost/sdk'],
    { cwd: ROOT, env: userEnv(), maxBuffer: 16 * 1024 * 1024 },
  );
  // prepack's build output precedes the JSON on stdout.
  packed = JSON.parse(stdout.slice(stdout.indexOf('[\n'))) as Packed[];
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  await run(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', ...packed.map((p) => join(work, p.filename))],
    { cwd: project, env: userEnv() },
  );
  writeFileSync(join(project, 'example.ts'), readmeExample());
  writeFileSync(
    join(project, 'wrong.ts'),
    "import { Tradepost } from '@tradepost/sdk';\nnew Tradepost({ appId: 1 });\n",
  );
  writeFileSync(
    join(project, 'events.ts'),
    "import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@tradepost/protocol/webhook-events';\n" +
      'const first: WebhookEventType = WEBHOOK_EVENT_TYPES[0];\nconsole.log(first);\n',
  );
  // One compiler run for all three (tsc still emits beside errors); only wrong.ts may fail.
  compiled = await tsc(['example.ts', 'wrong.ts', 'events.ts'], 'out').then(
    () => 'no errors',
    (e: { stdout: string }) => e.stdout,
  );
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack', () => {
  it('ships the built JavaScript, declarations and README, not the TypeScript sources', () => {
    expect(packed.map((p) => p.filename).sort()).toEqual([
      'tradepost-protocol-0.1.0.tgz',
      'tradepost-sdk-0.1.0.tgz',
    ]);
    for (const p of packed) {
      const files = p.files.map((f) => f.path);
      expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/index.js', 'dist/index.d.ts']));
      expect(files.filter((f) => !/^(dist\/.*\.(js|d\.ts)|package\.json|README\.md)$/.test(f))).toEqual([]);
    }
  });

  it('plain Node imports it, and requires it, from a fresh project', async () => {
    const script =
      "import { Tradepost, ConflictError } from '@tradepost/sdk'; import { BEND_CODES } from '@tradepost/protocol';" +
      'console.log(typeof Tradepost, typeof ConflictError, BEND_CODES[2003].name)';
    const imported = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: project,
      env: userEnv(),
    });
    expect(imported.stdout.trim()).toBe('function function OrderNotCancellable');
    // Node >= 20.19 loads an ES module from require(): CommonJS users need no second build.
    const required = await run(
      process.execPath,
      ['-e', "const { Tradepost } = require('@tradepost/sdk'); console.log(typeof Tradepost)"],
      { cwd: project, env: userEnv() },
    );
    expect(required.stdout.trim()).toBe('function');
  });

  it('the webhook-events subpath loads on its own and imports nothing of node (the web app bundles it)', async () => {
    const script =
      "import { WEBHOOK_EVENT_TYPES } from '@tradepost/protocol/webhook-events';" +
      "console.log(WEBHOOK_EVENT_TYPES.includes('order.shipped'))";
    const r = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: project,
      env: userEnv(),
    });
    expect(r.stdout.trim()).toBe('true');
    const js = readFileSync(
      join(project, 'node_modules/@tradepost/protocol/dist/webhooks/events.js'),
      'utf8',
    );
    expect(js).not.toMatch(/^import\b/m);
  });

  it('TypeScript: the README example and the webhook-events subpath type-check as written, a wrong call does not', () => {
    const errors = compiled.split('\n').filter((l) => /error TS\d+/.test(l));
    expect(errors.length, compiled).toBeGreaterThan(0);
    expect(
      errors.filter((l) => !l.startsWith('wrong.ts(2,')),
      compiled,
    ).toEqual([]);
  });
});

/** The repo's TypeScript compiler, strict, NodeNext, type-checking our declarations too (no skipLibCheck). */
function tsc(files: string[], outDir: string) {
  return run(
    process.execPath,
    [
      join(ROOT, 'node_modules/typescript/bin/tsc'),
      ...['--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'],
      ...['--types', 'node', '--typeRoots', join(ROOT, 'node_modules/@types'), '--skipLibCheck', 'false'],
      ...['--outDir', outDir],
      ...files,
    ],
    { cwd: project, env: userEnv() },
  );
}

/** The README's first TypeScript block, exactly as written. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'packages/sdk/README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('packages/sdk/README.md has no ```ts example');
  return block[1]!;
}

describeEachDatabase('the README example, compiled against the installed package', (database) => {
  let server: ReturnType<typeof spawn> | undefined;
  let banner = '';
  let dataDir = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tradepost-pack-demo-'));
    const databaseUrl = await database.url();
    server = spawn(process.execPath, [BIN, 'serve', '--demo'], {
      env: childEnv({ dataDir, databaseUrl }, { PORT: '0', HOST: '127.0.0.1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on('data', (chunk: Buffer) => {
        banner += chunk.toString();
        if (/Sign Key: +\S+/.test(banner)) resolve();
      });
      server!.on('exit', (code) => reject(new Error(`demo server exited (${code}): ${banner}`)));
    });
  });
  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.on('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await database.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs: lists, places and cancels an order, lists orders; a second run catches the 2002 it gets', async () => {
    const field = (label: string) => new RegExp(`${label}: +(\\S+)`).exec(banner)![1]!;
    const env = userEnv({
      TRADEPOST_BASE_URL: `${/listening on (http:\/\/\S+)/.exec(banner)![1]}/api/v1`,
      TRADEPOST_APP_ID: field('App ID'),
      TRADEPOST_SECRET_KEY: field('Secret Key'),
      TRADEPOST_SIGN_KEY: field('Sign Key'),
    });
    const first = await run(process.execPath, ['out/example.js'], { cwd: project, env });
    expect(first.stdout).toContain('demo-hk-001 ');
    const order = /^(\S+) 18\.58 USD$/m.exec(first.stdout)?.[1];
    expect(order, first.stdout).toBeDefined();
    expect(first.stdout).toMatch(/^cancelled CTX\S+$/m);
    expect(first.stdout).toContain(`${order} cancelled 18.58`);
    expect(first.stdout).toMatch(/^5000\.00 USD available$/m);

    const second = await run(process.execPath, ['out/example.js'], { cwd: project, env });
    expect(second.stdout).toContain(`already placed as ${order}`);
  });
});
