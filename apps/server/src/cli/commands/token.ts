import { isWalltechToken } from '@tradepost/protocol';
import { type Command, InvalidArgumentError } from 'commander';
import { auditEntries } from '../../modules/audit/audit.entries.ts';
import { recordAudit, SYSTEM_ACTOR } from '../../modules/audit/audit.service.ts';
import { parseEmail, parseNonEmpty } from '../args.ts';
import { merchantByEmail, withContext } from '../context.ts';
import { CliError } from '../errors.ts';
import type { CommandEnv } from '../program.ts';

function parseToken(value: string): string {
  const token = value.trim();
  if (!isWalltechToken(token)) throw new InvalidArgumentError('must be a 26-character API token');
  return token;
}

export function registerTokenCommands(token: Command, env: CommandEnv): void {
  env
    .leaf(token.command('create'))
    .description('create a named API token for a merchant; prints its Secret Key once')
    .requiredOption('--email <email>', "the merchant's login email", parseEmail)
    .requiredOption('--name <name>', 'a label for the token', parseNonEmpty)
    .option('--read-only', 'the token may only read: writes answer 1003')
    .action(async (opts: { email: string; name: string; readOnly?: boolean }, cmd: Command) => {
      const out = env.output(cmd);
      const created = await withContext(env.io, async (ctx) => {
        const merchant = await merchantByEmail(ctx, opts.email);
        return ctx.services.tokens.create(
          merchant.merchantId,
          { name: opts.name, readOnly: opts.readOnly === true, createdBy: merchant.userId },
          {
            inUnit: (trx, t) =>
              recordAudit(trx, SYSTEM_ACTOR, auditEntries.tokenCreated(merchant.merchantId, t)),
          },
        );
      });
      out.result(
        { token: created.token, secret_key: created.secret_key },
        [
          `Token:      ${created.token}${created.read_only ? ' (read-only)' : ''}`,
          `Secret Key: ${created.secret_key}`,
          'Store the Secret Key now: it is never shown again.',
        ].join('\n'),
      );
    });

  env
    .leaf(token.command('revoke'))
    .description('revoke one API token; requests signed with it then answer 1003')
    .requiredOption('--token <token>', 'the token to revoke', parseToken)
    .action(async (opts: { token: string }, cmd: Command) => {
      const out = env.output(cmd);
      const revoked = await withContext(env.io, (ctx) =>
        ctx.services.tokens.revoke(opts.token, undefined, {
          inUnit: (trx, t) => recordAudit(trx, SYSTEM_ACTOR, auditEntries.tokenRevoked(t.merchant_id, t)),
        }),
      );
      if (!revoked) throw new CliError('not_found', `no API token ${opts.token}`);
      out.result(
        { token: revoked.token, status: revoked.status, revoked_at: revoked.revoked_at },
        `Token ${revoked.token} revoked.`,
      );
    });

  env
    .leaf(token.command('list'))
    .description("list a merchant's API tokens (never their Secret Keys)")
    .requiredOption('--email <email>', "the merchant's login email", parseEmail)
    .action(async (opts: { email: string }, cmd: Command) => {
      const out = env.output(cmd);
      const tokens = await withContext(env.io, async (ctx) => {
        const merchant = await merchantByEmail(ctx, opts.email);
        return ctx.services.tokens.list(merchant.merchantId);
      });
      const lines = tokens.map(
        (t) =>
          `${t.token}  ${t.status.padEnd(7)} ${t.read_only ? 'read-only ' : 'read-write'}  ${t.name}  last used ${t.last_used_at ?? 'never'}`,
      );
      out.result({ tokens }, lines.length ? lines.join('\n') : 'No API tokens.');
    });
}
