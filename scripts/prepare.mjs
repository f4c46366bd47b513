// `npm install` / `npm ci` (the "prepare" script): builds the publishable packages
// (packages/protocol, packages/sdk) to dist/, so plain `node` in this checkout imports
// @tradepost/sdk as a user's project would. A production install (`--omit=dev`) has no
// TypeScript and needs no dist/ (the server bundle compiles them in from source): skipped there.
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';

try {
  createRequire(import.meta.url).resolve('typescript');
} catch {
  process.exit(0);
}
execSync('npm run build --silent -w @tradepost/protocol -w @tradepost/sdk', { stdio: 'inherit' });
