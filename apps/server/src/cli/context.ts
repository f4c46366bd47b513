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
  const ctx = await createContext(loadConfig(io.env), { redis: false, syncOffLoop: false });
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
