import type { Command } from 'commander';
import { parseEmail, parseNonEmpty } from '../args.ts';
import { merchantByEmail, withContext } from '../context.ts';
import type { CommandEnv } from '../program.ts';

export function registerAppCommands(program: Command, env: CommandEnv): void {
  const app = program.command('app').description("manage merchants' API apps");
  env
    .leaf(app.command('create'))
    .description('create a B-End API app for a merchant; prints its keys (shown only this once)')
    .requiredOption('--email <email>', "the merchant's login email", parseEmail)
    .requiredOption('--name <name>', 'a label for the app', parseNonEmpty)
    .action(async (opts: { email: string; name: string }, cmd: Command) => {
      const out = env.output(cmd);
      const keys = await withContext(env.io, async (ctx) => {
        const merchant = await merchantByEmail(ctx, opts.email);
        return ctx.services.apps.create(merchant.merchantId, opts.name);
      });
      out.result(
        { app_id: keys.app_id, secret_key: keys.secret_key, sign_key: keys.sign_key },
        [
          `App ID:     ${keys.app_id}`,
          `Secret Key: ${keys.secret_key}`,
          `Sign Key:   ${keys.sign_key}`,
          'Store the keys now: they are never shown again (rotate the app to get new ones).',
        ].join('\n'),
      );
    });
}
