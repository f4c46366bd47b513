import { isBendAppId } from '@tradepost/protocol';
import { type Command, InvalidArgumentError } from 'commander';
import { auditEntries } from '../../modules/audit/audit.entries.ts';
import { isUnknownApp } from '../../modules/apps/apps.service.ts';
import { recordAudit, SYSTEM_ACTOR } from '../../modules/audit/audit.service.ts';
import { parseEmail, parseNonEmpty } from '../args.ts';
import { merchantByEmail, withContext } from '../context.ts';
import { CliError } from '../errors.ts';
import type { CommandEnv } from '../program.ts';

export function registerAppCommands(app: Command, env: CommandEnv): void {
  env
    .leaf(app.command('create'))
    .description('create a B-End API app for a merchant; prints its keys (shown only this once)')
    .requiredOption('--email <email>', "the merchant's login email", parseEmail)
    .requiredOption('--name <name>', 'a label for the app', parseNonEmpty)
    .action(async (opts: { email: string; name: string }, cmd: Command) => {
      const out = env.output(cmd);
      const keys = await withContext(env.io, async (ctx) => {
        const merchant = await merchantByEmail(ctx, opts.email);
        return ctx.services.apps.create(merchant.merchantId, opts.name, {
          inUnit: (trx, a) => recordAudit(trx, SYSTEM_ACTOR, auditEntries.appCreated(merchant.merchantId, a)),
        });
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

  const appIdOption = (cmd: Command) =>
    cmd
      .requiredOption('--email <email>', "the merchant's login email", parseEmail)
      .requiredOption('--app-id <app_id>', 'the app (app_ + 24 hex chars)', parseAppId);

  appIdOption(env.leaf(app.command('rotate')))
    .description('issue new keys for an app; the old keys stop working at once (prints the new keys once)')
    .action(async (opts: { email: string; appId: string }, cmd: Command) => {
      const keys = await withContext(env.io, async (ctx) => {
        const merchant = await merchantByEmail(ctx, opts.email);
        return ownApp(opts.appId, () =>
          ctx.services.apps.rotate(merchant.merchantId, opts.appId, {
            inUnit: (trx, a) =>
              recordAudit(trx, SYSTEM_ACTOR, auditEntries.appRotated(merchant.merchantId, a)),
          }),
        );
      });
      env
        .output(cmd)
        .result(
          { app_id: keys.app_id, secret_key: keys.secret_key, sign_key: keys.sign_key },
          [
            `App ID:     ${keys.app_id}`,
            `Secret Key: ${keys.secret_key}`,
            `Sign Key:   ${keys.sign_key}`,
            'The previous keys no longer work. Store these now: they are never shown again.',
          ].join('\n'),
        );
    });

  for (const [verb, status, effect] of [
    ['disable', 'disabled', 'its requests then answer 1003'],
    ['enable', 'active', 'its keys work again'],
  ] as const) {
    appIdOption(env.leaf(app.command(verb)))
      .description(`${verb} an app; ${effect}`)
      .action(async (opts: { email: string; appId: string }, cmd: Command) => {
        const summary = await withContext(env.io, async (ctx) => {
          const merchant = await merchantByEmail(ctx, opts.email);
          return ownApp(opts.appId, () =>
            ctx.services.apps.setStatus(merchant.merchantId, opts.appId, status, {
              inUnit: async (trx, { before, after }) => {
                const entry = auditEntries.appStatus(merchant.merchantId, before, after);
                if (entry) await recordAudit(trx, SYSTEM_ACTOR, entry);
              },
            }),
          );
        });
        env.output(cmd).result({ ...summary }, `App ${summary.app_id} is now ${summary.status}.`);
      });
  }

  env
    .leaf(app.command('list'))
    .description("list a merchant's apps (never their keys)")
    .requiredOption('--email <email>', "the merchant's login email", parseEmail)
    .action(async (opts: { email: string }, cmd: Command) => {
      const apps = await withContext(env.io, async (ctx) => {
        const merchant = await merchantByEmail(ctx, opts.email);
        return ctx.services.apps.list(merchant.merchantId);
      });
      env
        .output(cmd)
        .result(
          { apps },
          apps
            .map((a) => `${a.app_id}  ${a.status.padEnd(8)}  ${a.name}  keys since ${a.keys_rotated_at}`)
            .join('\n') || 'No apps.',
        );
    });
}

/** An unknown app, or another merchant's, is not found (exit 1), as an unknown token or order. */
async function ownApp<T>(appId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isUnknownApp(e)) throw new CliError('not_found', `no app ${appId} of this merchant`);
    throw e;
  }
}

function parseAppId(value: string): string {
  const id = value.trim();
  if (!isBendAppId(id)) throw new InvalidArgumentError('must be app_ followed by 24 lowercase hex chars');
  return id;
}
