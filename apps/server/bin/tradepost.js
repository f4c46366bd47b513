#!/usr/bin/env node
// The operator CLI (`npx tradepost`): the built bundle dist/tradepost.mjs, plain JavaScript. In a
// checkout the bundle is first (re)built when it is missing or older than a source it was built
// from, so the CLI never runs stale code; a deployment without sources runs it as it is.
import { ensureBundle } from '../scripts/bundle.mjs';

try {
  await ensureBundle({ log: (message) => process.stderr.write(`tradepost: ${message}\n`) });
} catch (e) {
  // No esbuild (an install without it): a bundle that exists still runs, one that does not cannot.
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
  const { staleReason } = await import('../scripts/bundle.mjs');
  if (staleReason() === 'missing') {
    process.stderr.write(
      'tradepost: dist/tradepost.mjs is not built and esbuild is not installed: run `npm run build`\n',
    );
    process.exit(1);
  }
  process.stderr.write(
    `tradepost: warning: the bundle is older than its sources and esbuild is not installed to rebuild it\n`,
  );
}
await import('../dist/tradepost.mjs');
