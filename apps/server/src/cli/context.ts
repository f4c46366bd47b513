/**
 * Opens the same database the server uses (data dir or DATABASE_URL, from the environment) for
 * one command, and always closes it. Loaded lazily so `--help` and argument errors never open
 * a database or create a data dir.
 */
import type { Context } from '../context.ts';
import { CliError } from './errors.ts';
import type { Io } from './io.ts';

export async function withContext<T>(io: Io, fn: (ctx: Context) => Promise<T>): Promise<T> {
  const { loadConfig } = await import('../config.ts');
  const { createContext } = await import('../context.ts');
  const { PartlyMigratedError } = await import('../db/migrate.ts');
  const config = loadConfig(io.env);
  if (config.masterKeySource === 'generated' && !config.databaseUrl) {
    // A relative TRADEPOST_DATA_DIR (./data by default) run from another directory makes a second,
    // empty database that no server reads: say so, rather than answer from it silently.
    io.stderr.write(
      `note: no data was here: created a new data dir ${config.dataDir} with a new master key. ` +
        'The server reads the data dir of the directory it runs in: run the CLI there, or set TRADEPOST_DATA_DIR.\n',
    );
  }
  const ctx = await createContext(config, {
    redis: false,
    syncOffLoop: false,
    migrate: 'new-only',
    checkpointWorker: false,
  }).catch((e: unknown) => {
    // An older release's database, maybe still served by it: a command that upgraded it would
    // change the schema under that server. Only `migrate` (or starting the new server) upgrades.
    if (e instanceof PartlyMigratedError)
      throw new CliError(
        'conflict',
        `${e.message}. Upgrade it with \`tradepost migrate\` (docs/operations.md "Upgrades"); this command does not.`,
      );
    throw e;
  });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

export async function merchantByEmail(ctx: Context, email: string) {
  const merchant = await ctx.services.merchants.findByEmail(email);
  if (!merchant) throw new CliError('not_found', `no merchant with email ${email}`);
  return merchant;
}
