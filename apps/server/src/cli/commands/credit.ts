import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../../modules/audit/audit.service.ts';
import {
  parseAdjustmentType,
  parseEmail,
  parseIdempotencyKey,
  parseNonEmpty,
  parseSignedAmount,
} from '../args.ts';
import type { CreditEntryType } from '@tradepost/web-contract';
import { merchantByEmail, withContext } from '../context.ts';
import { CliError } from '../errors.ts';
import type { CommandEnv } from '../program.ts';

interface AdjustOptions {
  email: string;
  amount: string;
  type: CreditEntryType;
  note?: string;
  idempotencyKey?: string;
}

export function registerCreditCommands(credit: Command, env: CommandEnv): void {
  env
    .leaf(credit.command('adjust'))
    .description('record a repayment, an adjustment or a limit change on the ledger')
    .requiredOption('--email <email>', "the merchant's login email", parseEmail)
    .requiredOption(
      '--amount <amount>',
      'change in available credit, e.g. 100.00 (adjustment/limit_change may be negative: --amount=-25.00)',
      parseSignedAmount,
    )
    .requiredOption('--type <type>', 'repayment | adjustment | limit_change', parseAdjustmentType)
    .option('--note <text>', 'description on the ledger entry', parseNonEmpty)
    .option(
      '--idempotency-key <key>',
      '16-64 letters, digits, _ or -: run again with the same key, nothing new is recorded and the first entry is printed',
      parseIdempotencyKey,
    )
    .action(async (opts: AdjustOptions, cmd: Command) => {
      const out = env.output(cmd);
      // The service refuses this too; refusing here keeps it an argument error (exit 2).
      if (opts.type === 'repayment' && opts.amount.startsWith('-')) {
        throw new CliError('invalid_argument', 'a repayment amount must be positive');
      }
      const entry = await withContext(env.io, async (ctx) => {
        const merchant = await merchantByEmail(ctx, opts.email);
        // The ledger entry and its audit entry (credit.<type>) commit together, as the console's do.
        return ctx.services.credit.adjust(
          merchant.merchantId,
          { amount: opts.amount, type: opts.type, note: opts.note, idempotencyKey: opts.idempotencyKey },
          { actor: SYSTEM_ACTOR },
        );
      });
      out.result(
        { ...entry },
        `Recorded ${entry.type} of ${entry.amount} ${entry.currency} for ${opts.email} (${entry.reference_no}): ` +
          `available credit ${entry.balance_before} -> ${entry.balance_after}.`,
      );
    });
}
