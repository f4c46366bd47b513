import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { InUnit, Writer } from '../../db/writer.ts';
import { AppError } from '../../shared/app-error.ts';
import { createAuthCache } from '../../shared/auth-cache.ts';
import { newAppId, randomAlphanumeric } from '../../shared/ids.ts';
import type { SecretBox } from '../../shared/secret-box.ts';
import { nowIso, wireTime } from '../../shared/time.ts';
import * as merchantsRepo from '../merchants/merchants.repository.ts';
import { credentialState, parseCredentialLabel } from '../merchants/merchants.rules.ts';
import * as repo from './apps.repository.ts';
import type { AppRow, AppStatus } from './apps.table.ts';

/** Shown once, at creation or rotation (bend-v1.md "Credentials"). */
export interface AppCredentials {
  app_id: string;
  secret_key: string;
  sign_key: string;
}

/** What `list` shows: never the keys. */
export interface AppSummary {
  app_id: string;
  name: string;
  status: AppStatus;
  created_at: string;
  keys_rotated_at: string;
  /** The last authenticated request, to the minute; null if never. */
  last_used_at: string | null;
}

/** Runs inside the change's writer unit (the audit entry commits with it). */

export interface AuthApp {
  appId: string;
  merchantId: string;
  secretKey: string;
  signKey: string;
  /**
   * 'disabled' when the App is disabled OR its merchant is suspended (bend-v1.md step 2: both
   * answer 1003 "App disabled"): `credentialState` in merchants.rules.ts.
   */
  status: AppStatus;
}

export interface AppsService {
  create(merchantId: string, name: string, opts?: { inUnit?: InUnit<AppSummary> }): Promise<AppCredentials>;
  rotate(merchantId: string, appId: string, opts?: { inUnit?: InUnit<AppSummary> }): Promise<AppCredentials>;
  setStatus(
    merchantId: string,
    appId: string,
    status: AppStatus,
    opts?: { inUnit?: InUnit<{ before: AppStatus; after: AppSummary }> },
  ): Promise<AppSummary>;
  /** Records a use (at most one write a minute per App, never awaited by the request). */
  touch(appId: string): void;
  list(merchantId: string): Promise<AppSummary[]>;
  lookupForAuth(appId: string): Promise<AuthApp | null>;
  /** Drops cached credentials of one merchant's apps (its status changed). */
  invalidateMerchant(merchantId: string): void;
}

const toSummary = (a: AppRow): AppSummary => ({
  app_id: a.app_id,
  name: a.name,
  status: a.status,
  created_at: wireTime(a.created_at),
  keys_rotated_at: wireTime(a.keys_rotated_at),
  last_used_at: a.last_used_at === null ? null : wireTime(a.last_used_at),
});

// AAD binds each sealed key to its app and role: a sealed value copied elsewhere will not open.
export const secretContext = (appId: string) => `apps:${appId}:secret_key`;
export const signContext = (appId: string) => `apps:${appId}:sign_key`;

const TOUCH_INTERVAL_MS = 60_000;

const UNKNOWN_APP = 'app_id: unknown app';
const unknownApp = () => new AppError(4001, UNKNOWN_APP);

/** No such app, or another merchant's (4001 on the B-End): the portal says 404, the CLI not_found. */
export const isUnknownApp = (e: unknown): boolean => e instanceof AppError && e.message === UNKNOWN_APP;

