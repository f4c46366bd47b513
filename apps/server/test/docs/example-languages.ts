/**
 * The example clients of docs/examples/ (one per language and door), with the toolchain each needs
 * and whether it is installed here. Shared by the runners (bend-examples.test.ts,
 * action-token-examples.test.ts) and the guide checks (bend-guide.test.ts, which embeds every
 * B-End example file).
 */
import { execFile, execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const examplesDir = join(repoRoot, 'docs/examples/bend');

/** True when `cmd args` runs and exits 0 (a toolchain probe). */
function runs(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

export interface Language {
  name: string;
  dir: string;
  file: string;
  cmd: string;
  args: string[];
  available: boolean;
  missing: string;
  timeout: number;
}

type Dir = 'node' | 'python' | 'java' | 'go' | 'php';
type Toolchain = Omit<Language, 'dir' | 'file' | 'args'> & { args: (file: string) => string[] };

const PYTHON = process.env.TRADEPOST_TEST_PYTHON ?? '/usr/bin/python3';

/** How each language runs one file, and whether it can here. Python here: the standard library only. */
const TOOLCHAINS: Record<Dir, Toolchain> = {
  node: {
    name: 'Node.js',
    cmd: process.execPath,
    args: (file) => [file],
    available: true,
    missing: '',
    timeout: 30_000,
  },
  python: {
    name: 'Python',
    cmd: PYTHON,
    args: (file) => [file],
    available: runs(PYTHON, ['--version']),
    missing: `${PYTHON} (set TRADEPOST_TEST_PYTHON to use another)`,
    timeout: 30_000,
  },
  java: {
    name: 'Java',
    cmd: 'java',
    args: (file) => [file],
    // Single-file source launch needs a JDK (the compiler), not just a JRE.
    available: runs('java', ['-version']) && runs('javac', ['-version']),
    missing: 'a JDK 17+ (java and javac on PATH, e.g. apt-get install -y openjdk-17-jdk-headless)',
    timeout: 60_000,
  },
  go: {
    name: 'Go',
    cmd: 'go',
    args: (file) => ['run', file],
    available: runs('go', ['version']),
    missing: 'the Go toolchain (go on PATH, e.g. apt-get install -y golang-go)',
    timeout: 120_000, // a cold build cache compiles net/http first
  },
  php: {
    name: 'PHP',
    cmd: 'php',
    args: (file) => [file],
    available: runs('php', ['-r', 'exit(function_exists("openssl_encrypt") ? 0 : 1);']),
    missing: 'PHP with ext-openssl (php on PATH, e.g. apt-get install -y php-cli)',
    timeout: 30_000,
  },
};

function language(dir: Dir, file: string, needs?: Pick<Language, 'available' | 'missing'>): Language {
  const { args, ...toolchain } = TOOLCHAINS[dir];
  return { ...toolchain, ...needs, dir, file, args: args(file) };
}

/** The B-End clients, docs/examples/bend/<dir>/<file>. */
export const languages: Language[] = [
  language('node', 'bend-example.mjs'),
  language('python', 'bend_example.py', {
    available: runs(PYTHON, ['-c', 'import cryptography.hazmat.primitives.ciphers.aead']),
    missing: `${PYTHON} with the "cryptography" package (set TRADEPOST_TEST_PYTHON to use another)`,
  }),
  language('java', 'BendExample.java'),
  language('go', 'main.go'),
  language('php', 'example.php'),
];

/** The Action API clients, docs/examples/action/<dir>/<file>: standard library only. */
export const actionClients: Language[] = [
  language('node', 'action-example.mjs'),
  language('python', 'action_example.py'),
  language('java', 'ActionExample.java'),
  language('go', 'main.go'),
  language('php', 'example.php'),
];

/** The API token (WallTech) clients, docs/examples/tokens/<dir>/<file>: standard library only. */
export const tokenClients: Language[] = [
  language('node', 'token-example.mjs'),
  language('python', 'token_example.py'),
  language('java', 'TokenExample.java'),
  language('go', 'main.go'),
  language('php', 'example.php'),
];

/** What every example client says of a TRADEPOST_BASE_URL that is not the B-End API's base URL. */
export const WRONG_BASE =
  'TRADEPOST_BASE_URL must be the B-End API base URL, ending in /api/v1 (e.g. http://127.0.0.1:8080/api/v1)';

/** A run's stderr without what `go run` adds after the program's own message. */
export const ownStderr = (result: RunResult) => result.stderr.replace(/^exit status 1$/m, '').trim();

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one example file in its folder `cwd`, with `env` over this process's (no Go module downloads). */
export function runExample(lang: Language, cwd: string, env: Record<string, string>): Promise<RunResult> {
  return new Promise((done) => {
    execFile(
      lang.cmd,
      lang.args,
      {
        cwd,
        env: { ...process.env, GOPROXY: 'off', GOFLAGS: '', ...env },
        timeout: lang.timeout,
        maxBuffer: 4 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        done({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** The one JSON summary line a successful run printed (and nothing else); a failed run throws its output. */
export function summaryOf<T>(lang: Language, result: RunResult): T {
  if (result.code !== 0)
    throw new Error(`${lang.name} example exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as T;
}
