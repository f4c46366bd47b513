import { defaultServerConditions } from 'vite';
import { configDefaults, defineConfig } from 'vitest/config';

const INCLUDE = ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'];
// Test files run three at a time on the 2-core CI machine. Vitest's default, cpus - 1, ran them
// one by one: 1,150 s, 23–24 min for .ci/run. One file mostly runs one process at a time and waits
// on the others (a browser e2e file is ~0.65 core: console-flows 47 s of CPU in 73 s), so two
// workers left the cores idle part of the time: on a quiet machine (2026-12-04) the whole run took
// 942 s with two workers and 851 s with three (the machine busy 82% of the run). Every file
// already isolates its state (a random PostgreSQL schema and Redis prefix, temp data dirs, port 0,
// a lock around the shared server and web builds), so no file needed a change to run beside
// another: a CI=true run with two workers passed 126/126 under load average 13–16 from other
// sessions' benchmarks. The files below assert on time or resources of the whole machine (p50
// ratios, event-loop lag, RSS and answer deadlines under a flood): they run alone, one worker,
// after the parallel group (~100 s). No retries: a test that fails once has failed.
const ALONE = [
  'apps/server/test/security/action-timing.test.ts',
  'apps/server/test/security/password.test.ts',
  'apps/server/test/reliability/floods.test.ts',
];

export default defineConfig({
  // Our workspace packages' TypeScript sources, not their built dist/ (tsconfig.base.json
  // "customConditions"); child processes that load them through tsx get the same condition.
  resolve: { conditions: ['@tradepost/source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['@tradepost/source', ...defaultServerConditions] } },
  test: {
    // Integration tests start real servers and real databases; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A browser poll waits for a query and a render: Vitest's 1 s default gave up under load (a
    // portal filter at machine load 20), where the same page answered in 2-3 s.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    // Password hashing at scrypt N=2^14 instead of the production 2^17 (shared/password.ts): the
    // suite creates hundreds of merchants. test/security/password.test.ts checks the real cost.
    env: { TRADEPOST_SCRYPT_COST: '14', NODE_OPTIONS: '--conditions=@tradepost/source' },
    projects: [
      {
        extends: true,
        test: {
          name: 'parallel',
          include: INCLUDE,
          exclude: [...configDefaults.exclude, ...ALONE],
          maxWorkers: 3,
          // Each worker keeps its module cache from file to file instead of a fresh fork per file:
          // the server's sources were imported 143 times (1-2 s each, 4-15 s gaps between files
          // under load); with isolate off a CI=true run took 726 s instead of 1,173 s. Files already
          // share nothing through modules (their own servers, schemas, data dirs and services).
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'alone', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
