import type { Kysely } from 'kysely';
import type { Database, DialectName } from './db/database.ts';
import type { Writer } from './db/writer.ts';
import { type ApiKeysService, createApiKeysService } from './modules/api-keys/api-keys.service.ts';
import { type AppsService, createAppsService } from './modules/apps/apps.service.ts';
import { type CatalogService, createCatalogService } from './modules/catalog/catalog.service.ts';
import { type CreditService, createCreditService } from './modules/credit/credit.service.ts';
import { createMerchantsService, type MerchantsService } from './modules/merchants/merchants.service.ts';
import { createFileNonceStore } from './modules/nonces/nonces.file-store.ts';
import { createNonceStore, type DbNonceStore } from './modules/nonces/nonces.service.ts';
import { type AuditService, createAuditService } from './modules/audit/audit.service.ts';
import { createProfilesService, type ProfilesService } from './modules/merchants/merchants.profile.ts';
import { createOperatorsService, type OperatorsService } from './modules/operators/operators.service.ts';
import { createSessionsService, type SessionsService } from './modules/sessions/sessions.service.ts';
import { createOrdersService, type OrdersService } from './modules/orders/orders.service.ts';
import { createTokensService, type TokensService } from './modules/tokens/tokens.service.ts';
import { createTwoFactorService, type TwoFactorService } from './modules/two-factor/two-factor.service.ts';
import { withOrderEvents } from './modules/webhooks/webhooks.orders.ts';
import { createOutbox, type WebhookOutbox } from './modules/webhooks/webhooks.outbox.ts';
import { createWebhooksService, type WebhooksService } from './modules/webhooks/webhooks.service.ts';
import { countingClaims } from './ops/metrics.ts';
import { createSecretBox, type SecretBox } from './shared/secret-box.ts';

export type { ApiKeySummary, AuthApiKey, NewApiKey } from './modules/api-keys/api-keys.service.ts';
export type { AppCredentials, AppSummary, AuthApp } from './modules/apps/apps.service.ts';
export type { AuthToken, NewToken, TokenSummary } from './modules/tokens/tokens.service.ts';
export type { Product, ProductInput, Sku } from './modules/catalog/catalog.service.ts';
export type { Credit, CreditAdjustment, CreditTransaction } from './modules/credit/credit.service.ts';
export type { MerchantLogin, NewMerchant } from './modules/merchants/merchants.service.ts';
export type { NonceStore } from './modules/nonces/nonces.service.ts';
export type {
  Actor,
  BatchOrder,
  BatchOrderItem,
  BulkRowError,
  MutationOptions,
  OperatorOrder,
  Order,
  ShippingAddress,
  ShipRow,
  TransitionOutcome,
} from './modules/orders/orders.service.ts';
export type { Page } from './shared/validation.ts';

/** Every business rule, for every door (docs/architecture.md "Services"). */
export interface Services {
  catalog: CatalogService;
  orders: OrdersService;
  credit: CreditService;
  merchants: MerchantsService;
  apps: AppsService;
  /** Action API keys (one per portal user). */
  apiKeys: ApiKeysService;
  /** WallTech API tokens (several per merchant). */
  tokens: TokensService;
  nonces: DbNonceStore;
  webhooks: WebhooksService;
  /** The webhook outbox: written inside the units of the changes it reports; read by the delivery worker. */
  outbox: WebhookOutbox;
  /** The one SecretBox (the delivery worker opens endpoint secrets with it). */
  box: SecretBox;
  /** Merchant profile and bank account (the account number sealed). */
  profiles: ProfilesService;
  /** Console logins. */
  operators: OperatorsService;
  /** Browser sessions of the portal and the console. */
  sessions: SessionsService;
  /** Two-step sign-in (TOTP and recovery codes) of merchant logins and operators. */
  twoFactor: TwoFactorService;
  /** The append-only audit log (entries are written inside each change's unit: recordAudit). */
  audit: AuditService;
  /** Stops background work (the nonce purge). The database itself is closed by its owner. */
  close(): void;
}

