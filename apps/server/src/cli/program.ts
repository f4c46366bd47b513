/**
 * The `tradepost` command tree. Its names, options, --json shapes and exit codes are a contract
 * operators' scripts rely on (docs in `tradepost --help`); change them only additively.
 */
import { Command, CommanderError, type Option } from 'commander';
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

/** The server package's version, written in by the bundle's build (scripts/bundle.mjs). */
declare const __TRADEPOST_VERSION__: string | undefined;
const VERSION = typeof __TRADEPOST_VERSION__ === 'string' ? __TRADEPOST_VERSION__ : '0.0.0';

type Register = (cmd: Command, env: CommandEnv) => void;

/**
 * The top-level commands, in help order. A command's module (and all it imports: zod, the
 * database, the services) is loaded only when that command runs or shows its help, so that
 * `tradepost --help` loads commander and this file alone (esbuild splits the bundle at each
 * `import()`).
 */
const COMMANDS: readonly { name: string; description: string; load(): Promise<Register> }[] = [
  {
    name: 'serve',
    description: 'start the server (what `npm start` runs); configured by environment variables',
    load: async () => (await import('./commands/serve.ts')).registerServeCommand,
  },
  {
    name: 'merchant',
    description: 'manage merchants',
    load: async () => (await import('./commands/merchant.ts')).registerMerchantCommands,
  },
  {
    name: 'app',
    description: "manage merchants' API apps",
    load: async () => (await import('./commands/app.ts')).registerAppCommands,
  },
  {
    name: 'catalog',
    description: 'manage the product catalog',
    load: async () => (await import('./commands/catalog.ts')).registerCatalogCommands,
  },
  {
    name: 'credit',
    description: "manage merchants' credit lines",
    load: async () => (await import('./commands/credit.ts')).registerCreditCommands,
  },
  {
    name: 'order',
    description: 'move orders along their lifecycle (prints the Order)',
    load: async () => (await import('./commands/order.ts')).registerOrderCommands,
  },
  {
    name: 'apikey',
    description: "manage portal users' Action API keys",
    load: async () => (await import('./commands/apikey.ts')).registerApiKeyCommands,
  },
  {
    name: 'token',
    description: "manage merchants' WallTech API tokens",
    load: async () => (await import('./commands/token.ts')).registerTokenCommands,
  },
  {
    name: 'operator',
    description: 'manage operator (console) accounts',
    load: async () => (await import('./commands/operator.ts')).registerOperatorCommands,
  },
  {
    name: 'webhook',
    description: "manage merchants' webhook endpoints",
    load: async () => (await import('./commands/webhook.ts')).registerWebhookCommands,
  },
  {
    name: 'verify',
    description:
      'check the ledger on the configured database (SQLite or PostgreSQL); exit 1 naming the first broken invariant',
    load: async () => (await import('./commands/verify.ts')).registerVerifyCommand,
  },
  {
    name: 'backup',
    description:
      'take an online, consistent backup of the SQLite database and replay guard into one file (the server may keep running)',
    load: async () => (await import('./commands/backup.ts')).registerBackupCommand,
  },
  {
    name: 'restore',
    description:
      'restore a backup file into the data dir (server stopped), verifying the ledger before reporting success',
    load: async () => (await import('./commands/backup.ts')).registerRestoreCommand,
  },
  {
    name: 'keys',
    description:
      'master key: `keys rotate` re-seals every sealed secret under a new key in one transaction (servers stopped)',
    load: async () => (await import('./commands/keys.ts')).registerKeysCommands,
  },
  {
    name: 'migrate',
    description:
      'apply pending database migrations (the server also does on start); --dry-run lists them and changes nothing',
    load: async () => (await import('./commands/migrate.ts')).registerMigrateCommand,
  },
];

/**
 * The top-level command a command line names: its first operand (the program itself has no
 * option that takes a value), or the one after `help`.
 */
function commandNamed(args: readonly string[]): string | undefined {
  const operands = args.filter((a) => !a.startsWith('-'));
  return operands[0] === 'help' ? operands[1] : operands[0];
}

export async function buildProgram(io: Io, args: readonly string[]): Promise<Command> {
  const program = new Command('tradepost')
    .description('Tradepost operator CLI: run the server, manage merchants, apps, credit and the catalog.')
    .version(VERSION, '-v, --version')
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
  const wanted = commandNamed(args);
  for (const command of COMMANDS) {
    const cmd = program.command(command.name).description(command.description);
    if (command.name === wanted) (await command.load())(cmd, env);
  }
  unknownOptionsFirst(program);
  return program;
}

/**
 * commander checks required options before unknown ones: `merchant create --bogus` said --email
 * was missing. Required options are checked instead in a preAction hook, which runs after
 * commander has refused an unknown option, with commander's own message.
 */
function unknownOptionsFirst(program: Command): void {
  const required = new Map<Command, Option[]>();
  const walk = (cmd: Command) => {
    const options = cmd.options.filter((o) => o.mandatory);
    for (const o of options) o.makeOptionMandatory(false);
    if (options.length) required.set(cmd, options);
    cmd.commands.forEach(walk);
  };
  walk(program);
  program.hook('preAction', (_program, action) => {
    for (let cmd: Command | null = action; cmd; cmd = cmd.parent) {
      for (const o of required.get(cmd) ?? []) {
        if (cmd.getOptionValue(o.attributeName()) === undefined)
          cmd.error(`error: required option '${o.flags}' not specified`, {
            code: 'commander.missingMandatoryOptionValue',
          });
      }
    }
  });
}

/** Runs one command line (without `node` and the script) and returns the exit code. */
export async function runCli(args: string[], io: Io = processIo()): Promise<number> {
  // Known before parsing, so even an argument error is reported as JSON.
  const json = args.includes('--json');
  try {
    await (await buildProgram(io, args)).parseAsync(args, { from: 'user' });
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
