import { defaultClientConditions, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import optimizeLocales from '@react-aria/optimize-locales-plugin';

// `npm run dev -w @tradepost/web` proxies the APIs to a server started with `npm start` (port 3000).
const api = process.env.TRADEPOST_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [
    react(),
    // React Aria ships its own strings for ~35 locales; keep the two the app speaks.
    { ...optimizeLocales.vite({ locales: ['en-US', 'zh-CN'] }), enforce: 'pre' },
  ],
  // Our workspace packages' TypeScript sources (tsconfig.base.json "customConditions").
  resolve: { conditions: ['@tradepost/source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Read by the bundle-size measurement (test/bundle-size.ts): which chunks each route loads first.
    manifest: true,
    // Inline assets would become data: URLs, which a strict CSP (img-src 'self') refuses.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/portal/api': api, '/admin/api': api },
    // The API documentation page imports docs/examples/** as raw text (one source with the tests).
    fs: { allow: ['../..'] },
  },
});
