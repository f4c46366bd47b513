/**
 * Opens the same database the server uses (data dir or DATABASE_URL, from the environment) for
 * one command, and always closes it. Loaded lazily so `--help` and argument errors never open
 * a database or create a data dir.
 */
import type { Config } from '../config.ts';
import type { Context } from '../context.ts';
import { CliError } from './errors.ts';
import type { Io } from './io.ts';

export async function withContext<T>(io: Io, fn: (ctx: Context) => Promise<T>): Promise<T> {
  const { loadConfig } = await import('../config.ts');
  const { createContext } = await import('../context.ts');
  const config = loadConfig(io.env);
  if (config.masterKeySource === 'generated' && !config.databaseUrl) {
    // A relative TRADEPOST_DATA_DIR (./data by default) run from another directory makes a second,
    // empty database that no server reads: say so, rather than answer from it silently.
    io.stderr.write(
      `note: no data was here: created a new data dir ${config.dataDir} with a new master key. ` +
        'The server reads the data dir of the directory it runs in: run the CLI there, or set TRADEPOST_DATA_DIR.\n',
    );
  }
  await refusePartlyMigrated(config);
  const ctx = await createContext(config, { redis: false, syncOffLoop: false });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

/**
 * A database some migrations have run on and others not is an older release's, and maybe still
 * served by it: a command that upgraded it would change the schema under that server. Only
 * `migrate` (or starting the new server) upgrades; a command here refuses, naming what is pending.
 * A database with none run yet is new and gets its schema.
 */
async function refusePartlyMigrated(config: Config): Promise<void> {
  const { openDatabase } = await import('../db/dialect.ts');
  const { listMigrations } = await import('../db/migrate.ts');
  const opened = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    migrate: false,
  });
  try {
    const all = await listMigrations(opened.db, { dialect: opened.dialect, schema: opened.schema });
    const pending = all.filter((m) => m.executedAt === null).map((m) => m.name);
    if (pending.length > 0 && pending.length < all.length)
      throw new CliError(
        'conflict',
        `the database is an older release's: ${pending.length} migration(s) pending (${pending.join(', ')}). ` +
          'Upgrade it with `tradepost migrate` (docs/operations.md "Upgrades"); this command does not.',
      );
  } finally {
    await opened.close();
  }
}

export async function merchantByEmail(ctx: Context, email: string) {
  const merchant = await ctx.services.merchants.findByEmail(email);
  if (!merchant) throw new CliError('not_found', `no merchant with email ${email}`);
  return merchant;
}
