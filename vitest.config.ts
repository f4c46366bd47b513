import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    // Integration tests start real servers and real databases; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Password hashing at scrypt N=2^14 instead of the production 2^17 (shared/password.ts): the
    // suite creates hundreds of merchants. test/security/password.test.ts checks the real cost.
    env: { TRADEPOST_SCRYPT_COST: '14' },
  },
});
