import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Our workspace packages' TypeScript sources, not their built dist/ (tsconfig.base.json
  // "customConditions"); child processes that load them through tsx get the same condition.
  resolve: { conditions: ['@tradepost/source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['@tradepost/source', ...defaultServerConditions] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    // Integration tests start real servers and real databases; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Password hashing at scrypt N=2^14 instead of the production 2^17 (shared/password.ts): the
    // suite creates hundreds of merchants. test/security/password.test.ts checks the real cost.
    env: { TRADEPOST_SCRYPT_COST: '14', NODE_OPTIONS: '--conditions=@tradepost/source' },
  },
});
