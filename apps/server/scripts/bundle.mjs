// The server and CLI as built JavaScript: esbuild bundles our TypeScript (including the workspace
// packages) into dist/tradepost.mjs plus lazily loaded chunks, so nothing runs through a
// TypeScript loader (~40 MB less resident memory, and `tradepost --help` loads commander alone).
// Third-party packages stay external, loaded from node_modules, except the pure-ESM ones in BUNDLED.
//
// One module for every caller: `npm run build` (scripts/build.mjs), bin/tradepost.js (which
// rebuilds a missing or stale bundle before running it) and the tests (built once per run). Plain
// JavaScript, because it runs before anything could load TypeScript.
import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(SERVER, 'dist');
export const BUNDLE = join(DIST, 'tradepost.mjs');
/** The source files the bundle was built from (paths relative to apps/server), from esbuild's metafile. */
const INPUTS = join(DIST, 'inputs.json');
/**
 * Third-party packages compiled into the bundle rather than loaded from node_modules: pure ESM
 * spread over many small files (kysely 262 modules, zod 95), which Node resolves and compiles one
 * by one on every CLI call. Bundled (and qrcode loaded when drawn), `merchant create` took 0.36 s
 * instead of 0.54 (median of 20 on SQLite; `node -e 0` is 0.06 s). Packages with
 * native code, worker files or optional peers stay external.
 */
export const BUNDLED = /^(zod|kysely|otplib|@otplib\/[^/]+|@noble\/[^/]+|@scure\/[^/]+)(\/|$)/;
/** Stands for the bundled packages in the staleness check: an install that changes them rewrites it. */
const LOCKFILE = '../../package-lock.json';
/** esbuild's whole metafile (inputs, outputs and the imports between them), for tests and analysis. */
export const METAFILE = join(DIST, 'meta.json');
/** Held (mkdir is atomic) while one process builds; the others wait for its bundle. */
const LOCK = join(SERVER, '.build-lock');
/** A lock older than this was left by a build that died (a build takes seconds). */
const LOCK_STALE_MS = 120_000;

/**
 * Why the bundle must be (re)built — `missing`, or the first source newer than it — or null when
 * it is current. An input that no longer exists is skipped: a deployment may ship dist without
 * src, and a source deleted in a checkout shows up as the change to the file that imported it.
 */
export function staleReason() {
  let built;
  try {
    built = statSync(BUNDLE).mtimeMs;
  } catch {
    return 'missing';
  }
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(INPUTS, 'utf8'));
  } catch {
    return 'no input list';
  }
  for (const input of inputs) {
    let changed;
    try {
      changed = statSync(join(SERVER, input)).mtimeMs;
    } catch {
      continue;
    }
    if (changed > built) return `${input} changed`;
  }
  return null;
}

/**
 * Builds the bundle. Every file is written beside its place and renamed into it, chunks first and
 * the entry last, so a process starting meanwhile loads either the old bundle or the new one.
 * Chunks carry a content hash, so a running process keeps finding its own; `prune` (the explicit
 * `npm run build`) then removes those no longer referenced.
 */
export async function build({ prune = false } = {}) {
  const esbuild = await import('esbuild');
  // The bundle's time is set to when the sources were read: an edit made during the build still
  // makes it stale.
  const started = new Date();
  const { version } = JSON.parse(readFileSync(join(SERVER, 'package.json'), 'utf8'));
  const result = await esbuild.build({
    absWorkingDir: SERVER,
    // The webhook sender's thread (modules/webhooks/webhooks.sender.ts) is an entry of its own,
    // loaded by URL beside the bundle.
    entryPoints: {
      tradepost: 'src/cli/main.ts',
      'webhook-sender': 'src/modules/webhooks/webhooks.sender-thread.ts',
    },
    outdir: DIST,
    entryNames: '[name]',
    // Chunks sit beside the entry: code that finds files relative to its module (the checkpointer
    // worker, the web app's dist) sees the same layout from every chunk.
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    // Our workspace packages are bundled from their TypeScript sources (tsconfig.base.json).
    conditions: ['@tradepost/source'],
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    metafile: true,
    write: false,
    logLevel: 'warning',
    define: { __TRADEPOST_VERSION__: JSON.stringify(version) },
    plugins: [
      {
        name: 'external-node-modules',
        setup(b) {
          // Bare imports are external except our own workspace packages, which ship TypeScript, and BUNDLED.
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@tradepost/') || BUNDLED.test(args.path)
              ? undefined
              : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  mkdirSync(DIST, { recursive: true });
  const entryFirst = (f) => (f.path === BUNDLE ? 1 : f.path === `${BUNDLE}.map` ? 0.5 : 0);
  for (const file of [...result.outputFiles].sort((a, b) => entryFirst(a) - entryFirst(b))) {
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
  }
  writeFileSync(METAFILE, JSON.stringify(result.metafile));
  const sources = Object.keys(result.metafile.inputs).filter((i) => !i.includes('node_modules/'));
  writeFileSync(INPUTS, `${JSON.stringify([...sources, LOCKFILE])}\n`);
  // Loaded by URL at run time (a worker thread), so it travels beside the bundle.
  copyFileSync(join(SERVER, 'src/db/sqlite-checkpointer.mjs'), join(DIST, 'sqlite-checkpointer.mjs'));
  utimesSync(BUNDLE, started, started);
  if (prune) {
    const current = new Set(result.outputFiles.map((f) => basename(f.path)));
    for (const name of readdirSync(DIST))
      if (/\.mjs(\.map)?$/.test(name) && !current.has(name) && name !== 'sqlite-checkpointer.mjs')
        rmSync(join(DIST, name), { force: true });
  }
}

/**
 * Builds the bundle if it is missing or stale, once across processes started together (the
 * others wait for the first's build). Returns whether this call built it. `log` hears why.
 */
export async function ensureBundle({ log = () => {}, timeoutMs = 180_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!staleReason()) return false;
    try {
      mkdirSync(LOCK);
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      if (lockAge() > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`bundle build lock ${LOCK} held too long`);
      else await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      const reason = staleReason();
      if (!reason) return false;
      log(`building ${BUNDLE} (${reason})`);
      await build();
      return true;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

function lockAge() {
  try {
    return Date.now() - statSync(LOCK).mtimeMs;
  } catch {
    return 0;
  }
}
