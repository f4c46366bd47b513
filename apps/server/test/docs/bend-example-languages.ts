/**
 * The B-End example clients of docs/examples/bend/ (one per language), with the toolchain each
 * needs and whether it is installed here. Shared by the runners (bend-examples.test.ts) and the
 * guide checks (bend-guide.test.ts, which embeds every example file).
 */
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

const PYTHON = process.env.TRADEPOST_TEST_PYTHON ?? '/usr/bin/python3';
export const languages: Language[] = [
  {
    name: 'Node.js',
    dir: 'node',
    file: 'bend-example.mjs',
    cmd: process.execPath,
    args: ['bend-example.mjs'],
    available: true,
    missing: '',
    timeout: 30_000,
  },
  {
    name: 'Python',
    dir: 'python',
    file: 'bend_example.py',
    cmd: PYTHON,
    args: ['bend_example.py'],
    available: runs(PYTHON, ['-c', 'import cryptography.hazmat.primitives.ciphers.aead']),
    missing: `${PYTHON} with the "cryptography" package (set TRADEPOST_TEST_PYTHON to use another)`,
    timeout: 30_000,
  },
  {
    name: 'Java',
    dir: 'java',
    file: 'BendExample.java',
    cmd: 'java',
    args: ['BendExample.java'],
    // Single-file source launch needs a JDK (the compiler), not just a JRE.
    available: runs('java', ['-version']) && runs('javac', ['-version']),
    missing: 'a JDK 17+ (java and javac on PATH, e.g. apt-get install -y openjdk-17-jdk-headless)',
    timeout: 60_000,
  },
  {
    name: 'Go',
    dir: 'go',
    file: 'main.go',
    cmd: 'go',
    args: ['run', 'main.go'],
    available: runs('go', ['version']),
    missing: 'the Go toolchain (go on PATH, e.g. apt-get install -y golang-go)',
    timeout: 120_000, // a cold build cache compiles net/http first
  },
  {
    name: 'PHP',
    dir: 'php',
    file: 'example.php',
    cmd: 'php',
    args: ['example.php'],
    available: runs('php', ['-r', 'exit(function_exists("openssl_encrypt") ? 0 : 1);']),
    missing: 'PHP with ext-openssl (php on PATH, e.g. apt-get install -y php-cli)',
    timeout: 30_000,
  },
];
