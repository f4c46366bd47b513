import type { Command } from 'commander';
import { CliError } from '../errors.ts';
import type { CommandEnv } from '../program.ts';

/**
 * `serve`'s exit codes, word for word those of docs/operations.md ("Exit codes of `serve`"), the
 * one list (the codes come from server.ts, ops/cluster.ts and a refused --workers' CliError);
 * test/cli/cli-usage.test.ts holds the two together.
 */
const SERVE_EXIT_CODES = `Exit codes: 0 stopped by a signal and drained; 1 drained too late, or could not start
(invalid_config: a bad variable or a master key that does not open the data; a database or Redis
it cannot reach, a failing migration, a port in use; conflict: another serve on the same SQLite data
dir; with --workers N, a worker that fails to start); 2 a refused command line (--workers 0),
nothing started.`;

export function registerServeCommand(serve: Command, env: CommandEnv): void {
  serve
    .addHelpText(
      'after',
      `\nEnvironment: PORT, HOST, TRADEPOST_DATA_DIR, DATABASE_URL, REDIS_URL, TRADEPOST_MASTER_KEY, TRADEPOST_DEMO, LOG_LEVEL;\nevery setting: README.md, "Configuration".\n\n${SERVE_EXIT_CODES}`,
    )
    .option('--demo', 'load the demo data into an empty database (TRADEPOST_DEMO=auto), as `npm start` does')
    .option(
      '--workers <n>',
      'run N server processes sharing the port and the database (node:cluster; docs/scaling.md)',
      (v: string) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 64)
          throw new CliError('invalid_argument', `--workers: expected a whole number from 1 to 64, got ${v}`);
        return n;
      },
    )
    .action(async (opts: { demo?: boolean; workers?: number }) => {
      const { loadConfig } = await import('../../config.ts');
      const { startServer } = await import('../../server.ts');
      const cluster = (await import('node:cluster')).default;
      // An explicit TRADEPOST_DEMO (e.g. 0) still wins over the flag.
      const demoEnv = opts.demo && !env.io.env.TRADEPOST_DEMO ? { TRADEPOST_DEMO: 'auto' } : {};
      const config = loadConfig({ ...env.io.env, ...demoEnv });
      const workers = opts.workers ?? 1;
      if (cluster.isPrimary && config.databaseUrl === undefined) {
        const { holdServeLock } = await import('../../db/sqlite-serve-lock.ts');
        if (!holdServeLock(config.dataDir))
          throw new CliError(
            'conflict',
            `another tradepost serve is serving the data dir ${config.dataDir}: stop it first, or run more ` +
              'processes with serve --workers N (two separate servers on one SQLite file would answer ' +
              "from each other's commits before they are on disk)",
          );
      }
      if (workers > 1 && cluster.isPrimary) {
        const { runPrimary } = await import('../../ops/cluster.ts');
        const { createContext } = await import('../../context.ts');
        const { assertNoPublishedDemoLogin, ensureDemoData } = await import('../../demo.ts');
        const { hasNoOperator, logStartup, printBanner } = await import('../../server.ts');
        await runPrimary({
          config,
          workers,
          // Once, before any worker starts: migrations (in createContext) and demo data.
          async prepare(log) {
            const ctx = await createContext(config, { redis: false });
            try {
              logStartup(log, ctx, config);
              const demo = await ensureDemoData(ctx);
              await assertNoPublishedDemoLogin(ctx);
              const noOperator = await hasNoOperator(ctx);
              return (url) => printBanner(url, config, demo, noOperator);
            } finally {
              await ctx.close();
            }
          },
        });
        return;
      }
      // The server owns its lifetime from here: it closes in order on SIGINT/SIGTERM.
      await startServer(config, { handleSignals: true, quiet: cluster.isWorker });
    });
}
