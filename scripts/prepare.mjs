// `npm install` / `npm ci` (the "prepare" script): builds the publishable packages
// (packages/protocol, packages/sdk) to dist/, so plain `node` in this checkout imports
// @tradepost/sdk as a user's project would, and the server can hand them out as npm tarballs
// (/sdk/*.tgz). A production install (`--omit=dev`) builds them too: TypeScript and @types/node
// are the root's dependencies for that, as esbuild and vite are the server's and the web app's.
// Skipped only where TypeScript is missing all the same (a partial install): /sdk/ then answers 404.
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';

try {
  createRequire(import.meta.url).resolve('typescript');
} catch {
  process.exit(0);
}
execSync('npm run build --silent -w @tradepost/protocol -w @tradepost/sdk', { stdio: 'inherit' });
