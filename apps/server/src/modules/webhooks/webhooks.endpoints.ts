/** Endpoint management: create, change, enable or disable, delete, roll the secret. */
import { fieldMessage } from '@tradepost/web-contract';
import { AppError } from '../../shared/app-error.ts';
import { newId } from '../../shared/ids.ts';
import { nowIso } from '../../shared/time.ts';
import { asParams, parseInput } from '../../shared/validation.ts';
import { type AuditActor, type AuditEntry, recordAudit, SYSTEM_ACTOR } from '../audit/audit.service.ts';
import { urlProblem } from './webhooks.address.ts';
import {
  createEndpointSchema,
  MAX_ENDPOINTS_PER_MERCHANT,
  normalizeEvents,
  rollSecretSchema,
  toEndpoint,
  updateEndpointSchema,
} from './webhooks.dto.ts';
import { endpointNotFound, endpointOf } from './webhooks.lookup.ts';
import * as repo from './webhooks.repository.ts';
import { newWebhookSecret, previousSecretContext, secretContext } from './webhooks.secrets.ts';
import type { WebhooksDeps, WebhooksService } from './webhooks.service.ts';
import type { WebhookEndpointRow } from './webhooks.table.ts';

/**
 * A URL as the audit log keeps it: scheme, host and path. Query strings, fragments and user info
 * may carry tokens, and the log is read by every operator.
 */
export function auditUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(unparseable)';
  }
}

/** The audit entry of an endpoint's status change, or none when the status stays. */
function statusEntry(before: WebhookEndpointRow, after: Partial<WebhookEndpointRow>): AuditEntry | null {
  if (after.status === undefined || after.status === before.status) return null;
  return {
    action: after.status === 'enabled' ? 'webhook.enabled' : 'webhook.disabled',
    merchantId: before.merchant_id,
    targetType: 'webhook_endpoint',
    targetId: before.endpoint_id,
    before: { status: before.status, disabled_reason: before.disabled_reason },
    after: { status: after.status, disabled_reason: after.disabled_reason ?? null },
  };
}

export function endpointActions(
  deps: WebhooksDeps,
): Pick<
  WebhooksService,
  | 'createEndpoint'
  | 'listEndpoints'
  | 'getEndpoint'
  | 'updateEndpoint'
  | 'setEndpointEnabledAny'
  | 'deleteEndpoint'
  | 'rollSecret'
