import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { OPERATOR_ROLES, fieldMessage, type OperatorRole } from '@tradepost/web-contract';
import { InvalidArgumentError, type Command } from 'commander';
import { SYSTEM_ACTOR, recordAudit } from '../../modules/audit/audit.service.ts';
import { isAppError } from '../../shared/app-error.ts';
import { parseEmail, parseNonEmpty } from '../args.ts';
import { withContext } from '../context.ts';
import { CliError } from '../errors.ts';
import type { Io } from '../io.ts';
import type { CommandEnv } from '../program.ts';

interface CreateOptions {
  email: string;
  role: OperatorRole;
  name?: string;
}

function parseRole(value: string): OperatorRole {
  if ((OPERATOR_ROLES as readonly string[]).includes(value)) return value as OperatorRole;
  throw new InvalidArgumentError(fieldMessage('oneOf', { values: OPERATOR_ROLES.join(', ') }));
}

/** Operator (console) accounts. The password comes from TRADEPOST_PASSWORD or a hidden prompt. */
export function registerOperatorCommands(operator: Command, env: CommandEnv): void {
  env
    .leaf(operator.command('create'))
    .description('create an operator who signs in to the console at /admin')
    .requiredOption('--email <email>', 'login email', parseEmail)
    .option(
      '--role <role>',
      `admin (everything) or support (read, move orders; no money, no credentials)`,
      parseRole,
      'admin',
    )
    .option('--name <name>', 'display name (default: the e-mail’s local part)', parseNonEmpty)
    .action(async (opts: CreateOptions, cmd: Command) => {
      const out = env.output(cmd);
      const password = env.io.env.TRADEPOST_PASSWORD || (await promptPassword(env.io));
      const created = await withContext(env.io, async (ctx) => {
        try {
          return await ctx.services.operators.create(
            { email: opts.email, password, role: opts.role, name: opts.name },
            {
              inUnit: (trx, o) =>
                recordAudit(trx, SYSTEM_ACTOR, {
                  action: 'operator.created',
                  targetType: 'operator',
                  targetId: o.operatorId,
                  after: { email: o.email, role: o.role },
                }),
            },
          );
        } catch (e) {
          if (isAppError(e) && e.message.startsWith('email: an operator')) {
            throw new CliError('conflict', `an operator with email ${opts.email} already exists`);
          }
          throw e;
        }
      });
      out.result(
        { operator_id: created.operatorId, email: created.email, role: created.role },
        `Created ${created.role} operator ${created.operatorId} (${created.email}). Sign in at /admin.`,
      );
    });
}

/** Reads a password without echoing it; refuses when there is no terminal to ask. */
async function promptPassword(io: Io): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    throw new CliError(
      'invalid_argument',
      'a password is required: set TRADEPOST_PASSWORD (no terminal to prompt on)',
    );
  }
  const ask = async (question: string) => {
    const muted = new Writable({ write: (_c, _e, cb) => cb() });
    const rl = createInterface({ input, output: muted, terminal: true });
    // Asked once the terminal is raw: a Ctrl-C typed at the prompt reaches readline, not a signal.
    io.stderr.write(question);
    try {
      return await new Promise<string>((resolve, reject) => {
        // Ctrl-C (no signal in raw mode: readline's SIGINT) and Ctrl-D (close) left the promise
        // unsettled and Node exited 13, silently. After an answer, close rejects nothing.
        const cancel = () => reject(new CliError('rejected', 'cancelled: no operator was created'));
        rl.once('SIGINT', cancel);
        rl.once('close', cancel);
        rl.question('', resolve);
      });
    } finally {
      rl.close();
      io.stderr.write('\n');
    }
  };
  const first = await ask('Password (at least 12 characters): ');
  const again = await ask('Repeat it: ');
  if (first !== again) throw new CliError('invalid_argument', 'the two passwords differ');
  return first;
}
