#!/usr/bin/env node
// The operator CLI (`npx tradepost`, `npm start`). The server is TypeScript run through tsx, so
// the loader is registered before the first .ts import.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