export interface ServicesDeps {
  db: Kysely<Database>;
  writer: Writer;
  /** 32 bytes; seals every credential secret at rest: App keys, API keys, token Secret Keys. */
  masterKey: Buffer;
  dialect: DialectName;
  /** SQLite: the replay guard's own file (modules/nonces/nonces.file-store.ts); unset = in the database. */
  nonceFile?: string | undefined;
  /** A replay guard built by the caller (Redis, context.ts); wins over nonceFile and nonceDb. */
  nonceStore?: DbNonceStore | undefined;
  /** PostgreSQL: the replay guard's own pool (db/dialect.ts); unset = claims go through the writer. */
  nonceDb?: Kysely<Database> | undefined;
  /**
   * Lifetime of the three credential caches (Apps, API keys, tokens; default 5 s): bounds how
   * stale another process's rotation, revocation or suspension can be here.
   */
  authCacheTtlMs?: number;
  /** TRADEPOST_WEBHOOK_ALLOW_PRIVATE: endpoints may be http:// or private addresses. */
  webhookAllowPrivate?: boolean | undefined;
  /** Browser sessions: inactivity and absolute timeouts (defaults 30 min and 12 h). */
  sessionIdleSeconds?: number | undefined;
  sessionMaxSeconds?: number | undefined;
  /** Product list pages and totals (config.ts `catalogCacheMs`; default 1 s, 0 = off). */
  catalogCacheMs?: number | undefined;
  /** Who listens, per merchant, in the webhook outbox (config.ts `webhookListenersCacheMs`). */
  webhookListenersCacheMs?: number | undefined;
}

export function createServices(deps: ServicesDeps): Services {
  const { db, writer } = deps;
  // One box for every sealed secret; each seal's context (AAD) names its table, row and role.
  const box = createSecretBox(deps.masterKey);
  const cacheTtlMs = deps.authCacheTtlMs;
  const apps = createAppsService({ db, writer, box, cacheTtlMs });
  const apiKeys = createApiKeysService({ db, writer, box, cacheTtlMs });
  const tokens = createTokensService({ db, writer, box, cacheTtlMs });
  const outbox = createOutbox({ cacheTtlMs: deps.webhookListenersCacheMs });
  const nonces = countingClaims(
    deps.nonceStore ??
      (deps.nonceFile
        ? createFileNonceStore(deps.nonceFile)
        : createNonceStore({ writer, db: deps.nonceDb })),
  );
  const catalog = createCatalogService({
    db,
    writer,
    dialect: deps.dialect,
    cacheTtlMs: deps.catalogCacheMs,
  });
  return {
    catalog,
    orders: withOrderEvents(
      createOrdersService({ db, writer, dialect: deps.dialect, stockChanged: catalog.stockChanged }),
      outbox,
      { oneStatement: deps.dialect === 'postgres' },
    ),
    credit: createCreditService({
      db,
      writer,
      events: {
        entryAppended: (trx, account, before) =>
          outbox.creditChanged(trx, account, before, { updated: true }),
        statusChanged: (trx, account) =>
          outbox.creditChanged(trx, account, account.credit_limit - account.used, { updated: true }),
      },
    }),
    merchants: createMerchantsService({
      db,
      writer,
      onStatusChange: (id) => {
        apps.invalidateMerchant(id);
        apiKeys.invalidateMerchant(id);
        tokens.invalidateMerchant(id);
      },
    }),
    apps,
    apiKeys,
    tokens,
    nonces,
    webhooks: createWebhooksService({
      db,
      writer,
      box,
      outbox,
      allowPrivate: deps.webhookAllowPrivate ?? false,
    }),
    outbox,
    box,
    profiles: createProfilesService({ db, writer, box }),
    operators: createOperatorsService({ db, writer, masterKey: deps.masterKey }),
    sessions: createSessionsService({
      db,
      writer,
      masterKey: deps.masterKey,
      idleSeconds: deps.sessionIdleSeconds ?? 30 * 60,
      absoluteSeconds: deps.sessionMaxSeconds ?? 12 * 60 * 60,
    }),
    twoFactor: createTwoFactorService({ db, writer, box }),
    audit: createAuditService({ db, writer }),
    close: () => nonces.stop(),
  };
}
