import { defaultClientConditions, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import optimizeLocales from '@react-aria/optimize-locales-plugin';
import { compression } from 'vite-plugin-compression2';

// `npm run dev -w @tradepost/web` proxies the APIs to a server started with `npm start` (port 3000).
const api = process.env.TRADEPOST_URL ?? 'http://127.0.0.1:3000';

/**
 * The libraries of the first load (the shell every page needs: React, the router, React Aria,
 * zod for the API contract, i18next, React Query), one chunk per library instead of one 728 kB
 * chunk with the app's own code: each is cached (immutable) until that library changes, not
 * until the app does. `$initial` only: a library that only lazy pages use stays in their chunks.
 */
const SHELL_LIBRARIES: Array<[string, RegExp]> = [
  ['react', /\/node_modules\/(react|react-dom|scheduler)\//],
  ['router', /\/node_modules\/react-router\//],
  [
    'aria',
    /\/node_modules\/(react-aria|react-aria-components|react-stately|@react-aria|@react-stately|@react-types|@internationalized|@swc|clsx|client-only)\//,
  ],
  ['zod', /\/node_modules\/zod\//],
  ['i18n', /\/node_modules\/(i18next|react-i18next)\//],
  ['query', /\/node_modules\/@tanstack\//],
];

export default defineConfig({
  plugins: [
    react(),
    // React Aria ships its own strings for ~35 locales; keep the two the app speaks.
    { ...optimizeLocales.vite({ locales: ['en-US', 'zh-CN'] }), enforce: 'pre' },
    // Each text file also as .br and .gz beside it, compressed once at build time at the highest
    // levels; the server sends the one the browser accepts (@fastify/static preCompressed).
    compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024 }),
  ],
  // Our workspace packages' TypeScript sources (tsconfig.base.json "customConditions").
  resolve: { conditions: ['@tradepost/source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Read by bench/portal.ts (first-load bytes per route): which chunks each route loads first.
    manifest: true,
    // Inline assets would become data: URLs, which a strict CSP (img-src 'self') refuses.
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              // rolldown asks a group named by a function for a label of its own (its timing report).
              debugName: 'shell-libraries',
              name: (id: string) => SHELL_LIBRARIES.find(([, test]) => test.test(id))?.[0] ?? null,
              tags: ['$initial'],
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/portal/api': api, '/admin/api': api },
    // The API documentation page imports docs/examples/** as raw text (one source with the tests).
    fs: { allow: ['../..'] },
  },
});
