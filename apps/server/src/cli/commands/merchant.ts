import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../../modules/audit/audit.service.ts';
import { EMAIL_TAKEN, normalizeEmail } from '../../modules/merchants/merchants.rules.ts';
import { isAppError } from '../../shared/app-error.ts';
import { parseAmount, parseCurrency, parseEmail, parseNonEmpty } from '../args.ts';
import { merchantByEmail, withContext } from '../context.ts';
import { CliError } from '../errors.ts';
import type { CommandEnv } from '../program.ts';

interface CreateOptions {
  email: string;
  password?: string;
  name: string;
  creditLimit: string;
  currency: string;
}

export function registerMerchantCommands(merchant: Command, env: CommandEnv): void {
  env
    .leaf(merchant.command('create'))
    .description('create a merchant with a login and a credit line')
    .requiredOption('--email <email>', 'login email', parseEmail)
    .option(
      '--password <password>',
      'login password (at least 8 characters); or set TRADEPOST_PASSWORD, which ps and shell history do not show',
      parseNonEmpty,
    )
    .requiredOption('--name <name>', 'company name', parseNonEmpty)
    .requiredOption('--credit-limit <amount>', 'opening credit limit, e.g. 1000.00', parseAmount)
    .option('--currency <code>', 'ISO 4217 currency of the credit line', parseCurrency, 'USD')
    .action(async (opts: CreateOptions, cmd: Command) => {
      const out = env.output(cmd);
      const password = opts.password ?? env.io.env.TRADEPOST_PASSWORD;
      if (!password)
        throw new CliError('invalid_argument', 'a password is required: --password or TRADEPOST_PASSWORD');
      const merchantId = await withContext(env.io, async (ctx) => {
        try {
          const created = await ctx.services.merchants.create(
            {
              email: opts.email,
              password,
              name: opts.name,
              creditLimit: opts.creditLimit,
              currency: opts.currency,
            },
            { actor: SYSTEM_ACTOR },
          );
          return created.merchantId;
        } catch (e) {
          // The service's one lookup (and the unique index behind it) decides: no check up front.
          if (isAppError(e) && e.message === EMAIL_TAKEN) {
            throw new CliError('conflict', `a merchant with email ${opts.email} already exists`);
          }
          throw e;
        }
      });
      const email = normalizeEmail(opts.email);
      out.result(
        { merchant_id: merchantId, email },
        `Created merchant ${merchantId} (${email}) with a credit limit of ${opts.creditLimit} ${opts.currency}.`,
      );
    });

  // Account switches: each names the merchant by its login e-mail and prints the new state. A real
  // change is audited by the service in its unit (as the console's), with --note as its note.
  const creditSwitch = (name: 'freeze' | 'unfreeze', status: 'frozen' | 'active', what: string) =>
    env
      .leaf(merchant.command(name))
      .description(what)
      .requiredOption('--email <email>', "the merchant's login email", parseEmail)
      .option('--note <text>', 'why, for the audit log', parseNonEmpty)
      .action(async (opts: { email: string; note?: string }, cmd: Command) => {
        const out = env.output(cmd);
        const result = await withContext(env.io, async (ctx) => {
          const m = await merchantByEmail(ctx, opts.email);
          const credit = await ctx.services.credit.setStatus(m.merchantId, status, {
            actor: SYSTEM_ACTOR,
            note: opts.note,
          });
          return { merchant_id: m.merchantId, email: m.email, credit_status: credit.status };
        });
        out.result(result, `Credit of ${result.email} (${result.merchant_id}) is ${result.credit_status}.`);
      });
  creditSwitch(
    'freeze',
    'frozen',
    'freeze the credit line: no new orders (refunds and repayments still post)',
  );
  creditSwitch('unfreeze', 'active', 'unfreeze the credit line');

  const statusSwitch = (name: 'suspend' | 'reactivate', status: 'suspended' | 'active', what: string) =>
    env
      .leaf(merchant.command(name))
      .description(what)
      .requiredOption('--email <email>', "the merchant's login email", parseEmail)
      .option('--note <text>', 'why, for the audit log', parseNonEmpty)
      .action(async (opts: { email: string; note?: string }, cmd: Command) => {
        const out = env.output(cmd);
        const result = await withContext(env.io, async (ctx) => {
          const m = await merchantByEmail(ctx, opts.email);
          await ctx.services.merchants.setStatus(m.merchantId, status, {
            actor: SYSTEM_ACTOR,
            note: opts.note,
          });
          return { merchant_id: m.merchantId, email: m.email, status };
        });
        out.result(result, `Merchant ${result.email} (${result.merchant_id}) is ${result.status}.`);
      });
  statusSwitch('suspend', 'suspended', 'suspend the merchant: every credential is refused until reactivated');
  statusSwitch('reactivate', 'active', 'reactivate a suspended merchant');
}
