/** The merchant's webhook settings: the credit-low threshold (and the server's address rule, to read). */
import { fieldMessage } from '@tradepost/web-contract';
import { AppError } from '../../shared/app-error.ts';
import { MAX_BALANCE_MINOR, parseMoney } from '../../shared/money.ts';
import { nowIso } from '../../shared/time.ts';
import { parseInput } from '../../shared/validation.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/audit.service.ts';
import { formatThreshold, settingsSchema } from './webhooks.dto.ts';
import * as repo from './webhooks.repository.ts';
import type { WebhooksDeps, WebhooksService } from './webhooks.service.ts';

export function settingsActions(deps: WebhooksDeps): Pick<WebhooksService, 'getSettings' | 'updateSettings'> {
  const { db, writer, outbox } = deps;
  const private_addresses_allowed = deps.allowPrivate;
  return {
    async getSettings(merchantId) {
      const s = await repo.findThreshold(db, merchantId);
      return {
        credit_low_threshold: formatThreshold(s?.credit_low_threshold ?? null),
        private_addresses_allowed,
      };
    },

    async updateSettings(merchantId, input, opts = {}) {
      const i = parseInput(settingsSchema, input);
      let minor: number | null = null;
      if (i.credit_low_threshold !== null) {
        minor = parseMoney(i.credit_low_threshold);
        if (minor === null || minor < 0 || minor > MAX_BALANCE_MINOR) {
          throw new AppError(4001, `credit_low_threshold: ${fieldMessage('threshold')}`);
        }
      }
      await writer.run(async (trx) => {
        const before = (await repo.findThreshold(trx, merchantId))?.credit_low_threshold ?? null;
        if (before === minor) return; // the same threshold again: nothing changes, nothing to record
        await repo.upsertThreshold(trx, merchantId, minor, nowIso());
        await recordAudit(trx, opts.actor ?? SYSTEM_ACTOR, {
          action: 'webhook.threshold_changed',
          merchantId,
          targetType: 'webhook_settings',
          targetId: merchantId,
          before: { credit_low_threshold: formatThreshold(before) },
          after: { credit_low_threshold: formatThreshold(minor) },
        });
      });
      outbox.invalidate(merchantId);
      return { credit_low_threshold: formatThreshold(minor), private_addresses_allowed };
    },
  };
}
