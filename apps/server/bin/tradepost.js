#!/usr/bin/env node
// The operator CLI (`npx tradepost`). It runs the TypeScript source through tsx, so the loader is
// registered before the first .ts import. (`npm start` runs the esbuild bundle in dist/ instead.)
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
