import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import {
  OPERATOR_ROLES,
  fieldMessage,
  type OperatorRole,
  type OperatorStatus,
} from '@tradepost/web-contract';
import { InvalidArgumentError, type Command } from 'commander';
import { httpUrl } from '../../config.ts';
import type { Context } from '../../context.ts';
import { operatorView, teamMemberView } from '../../modules/operators/operators.service.ts';
import { SYSTEM_ACTOR, recordAudit } from '../../modules/audit/audit.service.ts';
import { resetTwoFactor } from '../../modules/two-factor/two-factor.reset.ts';
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
      const { created, consoleUrl } = await withContext(env.io, async (ctx) => {
        // Where this data dir's server shows its console: a wildcard host listens on loopback too.
        const { host, port, trustProxy } = ctx.config;
        const direct = `${httpUrl(host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host, port)}/admin`;
        // Behind a proxy the address people use is the proxy's, which this command cannot know.
        const consoleUrl =
          trustProxy > 0 ? `/admin on the address your proxy serves (${direct} here)` : direct;
        try {
          const created = await ctx.services.operators.create(
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
          return { created, consoleUrl };
        } catch (e) {
          if (isAppError(e) && e.message.startsWith('email: an operator')) {
            throw new CliError('conflict', `an operator with email ${opts.email} already exists`);
          }
          throw e;
        }
      });
      out.result(
        { operator_id: created.operatorId, email: created.email, role: created.role },
        `Created ${created.role} operator ${created.operatorId} (${created.email}). Sign in at ${consoleUrl}`,
      );
    });

  env
    .leaf(operator.command('list'))
    .description('list the console operators (never their passwords)')
    .action(async (_opts: unknown, cmd: Command) => {
      const operators = await withContext(env.io, (ctx) => ctx.services.operators.list());
      const rows = operators.map(teamMemberView);
      env
        .output(cmd)
        .result(
          { operators: rows },
          rows
            .map(
              (o) =>
                `${o.operator_id}  ${o.role.padEnd(7)}  ${o.status.padEnd(8)}  ${o.two_factor_enabled ? 'two-step on ' : 'two-step off'}  ${o.email}  last sign-in: ${o.last_sign_in_at ?? 'never'}${o.failed_sign_ins?.held_until ? `  sign-in held until ${o.failed_sign_ins.held_until} (reset-password ends it)` : ''}`,
            )
            .join('\n') || 'No operators.',
        );
    });

  // Changes to an operator's access, as an admin makes them in the console (Team): audited as
  // the CLI; the last active admin stays one.
  const access: Array<[string, string, (o: { role?: OperatorRole }) => AccessChange]> = [
    [
      'disable',
      'disable an operator: their sessions end and they cannot sign in',
      () => ({ status: 'disabled' }),
    ],
    ['enable', 'let a disabled operator sign in again', () => ({ status: 'active' })],
    ['set-role', "change an operator's role (--role admin|support)", (o) => ({ role: o.role! })],
  ];
  for (const [verb, description, change] of access) {
    const cmd = env
      .leaf(operator.command(verb))
      .description(description)
      .requiredOption('--email <email>', "the operator's login email", parseEmail);
    if (verb === 'set-role') cmd.requiredOption('--role <role>', 'admin or support', parseRole);
    cmd.action(async (opts: { email: string; role?: OperatorRole }, c: Command) => {
      const changed = await withContext(env.io, async (ctx) =>
        ctx.services.operators.setAccess((await operatorByEmail(ctx, opts.email)).operatorId, change(opts), {
          actor: SYSTEM_ACTOR,
        }),
      );
      env
        .output(c)
        .result(
          { ...operatorView(changed) },
          `Operator ${changed.email} is ${changed.status}, ${changed.role}.`,
        );
    });
  }

  env
    .leaf(operator.command('reset-password'))
    .description(
      "replace an operator's password with a temporary one, printed once, to change at the next sign-in (their sessions end)",
    )
    .requiredOption('--email <email>', "the operator's login email", parseEmail)
    .action(async (opts: { email: string }, cmd: Command) => {
      const reset = await withContext(env.io, async (ctx) =>
        ctx.services.operators.resetPassword((await operatorByEmail(ctx, opts.email)).operatorId, {
          actor: SYSTEM_ACTOR,
        }),
      );
      env
        .output(cmd)
        .result(
          { email: reset.operator.email, temporary_password: reset.temporaryPassword },
          `Temporary password for ${reset.operator.email} (shown once; they must change it at the next sign-in):\n` +
            reset.temporaryPassword,
        );
    });

  env
    .leaf(operator.command('reset-two-factor'))
    .description(
      "turn off an operator's two-step sign-in (a lost phone): their recovery codes go too and their sessions end; they sign in with the password alone and may turn it on again",
    )
    .requiredOption('--email <email>', "the operator's login email", parseEmail)
    .option('--note <text>', 'why, for the audit log', parseNonEmpty)
    .action(async (opts: { email: string; note?: string }, cmd: Command) => {
      const email = await withContext(env.io, async (ctx) => {
        const o = await operatorByEmail(ctx, opts.email);
        const reset = await resetTwoFactor(
          { writer: ctx.writer, ...ctx.services },
          { kind: 'admin', subjectId: o.operatorId },
          SYSTEM_ACTOR,
          opts.note ?? null,
        );
        if (!reset) throw new CliError('conflict', `two-step sign-in is not on for ${o.email}`);
        return o.email;
      });
      env
        .output(cmd)
        .result(
          { email, two_factor_enabled: false },
          `Two-step sign-in is off for ${email}; their sessions ended. They sign in with their password.`,
        );
    });
}

type AccessChange = { role?: OperatorRole; status?: OperatorStatus };

async function operatorByEmail(ctx: Context, email: string) {
  const operator = await ctx.services.operators.findByEmail(email);
  if (!operator) throw new CliError('not_found', `no operator with email ${email}`);
  return operator;
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
