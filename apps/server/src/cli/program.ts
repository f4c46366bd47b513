/**
 * The `tradepost` command tree. Its names, options, --json shapes and exit codes are a contract
 * operators' scripts rely on (docs in `tradepost --help`); change them only additively.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerApiKeyCommands } from './commands/apikey.ts';
import { registerAppCommands } from './commands/app.ts';
import { registerBackupCommands } from './commands/backup.ts';
import { registerCatalogCommands } from './commands/catalog.ts';
import { registerCreditCommands } from './commands/credit.ts';
import { registerMerchantCommands } from './commands/merchant.ts';
import { registerOperatorCommands } from './commands/operator.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerOrderCommands } from './commands/order.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerTokenCommands } from './commands/token.ts';
import { registerWebhookCommands } from './commands/webhook.ts';
import { registerVerifyCommand } from './commands/verify.ts';
import { EXIT_OK, EXIT_USAGE, toCliError } from './errors.ts';
import type { CliError } from './errors.ts';
import { createOutput, processIo } from './io.ts';
import type { Io, Output } from './io.ts';

/** What every command registration gets. */
export interface CommandEnv {
  readonly io: Io;
  /** Adds the options every leaf command shares (--json). */
  leaf(cmd: Command): Command;
  output(cmd: Command): Output;
}

const HELP_FOOTER = `
Environment: the same as the server (TRADEPOST_DATA_DIR, DATABASE_URL, TRADEPOST_MASTER_KEY, …),
so commands act on the database the server uses.

With --json a command prints exactly one JSON object on stdout: its result, or
{"error":{"code","message"}}. Notes and progress go to stderr.

Exit codes: 0 done; 1 failed (not_found, conflict, invalid_file, insufficient_credit, rejected,
invalid_config, ledger_broken, internal); 2 invalid arguments (invalid_argument), nothing was changed.`;

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function buildProgram(io: Io): Command {
  const program = new Command('tradepost')
    .description('Tradepost operator CLI: run the server, manage merchants, apps, credit and the catalog.')
    .version(packageVersion(), '-v, --version')
    // Settings made before .command() are inherited by every subcommand.
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .addHelpText('after', HELP_FOOTER);

  const env: CommandEnv = {
    io,
    leaf: (cmd) => cmd.option('--json', 'print one JSON object on stdout'),
    output: (cmd) => createOutput(io, cmd.opts<{ json?: boolean }>().json === true),
  };
  registerServeCommand(program, env);
  registerMerchantCommands(program, env);
  registerAppCommands(program, env);
  registerCatalogCommands(program, env);
  registerCreditCommands(program, env);
  registerOrderCommands(program, env);
  registerApiKeyCommands(program, env);
  registerTokenCommands(program, env);
  registerOperatorCommands(program, env);
  registerWebhookCommands(program, env);
  registerVerifyCommand(program, env);
  registerBackupCommands(program, env);
  registerMigrateCommand(program, env);
  return program;
}

/** Runs one command line (without `node` and the script) and returns the exit code. */
export async function runCli(args: string[], io: Io = processIo()): Promise<number> {
  // Known before parsing, so even an argument error is reported as JSON.
  const json = args.includes('--json');
  try {
    await buildProgram(io).parseAsync(args, { from: 'user' });
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version end in a CommanderError too, with exit code 0.
      if (e.exitCode === 0) return EXIT_OK;
      // commander has already written its one-line message to stderr.
      if (json) writeJsonError(io, 'invalid_argument', e.message.replace(/^error: /, ''));
      return EXIT_USAGE;
    }
    const err = toCliError(e);
    report(io, json, err);
    return err.exitCode;
  }
}

function report(io: Io, json: boolean, err: CliError): void {
  io.stderr.write(`error: ${err.message}\n`);
  if (json) {
    writeJsonError(io, err.code, err.message, err.details);
    return;
  }
  const rows = err.details?.errors;
  if (Array.isArray(rows)) {
    for (const row of rows as { line: number; message: string }[])
      io.stderr.write(`  line ${row.line}: ${row.message}\n`);
  }
}

function writeJsonError(io: Io, code: string, message: string, details?: Record<string, unknown>): void {
  io.stdout.write(`${JSON.stringify({ error: { code, message, ...details } })}\n`);
}
