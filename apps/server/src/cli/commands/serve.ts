import type { Command } from 'commander';
import type { CommandEnv } from '../program.ts';

export function registerServeCommand(serve: Command, env: CommandEnv): void {
  serve
    .addHelpText(
      'after',
      '\nEnvironment: PORT, HOST, TRADEPOST_DATA_DIR, DATABASE_URL, TRADEPOST_MASTER_KEY, TRADEPOST_DEMO, LOG_LEVEL.',
    )
    .option('--demo', 'load the demo data into an empty database (TRADEPOST_DEMO=auto), as `npm start` does')
    .action(async (opts: { demo?: boolean }) => {
      const { loadConfig } = await import('../../config.ts');
      const { startServer } = await import('../../server.ts');
      // An explicit TRADEPOST_DEMO (e.g. 0) still wins over the flag.
      const demoEnv = opts.demo && !env.io.env.TRADEPOST_DEMO ? { TRADEPOST_DEMO: 'auto' } : {};
      // The server owns its lifetime from here: it closes in order on SIGINT/SIGTERM.
      await startServer(loadConfig({ ...env.io.env, ...demoEnv }), { handleSignals: true });
    });
}
