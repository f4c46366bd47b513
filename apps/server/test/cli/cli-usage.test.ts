/**
 * The CLI as a program, before any database: how it is installed and invoked, usage errors,
 * and the progress bar's TTY rule (under a real pseudo-terminal via script(1) when available).
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { shouldShowProgress, PROGRESS_MIN_ROWS } from '../../src/cli/progress.ts';
import { BUNDLED, METAFILE } from '../../scripts/bundle.mjs';
import { BIN, REPO_ROOT, childEnv, runCli } from './cli-helpers.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tradepost-cli-usage-'));
const target = { dataDir, databaseUrl: undefined };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('installation', () => {
  it('bin/tradepost.js is an executable node script, mapped by the root package.json', () => {
    expect(statSync(BIN).mode & 0o111).not.toBe(0);
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const root = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(root.bin.tradepost).toBe('apps/server/bin/tradepost.js');
  });

  it('`npx tradepost --help` works from the repo root and lists every command', async () => {
    const { stdout, code } = await new Promise<{ stdout: string; code: number }>((resolve) => {
      execFile(
        'npx',
        ['tradepost', '--help'],
        { cwd: REPO_ROOT, env: childEnv(target), timeout: 45_000 },
        (error, out) => resolve({ stdout: out, code: error ? Number(error.code ?? -1) : 0 }),
      );
    });
    expect(code).toBe(0);
    for (const command of ['serve', 'merchant', 'app', 'catalog', 'credit'])
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(stdout).toContain('Exit codes:');
  });
});

/** The bundle's outputs (esbuild's metafile). */
function bundleOutputs() {
  return (
    JSON.parse(readFileSync(METAFILE, 'utf8')) as {
      outputs: Record<
        string,
        { entryPoint?: string; imports: { path: string; kind: string; external?: boolean }[] }
      >;
    }
  ).outputs;
}

/**
 * The packages a process loads once the output of `source` is loaded, before any further
 * `import()`: the external imports reached from it by static imports through the chunks esbuild
 * split off.
 */
function staticPackages(outputs: ReturnType<typeof bundleOutputs>, source: string): string[] {
  const output = Object.keys(outputs).find((o) => outputs[o]?.entryPoint === source);
  if (!output) throw new Error(`no output for ${source}`);
  const external = new Set<string>();
  const seen = new Set<string>();
  const visit = (o: string) => {
    if (seen.has(o)) return;
    seen.add(o);
    for (const imp of outputs[o]?.imports ?? []) {
      if (imp.kind !== 'import-statement') continue;
      if (imp.external) external.add(imp.path);
      else visit(imp.path);
    }
  };
  visit(output);
  return [...external].filter((p) => !p.startsWith('node:'));
}

