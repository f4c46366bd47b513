import type { Command } from 'commander';
import { auditEntries } from '../../modules/audit/audit.entries.ts';
import { recordAudit, SYSTEM_ACTOR } from '../../modules/audit/audit.service.ts';
import { parseEmail } from '../args.ts';
import { merchantByEmail, withContext } from '../context.ts';
import type { CommandEnv } from '../program.ts';

export function registerApiKeyCommands(apikey: Command, env: CommandEnv): void {
  env
    .leaf(apikey.command('create'))
    .description("generate a user's Action API key (revokes the previous one); prints it once")
    .requiredOption('--email <email>', "the portal user's login email (the Action API UserID)", parseEmail)
    .option('--read-only', 'the key may only read: write actions answer E009')
    .action(async (opts: { email: string; readOnly?: boolean }, cmd: Command) => {
      const out = env.output(cmd);
      const key = await withContext(env.io, async (ctx) => {
        await merchantByEmail(ctx, opts.email);
        return ctx.services.apiKeys.create(opts.email, {
          readOnly: opts.readOnly === true,
          inUnit: (trx, k) => recordAudit(trx, SYSTEM_ACTOR, auditEntries.apiKeyGenerated(k.merchant_id, k)),
        });
      });
      out.result(
        { user_id: key.user_id, api_key: key.api_key },
        [
          `UserID:  ${key.user_id}`,
          `API key: ${key.api_key}${key.read_only ? ' (read-only)' : ''}`,
          'Store the key now: it is never shown again (create another to replace it).',
        ].join('\n'),
      );
    });
}
