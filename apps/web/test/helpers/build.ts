/**
 * The e2e suites test the built app the server really serves (apps/web/dist). It is built once:
 * when dist is missing or older than any source it comes from. Test files run in parallel
 * processes, so the build is guarded by a lock directory (mkdir is atomic).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = join(dirname(fileURLToPath(import.meta.url)), '../..');
const ROOT = join(WEB, '../..');
const DIST_INDEX = join(WEB, 'dist/index.html');
const LOCK = join(WEB, '.build-lock');

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === 'dist') continue;
    max = Math.max(max, newest(join(path, name)));
  }
  return max;
}

function isStale(): boolean {
  if (!existsSync(DIST_INDEX)) return true;
  const built = statSync(DIST_INDEX).mtimeMs;
  const sources = [
    join(WEB, 'src'),
    join(WEB, 'index.html'),
    join(WEB, 'public'),
    join(WEB, 'vite.config.ts'),
    join(ROOT, 'packages/web-contract/src'),
    join(ROOT, 'docs/api'), // the API docs page renders these guides
    join(ROOT, 'docs/examples/bend'),
  ];
  return sources.some((s) => newest(s) > built);
}

export async function ensureWebBuilt(): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (!isStale()) return;
    try {
      mkdirSync(LOCK);
    } catch {
      // Another test process is building: wait for it.
      if (Date.now() > deadline)
        throw new Error(`web build lock ${LOCK} held for 3 minutes; remove it if stale`);
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (isStale())
        execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: WEB, stdio: 'inherit' });
      return;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