> {
  const { db, writer, box, outbox } = deps;
  const policy = { allowPrivate: deps.allowPrivate };

  /**
   * The URL as it is stored, shown and posted to: its WHATWG serialization (the form the address
   * rule checked and the sender connects to), so that what the portal and CLI show is where
   * deliveries go — an IDN host in punycode (no look-alike letters), backslashes, dot segments,
   * default ports and case resolved — and the rule applies to that form too (its length included).
   */
  function checkUrl(url: string, actor: AuditActor | undefined): string {
    const reader = actor?.type === 'merchant' ? 'merchant' : 'operator';
    let problem = urlProblem(url, policy, reader);
    const href = problem === null ? new URL(url).href : url;
    problem ??= urlProblem(href, policy, reader);
    if (problem) throw new AppError(4001, `url: ${problem}`);
    return href;
  }

  return {
    async createEndpoint(merchantId, input, opts = {}) {
      const i = parseInput(createEndpointSchema, input);
      const url = checkUrl(i.url, opts.actor);
      const secret = newWebhookSecret();
      const now = nowIso();
      const endpointId = newId('we_');
      const row: WebhookEndpointRow = {
        endpoint_id: endpointId,
        merchant_id: merchantId,
        url,
        events: normalizeEvents(i.events),
        description: i.description || null,
        secret_sealed: box.seal(secret, secretContext(endpointId)),
        previous_secret_sealed: null,
        previous_secret_expires_at: null,
        status: 'enabled',
        disabled_reason: null,
        failing_since: null,
        created_at: now,
        updated_at: now,
        deleted_at: null,
      };
      await writer.run(async (trx) => {
        const existing = await repo.listEndpoints(trx, merchantId);
        if (existing.length >= MAX_ENDPOINTS_PER_MERCHANT) {
          throw new AppError(
            4001,
            `url: ${fieldMessage('maxEndpoints', { max: MAX_ENDPOINTS_PER_MERCHANT })}`,
          );
        }
        await repo.insertEndpoint(trx, row);
        await recordAudit(trx, opts.actor ?? SYSTEM_ACTOR, {
          action: 'webhook.created',
          merchantId,
          targetType: 'webhook_endpoint',
          targetId: endpointId,
          after: { url: auditUrl(row.url), events: row.events, status: row.status },
        });
      });
      outbox.invalidate(merchantId);
      return { endpoint: toEndpoint(row), secret };
    },

    async listEndpoints(merchantId) {
      return (await repo.listEndpoints(db, merchantId)).map(toEndpoint);
    },

    async getEndpoint(merchantId, endpointId) {
      return toEndpoint(await endpointOf(db, merchantId, endpointId));
    },

    async updateEndpoint(merchantId, endpointId, input, opts = {}) {
      const i = parseInput(updateEndpointSchema, input);
      const url = i.url === undefined ? undefined : checkUrl(i.url, opts.actor);
      const current = await endpointOf(db, merchantId, endpointId);
      const now = nowIso();
      const set: Partial<WebhookEndpointRow> = { updated_at: now };
      if (url !== undefined) set.url = url;
      if (i.events !== undefined) set.events = normalizeEvents(i.events);
      if (i.description !== undefined) set.description = i.description || null;
      if (i.enabled === true)
        Object.assign(set, { status: 'enabled', disabled_reason: null, failing_since: null });
      if (i.enabled === false) Object.assign(set, { status: 'disabled', disabled_reason: 'merchant' });
      // What changed besides the status: URL, events, description (the URL as auditUrl keeps it).
      const changed = (['url', 'events', 'description'] as const).filter(
        (k) => set[k] !== undefined && set[k] !== current[k],
      );
      const shown = (r: Partial<WebhookEndpointRow>) =>
        Object.fromEntries(changed.map((k) => [k, k === 'url' ? auditUrl(r.url!) : r[k]]));
      const entries = [
        ...(changed.length > 0
          ? [
              {
                action: 'webhook.updated' as const,
                merchantId,
                targetType: 'webhook_endpoint',
                targetId: current.endpoint_id,
                before: shown(current),
                after: shown(set),
              },
            ]
          : []),
        ...[statusEntry(current, set)].filter((e) => e !== null),
      ];
      await writer.run(async (trx) => {
        if (!(await repo.updateEndpoint(trx, current.endpoint_id, set))) throw endpointNotFound();
        await recordAudit(trx, opts.actor ?? SYSTEM_ACTOR, entries);
      });
      outbox.invalidate(merchantId);
      return toEndpoint({ ...current, ...set });
    },

    async setEndpointEnabledAny(endpointId, enabled, opts = {}) {
      const current = await endpointOf(db, null, endpointId);
      if (current.status === (enabled ? 'enabled' : 'disabled')) return toEndpoint(current);
      const set: Partial<WebhookEndpointRow> = enabled
        ? { status: 'enabled', disabled_reason: null, failing_since: null, updated_at: nowIso() }
        : {
            status: 'disabled',
            disabled_reason: opts.actor?.type === 'operator' ? 'operator' : 'merchant',
            updated_at: nowIso(),
          };
      const entry = statusEntry(current, set);
      await writer.run(async (trx) => {
        if (!(await repo.updateEndpoint(trx, current.endpoint_id, set))) throw endpointNotFound();
        if (entry) await recordAudit(trx, opts.actor ?? SYSTEM_ACTOR, { ...entry, note: opts.note ?? null });
      });
      outbox.invalidate(current.merchant_id);
      return toEndpoint({ ...current, ...set });
    },

    async deleteEndpoint(owner, endpointId, opts = {}) {
      const current = await endpointOf(db, owner, endpointId);
      await writer.run(async (trx) => {
        // Deleted by a racing request meanwhile: gone, as for an unknown id (one audit entry).
        if (!(await repo.markDeleted(trx, current.endpoint_id, nowIso()))) throw endpointNotFound();
        await recordAudit(trx, opts.actor ?? SYSTEM_ACTOR, {
          action: 'webhook.deleted',
          merchantId: current.merchant_id,
          targetType: 'webhook_endpoint',
          targetId: current.endpoint_id,
          before: { url: auditUrl(current.url), events: current.events, status: current.status },
        });
      });
      outbox.deleted(current.merchant_id, current.endpoint_id);
      return toEndpoint(current);
    },

    async rollSecret(merchantId, endpointId, input, opts = {}) {
      const { grace_hours } = parseInput(rollSecretSchema, asParams(input));
      const current = await endpointOf(db, merchantId, endpointId);
      const secret = newWebhookSecret();
      const now = Date.now();
      const id = current.endpoint_id;
      const set: Partial<WebhookEndpointRow> = {
        secret_sealed: box.seal(secret, secretContext(id)),
        previous_secret_sealed:
          grace_hours > 0
            ? box.seal(box.open(current.secret_sealed, secretContext(id)), previousSecretContext(id))
            : null,
        previous_secret_expires_at:
          grace_hours > 0 ? new Date(now + grace_hours * 3_600_000).toISOString() : null,
        updated_at: new Date(now).toISOString(),
      };
      await writer.run(async (trx) => {
        if (!(await repo.updateEndpoint(trx, id, set))) throw endpointNotFound();
        await recordAudit(trx, opts.actor ?? SYSTEM_ACTOR, {
          action: 'webhook.secret_rolled',
          merchantId,
          targetType: 'webhook_endpoint',
          targetId: id,
          after: { grace_hours, previous_secret_expires_at: set.previous_secret_expires_at },
        });
      });
      return { endpoint: toEndpoint({ ...current, ...set }), secret };
    },
  };
}
