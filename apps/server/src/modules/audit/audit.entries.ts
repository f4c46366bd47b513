import type { AppSummary } from '../apps/apps.service.ts';
import type { AppStatus } from '../apps/apps.table.ts';
import type { TokenSummary } from '../tokens/tokens.service.ts';
import type { AuditEntry } from './audit.service.ts';

/**
 * The audit entries of changes that more than one door makes through an `inUnit` hook (the
 * portal or the console, and the operator CLI): each action's entry is built here once, so every
 * door records the same action, target, before/after (ids, statuses, flags: never a secret).
 * The services that take an actor (orders, credit, merchants, webhooks) build theirs themselves.
 */
export const auditEntries = {
  appCreated: (merchantId: string, app: AppSummary): AuditEntry => ({
    action: 'app.created',
    merchantId,
    targetType: 'app',
    targetId: app.app_id,
    after: { name: app.name, status: app.status },
  }),

  appRotated: (merchantId: string, app: AppSummary): AuditEntry => ({
    action: 'app.rotated',
    merchantId,
    targetType: 'app',
    targetId: app.app_id,
    after: { keys_rotated_at: app.keys_rotated_at },
  }),

  /** Null when the status did not change (enabling an enabled App records nothing). */
  appStatus: (merchantId: string, before: AppStatus, after: AppSummary): AuditEntry | null =>
    before === after.status
      ? null
      : {
          action: after.status === 'disabled' ? 'app.disabled' : 'app.enabled',
          merchantId,
          targetType: 'app',
          targetId: after.app_id,
          before: { status: before },
          after: { status: after.status },
        },

  apiKeyGenerated: (
    merchantId: string,
    key: { user_id: string; read_only: boolean; replaced: boolean },
  ): AuditEntry => ({
    action: 'api_key.generated',
    merchantId,
    targetType: 'api_key',
    targetId: key.user_id,
    after: { read_only: key.read_only, replaced_previous: key.replaced },
  }),

  tokenCreated: (merchantId: string, t: TokenSummary): AuditEntry => ({
    action: 'token.created',
    merchantId,
    targetType: 'token',
    targetId: t.token,
    after: { name: t.name, read_only: t.read_only },
  }),

  tokenRevoked: (merchantId: string, t: TokenSummary): AuditEntry => ({
    action: 'token.revoked',
    merchantId,
    targetType: 'token',
    targetId: t.token,
    before: { status: 'active' },
    after: { status: 'revoked' },
  }),

  /** A login's two-step sign-in removed by an operator (two-factor.reset.ts: the console, the CLI). */
  twoFactorReset: (subjectId: string, merchantId: string | null, note: string | null): AuditEntry => ({
    action: 'two_factor.reset',
    merchantId,
    targetType: merchantId ? 'merchant_user' : 'operator',
    targetId: subjectId,
    before: { enabled: true },
    after: { enabled: false },
    note,
  }),

  catalogImported: (
    counts: { products: number; skus: number; inserted: number; updated: number },
    note?: string,
  ): AuditEntry => ({
    action: 'catalog.imported',
    targetType: 'catalog',
    after: counts,
    note: note ?? null,
  }),
};
