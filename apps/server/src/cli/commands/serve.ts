import type { Command } from 'commander';
import type { CommandEnv } from '../program.ts';

export function registerServeCommand(program: Command, env: CommandEnv): void {
  program
    .command('serve')
    .description('start the server (what `npm start` runs); configured by environment variables')
    .addHelpText(
      'after',
      '\nEnvironment: PORT, HOST, TRADEPOST_DATA_DIR, DATABASE_URL, TRADEPOST_MASTER_KEY, TRADEPOST_DEMO, LOG_LEVEL.',
    )
    .action(async () => {
      const { loadConfig } = await import('../../config.ts');
      const { startServer } = await import('../../server.ts');
      // The server owns its lifetime from here: it closes in order on SIGINT/SIGTERM.
      await startServer(loadConfig(env.io.env), { handleSignals: true });
    });
}
