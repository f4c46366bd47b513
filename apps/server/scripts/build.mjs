// Bundles the server and CLI (our TypeScript, including the workspace packages) into one ES module,
// so `npm start` runs plain JavaScript: no TypeScript loader thread at run time, ~40 MB less
// resident memory and a faster start. Third-party packages stay external, loaded from node_modules.
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const here = new URL('..', import.meta.url).pathname;
mkdirSync(`${here}dist`, { recursive: true });
await build({
  entryPoints: [`${here}src/cli/main.ts`],
  outfile: `${here}dist/tradepost.mjs`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-node-modules',
      setup(b) {
        // Bare imports are external except our own workspace packages, which ship TypeScript.
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@tradepost/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
// Loaded by URL at run time (a worker thread), so it travels beside the bundle.
copyFileSync(`${here}src/db/sqlite-checkpointer.mjs`, `${here}dist/sqlite-checkpointer.mjs`);