describe('built JavaScript', () => {
  it('`--help` and `--version` load no command module: the entry imports commander and node: only', async () => {
    // What a process loads before any command's `import()`. zod, kysely or a database here would
    // cost every `tradepost` call hundreds of milliseconds.
    expect(staticPackages(bundleOutputs(), 'src/cli/main.ts')).toEqual(['commander']);

    const help = await runCli(target, ['--help'], { env: { DATABASE_URL: 'mysql://nope' } });
    expect(help.code).toBe(0);
    expect(existsSync(join(dataDir, 'tradepost.db'))).toBe(false);
    const version = await runCli(target, ['--version']);
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'apps/server/package.json'), 'utf8')) as {
      version: string;
    };
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it('a command that opens the database loads no pg, ioredis, prom-client or qrcode unless it needs them', () => {
    // A command runs its module, then opens the context (cli/context.ts imports config.ts and
    // context.ts). pg is imported when DATABASE_URL opens PostgreSQL, ioredis with REDIS_URL,
    // prom-client by a serving process (ops/metrics.ts), qrcode by two-step enrolment: ~0.2 s of
    // CPU per call when they were static imports (qrcode ~50 ms).
    const outputs = bundleOutputs();
    const commands = Object.values(outputs)
      .map((o) => o.entryPoint)
      .filter((e): e is string => e?.startsWith('src/cli/commands/') === true && !e.endsWith('/serve.ts'));
    expect(commands).toContain('src/cli/commands/merchant.ts');
    for (const source of [...commands, 'src/config.ts', 'src/context.ts'])
      expect(
        staticPackages(outputs, source).filter((p) =>
          /^(pg|ioredis|prom-client|qrcode|@opentelemetry\/)/.test(p),
        ),
        source,
      ).toEqual([]);
  });

  it('zod and kysely are compiled into the bundle, not loaded file by file from node_modules', () => {
    // Hundreds of small ES modules (kysely 262, zod 95) resolved and compiled on every CLI call.
    const external = Object.values(bundleOutputs()).flatMap((o) =>
      o.imports.filter((i) => i.external).map((i) => i.path),
    );
    expect(external).toContain('better-sqlite3');
    for (const name of ['zod', 'zod/v4', 'kysely', 'otplib', '@otplib/core'])
      expect(BUNDLED.test(name), name).toBe(true);
    expect(external.filter((p) => BUNDLED.test(p))).toEqual([]);
  });

  it('bin/tradepost.js builds a missing bundle, reuses a current one, rebuilds after a source or a dependency changes', async () => {
    // On a copy of the server package, so the suite's own bundle is never touched.
    const copy = mkdtempSync(join(tmpdir(), 'tradepost-bundle-'));
    try {
      const server = join(copy, 'apps/server');
      for (const part of ['bin', 'scripts', 'src', 'package.json'])
        cpSync(join(REPO_ROOT, 'apps/server', part), join(server, part), { recursive: true });
      symlinkSync(join(REPO_ROOT, 'node_modules'), join(copy, 'node_modules'));
      const bin = join(server, 'bin/tradepost.js');
      const version = () =>
        spawnSync(process.execPath, [bin, '--version'], {
          env: childEnv(target),
          encoding: 'utf8',
          timeout: 45_000,
        });

      const first = version();
      expect(first.stderr).toMatch(/building .*tradepost\.mjs \(missing\)/);
      expect(first.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
      expect(version().stderr).toBe('');

      const now = new Date();
      utimesSync(join(server, 'src/cli/commands/merchant.ts'), now, now);
      const rebuilt = version();
      expect(rebuilt.stderr).toContain('(src/cli/commands/merchant.ts changed)');
      expect(rebuilt.status).toBe(0);
      expect(version().stderr).toBe('');

      // The bundled packages change with the lockfile (an `npm install` of another version).
      writeFileSync(join(copy, 'package-lock.json'), '{}\n');
      const relocked = version();
      expect(relocked.stderr).toContain('(../../package-lock.json changed)');
      expect(relocked.status).toBe(0);
      expect(version().stderr).toBe('');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('usage', () => {
  it('subcommand help exits 0 and names the options', async () => {
    const run = await runCli(target, ['credit', 'adjust', '--help']);
    expect(run.code).toBe(0);
    for (const option of ['--email', '--amount', '--type', '--note', '--json'])
      expect(run.stdout).toContain(option);
  });

  it('output into a pipe its reader closed (`tradepost --help | head`) ends quietly, exit 0', async () => {
    const child = spawn(process.execPath, [BIN, '--help'], {
      env: childEnv(target),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closed before the child has started (~100 ms), so its first write meets a closed pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it("`serve --help` lists serve's exit codes, word for word as docs/operations.md does", async () => {
    const run = await runCli(target, ['serve', '--help']);
    expect(run.code).toBe(0);
    const docs = readFileSync(join(REPO_ROOT, 'docs/operations.md'), 'utf8');
    const listed = /^Exit codes of `serve`: ([\s\S]+?)\n\n/m.exec(docs)?.[1];
    expect(listed).toBeDefined();
    // The docs' Markdown (**0**, `--workers N`) as plain text, lines joined.
    const plain = (text: string) =>
      text
        .replace(/\*\*|`/g, '')
        .replace(/\s+/g, ' ')
        .trim();
    expect(plain(run.stdout)).toContain(`Exit codes: ${plain(listed!)}`);
  });

  it('no command, an unknown command or option is a usage error (exit 2)', async () => {
    expect((await runCli(target, [])).code).toBe(2);
    const unknown = await runCli(target, ['merchant', 'delete', '--json']);
    expect(unknown.code).toBe(2);
    const option = await runCli(target, ['catalog', 'demo', '--force', '--json']);
    expect(option.code).toBe(2);
    expect(option.json()).toEqual({
      error: { code: 'invalid_argument', message: "unknown option '--force'" },
    });
    expect(option.stderr).toBe("error: unknown option '--force'\n");
    // Named before a missing required option (it said --email was missing).
    const bogus = await runCli(target, ['merchant', 'create', '--bogus', '--json']);
    expect(bogus.code).toBe(2);
    expect(bogus.json()).toEqual({
      error: { code: 'invalid_argument', message: "unknown option '--bogus'" },
    });
    const missing = await runCli(target, ['merchant', 'create', '--name', 'X', '--json']);
    expect(missing.code).toBe(2);
    expect(missing.json()).toEqual({
      error: { code: 'invalid_argument', message: "required option '--email <email>' not specified" },
    });
  });

  it('reads .env in the working directory; a variable set in the environment wins', async () => {
    const project = mkdtempSync(join(tmpdir(), 'tradepost-dotenv-'));
    try {
      writeFileSync(
        join(project, '.env'),
        '# as .env.example says\nPORT=eighty\nDATABASE_URL=mysql://nope\n',
      );
      const dotEnv = { TRADEPOST_ENV_FILE: '.env' }; // the helpers turn it off; here it is what is tested
      const fromFile = await runCli(target, ['catalog', 'demo', '--json'], { cwd: project, env: dotEnv });
      expect(fromFile.code).toBe(1);
      const { error } = fromFile.json() as { error: { code: string; message: string } };
      expect(error.code).toBe('invalid_config');
      expect(error.message).toContain('PORT');
      expect(error.message).toContain('DATABASE_URL');
      const overridden = await runCli(target, ['catalog', 'demo', '--json'], {
        cwd: project,
        env: { ...dotEnv, PORT: '8080' },
      });
      const second = (overridden.json() as { error: { message: string } }).error.message;
      expect(second).toContain('DATABASE_URL');
      expect(second).not.toContain('PORT');
      const missing = await runCli(target, ['catalog', 'demo'], {
        env: { TRADEPOST_ENV_FILE: join(project, 'nope.env') },
      });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('cannot read the env file');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('a .env line it cannot read is a configuration error naming the file and line, listed with the rest', async () => {
    const project = mkdtempSync(join(tmpdir(), 'tradepost-dotenv-'));
    try {
      // A bare word used to end the file silently: DATABASE_URL below it was lost.
      writeFileSync(join(project, '.env'), 'PORT=8080\nPRODUCTION\n=hunter2\nDATABASE_URL=mysql://nope\n');
      const run = await runCli(target, ['catalog', 'demo', '--json'], {
        cwd: project,
        env: { TRADEPOST_ENV_FILE: '.env' },
      });
      expect(run.code, run.stderr).toBe(1);
      const { error } = run.json() as { error: { code: string; message: string } };
      expect(error.code).toBe('invalid_config');
      expect(error.message).toContain('.env line 2: is not NAME=value');
      expect(error.message).toContain('.env line 3: is not NAME=value');
      expect(error.message).toContain('DATABASE_URL');
      expect(run.stdout + run.stderr).not.toContain('PRODUCTION');
      expect(run.stdout + run.stderr).not.toContain('hunter2');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('a command run where no data is says it made a new data dir, on stderr; the next run there does not', async () => {
    const elsewhere = {
      dataDir: mkdtempSync(join(tmpdir(), 'tradepost-elsewhere-')),
      databaseUrl: undefined,
    };
    try {
      const first = await runCli(elsewhere, [
        'merchant',
        'freeze',
        '--email',
        'nobody@example.com',
        '--json',
      ]);
      expect(first.json()).toMatchObject({ error: { code: 'not_found' } });
      expect(first.stderr).toContain(`note: no data was here: created a new data dir ${elsewhere.dataDir}`);
      const again = await runCli(elsewhere, [
        'merchant',
        'freeze',
        '--email',
        'nobody@example.com',
        '--json',
      ]);
      expect(again.stderr).not.toContain('note:');
    } finally {
      rmSync(elsewhere.dataDir, { recursive: true, force: true });
    }
  });

  it('a bad environment is reported on one line (exit 1, invalid_config)', async () => {
    const run = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, 'catalog', 'demo', '--json'],
        { env: childEnv(target, { DATABASE_URL: 'mysql://nope', PORT: 'eighty' }), timeout: 45_000 },
        (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
      );
    });
    expect(run.code).toBe(1);
    const { error } = JSON.parse(run.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_config');
    expect(error.message).not.toContain('\n');
    expect(error.message).toMatch(/^Invalid configuration: [A-Z_]+: /);
    expect(error.message).toContain('PORT: must be a number');
    expect(error.message).toContain('DATABASE_URL');
  });

  it("a PostgreSQL it cannot reach is named as DATABASE_URL's, without the password (exit 1, invalid_config)", async () => {
    const run = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, 'catalog', 'demo', '--json'],
        {
          env: childEnv(target, { DATABASE_URL: 'postgres://ops:s3cret@127.0.0.1:1/shop' }),
          timeout: 45_000,
        },
        (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
      );
    });
    expect(run.code).toBe(1);
    const { error } = JSON.parse(run.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain('DATABASE_URL: cannot use PostgreSQL at 127.0.0.1:1/shop (ECONNREFUSED)');
    expect(run.stdout).not.toContain('s3cret');
  });
});

/** Starts `serve` (extra args and env), waits for its banner, stops it with SIGTERM; its stdout and exit code. */
async function serveOnce(
  args: string[],
  env: Record<string, string>,
): Promise<{ banner: string; code: number | null }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: childEnv(target, { PORT: '0', HOST: '127.0.0.1', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // 'close', not 'exit': it comes once stdout has ended, and pino writes its lines asynchronously,
  // so they may follow the banner (on a loaded machine the migrations line once came after
  // /healthz had answered).
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let seen = '';
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (/listening on [\s\S]*\n\n/.test(seen)) resolve();
      });
      void exited.then((code) => reject(new Error(`serve exited early (${code}): ${seen}`)));
    });
    // Up and answering (and so past installing its signal handlers) before it is stopped.
    const url = /listening on (http:\/\/\S+)/.exec(seen)![1]!;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  } finally {
    child.kill('SIGTERM');
  }
  // Awaited before `seen` is read: it holds all the child wrote.
  const code = await exited;
  return { banner: seen, code };
}

describe('serve', () => {
  it('--demo: the first start shows the demo App keys once; later starts say how to get new ones (app rotate)', async () => {
    const demoDir = mkdtempSync(join(tmpdir(), 'tradepost-cli-demo-'));
    try {
      const env = { TRADEPOST_DATA_DIR: demoDir };
      const first = await serveOnce(['--demo'], env);
      expect(first.code).toBe(0);
      const appId = /App ID:\s+(app_\S+)/.exec(first.banner)?.[1];
      const secretKey = /Secret Key:\s+(\S+)/.exec(first.banner)?.[1];
      expect(appId).toBeDefined();
      expect(first.banner).toMatch(
        /Portal login: +demo@tradepost\.local \/ tradepost-demo +\(http:\/\/127\.0\.0\.1:\d+\/\)/,
      );
      const rotate = `npx tradepost app rotate --email demo@tradepost.local --app-id ${appId}`;
      expect(first.banner).toContain(rotate);
      // Trying webhooks on this machine: the banner says how (the address rule refuses loopback).
      expect(first.banner).toContain('start with TRADEPOST_WEBHOOK_ALLOW_PRIVATE=1 (testing only)');

      const again = await serveOnce(['--demo'], env);
      expect(again.code).toBe(0);
      expect(again.banner).not.toContain(secretKey!);
      expect(again.banner).not.toMatch(/Secret Key|Sign Key/);
      expect(again.banner).toContain(`keys were shown at the first start only; for new ones: ${rotate}`);
      // The hint works as printed.
      const rotated = await runCli({ dataDir: demoDir, databaseUrl: undefined }, [
        ...rotate.split(' ').slice(2),
        '--json',
      ]);
      expect(rotated.code, rotated.stderr).toBe(0);
      expect(rotated.json()).toMatchObject({ app_id: appId });
      expect(rotated.json().secret_key).not.toBe(secretKey);
    } finally {
      rmSync(demoDir, { recursive: true, force: true });
    }
  });

  it('a real install: the first start logs the migrations it applied and says no operator exists yet, with the command; once one does, neither', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradepost-cli-install-'));
    try {
      const env = { TRADEPOST_DATA_DIR: dir, TRADEPOST_DEMO: '0', LOG_LEVEL: 'info' };
      const first = await serveOnce([], env);
      expect(first.code).toBe(0);
      expect(first.banner).toMatch(/"msg":"applied \d+ database migration\(s\)"/);
      expect(first.banner).toContain('No operator yet');
      const command = /npx tradepost operator create --email <you@example.com>/;
      expect(first.banner).toMatch(command);
      const created = await runCli(
        { dataDir: dir, databaseUrl: undefined },
        'operator create --email first@ops.example --json'.split(' '),
        { env: { TRADEPOST_PASSWORD: 'a long operator passphrase' } },
      );
      expect(created.code, created.stderr).toBe(0);
      const again = await serveOnce([], env);
      expect(again.banner).not.toContain('No operator yet');
      expect(again.banner).not.toContain('database migration');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('what a start says once (migrations, a new master key, private webhook addresses) is said by a lone server and by the --workers primary', async () => {
    const count = (text: string, pattern: RegExp) => text.split('\n').filter((l) => pattern.test(l)).length;
    for (const args of [[], ['--workers', '2']]) {
      const dir = mkdtempSync(join(tmpdir(), 'tradepost-cli-start-'));
      try {
        const env = {
          TRADEPOST_DATA_DIR: dir,
          TRADEPOST_DEMO: '0',
          LOG_LEVEL: 'info',
          TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1',
        };
        const { banner, code } = await serveOnce(args, env);
        expect(code, banner).toBe(0);
        const by = args.length ? /"cluster":"primary"/ : /"level":/;
        for (const said of [
          /"msg":"applied \d+ database migration\(s\)"/,
          /generated a new master key \(mode 0600\)/,
          /TRADEPOST_WEBHOOK_ALLOW_PRIVATE=1: webhooks may be sent to loopback, private and link-local addresses/,
        ]) {
          expect(count(banner, said), `${args.join(' ')} ${said}`).toBe(1);
          expect(banner.split('\n').find((l) => said.test(l))).toMatch(by);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 60_000);

  it('a SIGTERM while it is still starting is a clean stop, not a kill: a lone server once it listens, a --workers primary before it forks or while its workers load', async () => {
    const cases = [
      // The migrations' line comes before the demo catalog is loaded and long before it listens.
      { args: [], when: 'migrated', said: /"msg":"stopped"/ },
      // A primary signalled after the demo was in (a slow signal) stops its workers instead.
      {
        args: ['--workers', '2'],
        when: 'migrated',
        said: /SIGTERM while starting: stopped before forking workers|"msg":"stopped"/,
      },
      // Its workers are still loading the server, their own handlers not yet in place.
      { args: ['--workers', '2'], when: 'forked', said: /SIGTERM: draining 2 workers/ },
    ] as const;
    for (const { args, when, said } of cases) {
      const dir = mkdtempSync(join(tmpdir(), 'tradepost-cli-early-'));
      try {
        const child = spawn(process.execPath, [BIN, 'serve', '--demo', ...args], {
          env: childEnv(target, { PORT: '0', HOST: '127.0.0.1', TRADEPOST_DATA_DIR: dir, LOG_LEVEL: 'info' }),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        // 'close': every line written before the exit has been read.
        const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
          child.on('close', (code, signal) => resolve([code, signal])),
        );
        let seen = '';
        child.stdout.on('data', (chunk: Buffer) => (seen += chunk.toString()));
        const children = `/proc/${child.pid}/task/${child.pid}/children`;
        await vi.waitUntil(
          () =>
            when === 'migrated'
              ? /database migration\(s\)/.test(seen)
              : readFileSync(children, 'utf8').trim() !== '',
          { timeout: 30_000, interval: 2 },
        );
        child.kill('SIGTERM');
        expect(await closed, seen).toEqual([0, null]);
        expect(seen).toMatch(said);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 90_000);

  it('starts the server (what npm start runs) and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: childEnv(target, { PORT: '0', HOST: '127.0.0.1', TRADEPOST_DEMO: '0' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let seen = '';
        child.stdout.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          const m = /listening on (http:\/\/\S+)/.exec(seen);
          if (m) resolve(m[1] as string);
        });
        void exited.then((code) => reject(new Error(`serve exited early (${code}): ${seen}`)));
      });
      const res = await fetch(`${url}/api/v1/products`);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 1004 });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});

describe('progress bar', () => {
  it('is shown only on a TTY, without --json, for large files', () => {
    expect(shouldShowProgress({ isTTY: true, json: false, rows: PROGRESS_MIN_ROWS })).toBe(true);
    expect(shouldShowProgress({ isTTY: false, json: false, rows: 50_000 })).toBe(false);
    expect(shouldShowProgress({ isTTY: undefined, json: false, rows: 50_000 })).toBe(false);
    expect(shouldShowProgress({ isTTY: true, json: true, rows: 50_000 })).toBe(false);
    expect(shouldShowProgress({ isTTY: true, json: false, rows: PROGRESS_MIN_ROWS - 1 })).toBe(false);
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('draws on a pseudo-terminal, and not with --json there', () => {
    const header =
      'goods_id,title,description,category,images,currency,status,sku_id,spec,price,stock,sku_status';
    const rows = Array.from(
      { length: PROGRESS_MIN_ROWS },
      (_, i) => `tty-${i},Thing ${i},,Office,,USD,,tty-${i}-1,Pack: 1,1.00,1,`,
    );
    const file = join(dataDir, 'tty.csv');
    writeFileSync(file, [header, ...rows].join('\n'));
    const underTty = (extra: string) =>
      spawnSync(
        'script',
        ['-qec', `"${process.execPath}" "${BIN}" catalog import "${file}" ${extra}`, '/dev/null'],
        {
          env: childEnv(target),
          encoding: 'utf8',
          timeout: 45_000,
        },
      ).stdout;
    const human = underTty('');
    expect(human).toMatch(/(Validating|Saving) \[/);
    expect(human).toContain(`${PROGRESS_MIN_ROWS}/${PROGRESS_MIN_ROWS} rows`);
    const json = underTty('--json');
    expect(json).not.toMatch(/(Validating|Saving) \[/);
    expect(json).toContain('"updated":1000');
  });
});