export function createAppsService(deps: {
  db: Kysely<Database>;
  writer: Writer;
  box: SecretBox;
  /** How long a decrypted lookup is trusted (shared/auth-cache.ts; default 5 s). */
  cacheTtlMs?: number | undefined;
  cacheMaxEntries?: number | undefined;
}): AppsService {
  const { db, writer, box } = deps;
  // When this process last wrote last_used_at per App; the WHERE clause covers other processes.
  const touched = new Map<string, number>();
  const cache = createAuthCache<AuthApp>({ ttlMs: deps.cacheTtlMs, maxEntries: deps.cacheMaxEntries });

  const newKeys = (appId: string) => {
    const secretKey = randomAlphanumeric(32);
    const signKey = randomAlphanumeric(32);
    return {
      secretKey,
      signKey,
      secretSealed: box.seal(secretKey, secretContext(appId)),
      signSealed: box.seal(signKey, signContext(appId)),
    };
  };

  return {
    async create(merchantId, name, opts = {}) {
      const label = parseCredentialLabel(name);
      const appId = newAppId();
      const k = newKeys(appId);
      await writer.run(async (trx) => {
        const now = nowIso();
        if (!(await merchantsRepo.findMerchant(trx, merchantId)))
          throw new AppError(4001, 'merchant_id: unknown merchant');
        await repo.insertApp(trx, {
          app_id: appId,
          merchant_id: merchantId,
          name: label,
          secret_key_sealed: k.secretSealed,
          sign_key_sealed: k.signSealed,
          status: 'active',
          created_at: now,
          updated_at: now,
          keys_rotated_at: now,
          last_used_at: null,
        });
        if (opts.inUnit)
          await opts.inUnit(trx, toSummary((await repo.findMerchantApp(trx, merchantId, appId))!));
      });
      return { app_id: appId, secret_key: k.secretKey, sign_key: k.signKey };
    },

    async rotate(merchantId, appId, opts = {}) {
      const k = newKeys(appId);
      await writer.run(async (trx) => {
        const ok = await repo.updateKeys(trx, {
          merchantId,
          appId,
          secretSealed: k.secretSealed,
          signSealed: k.signSealed,
          now: nowIso(),
        });
        if (!ok) throw unknownApp();
        if (opts.inUnit)
          await opts.inUnit(trx, toSummary((await repo.findMerchantApp(trx, merchantId, appId))!));
      });
      cache.invalidate(appId);
      return { app_id: appId, secret_key: k.secretKey, sign_key: k.signKey };
    },

    async setStatus(merchantId, appId, status, opts = {}) {
      if (status !== 'active' && status !== 'disabled')
        throw new AppError(4001, 'status: must be active or disabled');
      const row = await writer.run(async (trx) => {
        const before = await repo.findMerchantApp(trx, merchantId, appId);
        if (!before || !(await repo.updateStatus(trx, merchantId, appId, status, nowIso())))
          throw unknownApp();
        const after = await repo.findMerchantApp(trx, merchantId, appId);
        await opts.inUnit?.(trx, { before: before.status, after: toSummary(after!) });
        return after;
      });
      cache.invalidate(appId);
      return toSummary(row!);
    },

    async list(merchantId) {
      return (await repo.listApps(db, merchantId)).map(toSummary);
    },

    lookupForAuth(appId) {
      return cache.get(appId, async () => {
        const row = await repo.findAppForAuth(db, appId);
        if (!row) return null;
        return {
          appId: row.app_id,
          merchantId: row.merchant_id,
          secretKey: box.open(row.secret_key_sealed, secretContext(row.app_id)),
          signKey: box.open(row.sign_key_sealed, signContext(row.app_id)),
          status: credentialState(row.status, row.merchant_status).active ? 'active' : 'disabled',
        };
      });
    },

    touch(appId) {
      const nowMs = Date.now();
      const last = touched.get(appId);
      if (last !== undefined && nowMs - last < TOUCH_INTERVAL_MS) return;
      if (touched.size >= 10_000) touched.clear();
      touched.set(appId, nowMs);
      const staleBefore = nowIso(new Date(nowMs - TOUCH_INTERVAL_MS));
      // Its own small unit, never part of the request's; a failure only loses a timestamp.
      writer
        .run((trx) => repo.touchApp(trx, appId, nowIso(new Date(nowMs)), staleBefore))
        .catch(() => undefined);
    },

    invalidateMerchant(merchantId) {
      cache.invalidateWhere((app) => app.merchantId === merchantId);
    },
  };
}
