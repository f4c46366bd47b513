import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Writer } from '../../db/writer.ts';
import { AppError } from '../../shared/app-error.ts';
import { createAuthCache } from '../../shared/auth-cache.ts';
import { newId } from '../../shared/ids.ts';
import type { SecretBox } from '../../shared/secret-box.ts';
import { nowIso, wireTime } from '../../shared/time.ts';
import * as merchantsRepo from '../merchants/merchants.repository.ts';
import { credentialState, normalizeEmail } from '../merchants/merchants.rules.ts';
import * as repo from './api-keys.repository.ts';
import type { ApiKeyRow } from './api-keys.table.ts';

/** Shown once, when generated (action-api.md "Credentials"): `user_id` is the login e-mail. */
export interface NewApiKey {
  user_id: string;
  api_key: string;
  read_only: boolean;
  created_at: string;
}

/** What may be shown later: never the key. */
export interface ApiKeySummary {
  user_id: string;
  read_only: boolean;
  created_at: string;
}

export interface AuthApiKey {
  keyId: string;
  /** The login e-mail, lowercased: the Action API `UserID`. */
  userId: string;
  merchantId: string;
  apiKey: string;
  readOnly: boolean;
  /** 'disabled' when the portal user is disabled or the merchant suspended (both E009): `credentialState`. */
  status: 'active' | 'disabled';
}

export interface ApiKeysService {
  /** Generates the user's key; an existing active key is revoked in the same transaction. */
  create(
    email: string,
    opts?: {
      readOnly?: boolean;
      /** Runs inside the change's writer unit (the audit entry commits with it); never sees the key. */
      inUnit?: (
        trx: Transaction<Database>,
        key: ApiKeySummary & { merchant_id: string; replaced: boolean },
      ) => Promise<void>;
    },
  ): Promise<NewApiKey>;
  /** Revokes the user's active key; false if there was none. */
  revoke(email: string): Promise<boolean>;
  get(email: string): Promise<ApiKeySummary | null>;
  /** The active key of the user with this e-mail, decrypted (cached briefly). */
  lookupForAuth(email: string): Promise<AuthApiKey | null>;
  invalidateMerchant(merchantId: string): void;
}

// AAD binds a sealed key to its row: copied into another row it will not open.
export const keyContext = (keyId: string) => `api_keys:${keyId}:api_key`;
const unknownUser = () => new AppError(4001, 'email: no portal user with this email');

const toSummary = (row: ApiKeyRow, email: string): ApiKeySummary => ({
  user_id: email,
  read_only: row.read_only === 1,
  created_at: wireTime(row.created_at),
});

export function createApiKeysService(deps: {
  db: Kysely<Database>;
  writer: Writer;
  box: SecretBox;
  cacheTtlMs?: number | undefined;
}): ApiKeysService {
  const { db, writer, box } = deps;
  const cache = createAuthCache<AuthApiKey>({ ttlMs: deps.cacheTtlMs });

  return {
    async create(email, opts = {}) {
      const user = await merchantsRepo.findUserByEmail(db, normalizeEmail(email));
      if (!user) throw unknownUser();
      const keyId = newId('AKY');
      // 160 bits, lowercase hex: the SellerCenter key shape clients expect.
      const apiKey = randomBytes(20).toString('hex');
      const now = nowIso();
      const row: ApiKeyRow = {
        key_id: keyId,
        user_id: user.user_id,
        merchant_id: user.merchant_id,
        api_key_sealed: box.seal(apiKey, keyContext(keyId)),
        read_only: opts.readOnly ? 1 : 0,
        status: 'active',
        created_at: now,
        revoked_at: null,
      };
      try {
        await writer.run(async (trx) => {
          const replaced = await repo.revokeActive(trx, user.user_id, now);
          await repo.insertKey(trx, row);
          await opts.inUnit?.(trx, {
            ...toSummary(row, user.email),
            merchant_id: user.merchant_id,
            replaced,
          });
        });
      } catch (e) {
        // Only a concurrent regeneration for the same user can hit the one-active index.
        if (isUniqueViolation(e))
          throw new AppError(4001, 'email: a key is being generated for this user right now; retry');
        throw e;
      }
      cache.invalidate(user.email);
      return {
        user_id: user.email,
        api_key: apiKey,
        read_only: row.read_only === 1,
        created_at: wireTime(now),
      };
    },

    async revoke(email) {
      const user = await merchantsRepo.findUserByEmail(db, normalizeEmail(email));
      if (!user) throw unknownUser();
      const revoked = await writer.run((trx) => repo.revokeActive(trx, user.user_id, nowIso()));
      cache.invalidate(user.email);
      return revoked;
    },

    async get(email) {
      const user = await merchantsRepo.findUserByEmail(db, normalizeEmail(email));
      if (!user) return null;
      const row = await repo.findActiveKey(db, user.user_id);
      return row ? toSummary(row, user.email) : null;
    },

    lookupForAuth(email) {
      const normalized = normalizeEmail(email);
      if (!normalized) return Promise.resolve(null);
      return cache.get(normalized, async () => {
        const row = await repo.findActiveKeyByEmail(db, normalized);
        if (!row) return null;
        return {
          keyId: row.key_id,
          userId: row.email,
          merchantId: row.merchant_id,
          apiKey: box.open(row.api_key_sealed, keyContext(row.key_id)),
          readOnly: row.read_only === 1,
          status: credentialState(row.user_status, row.merchant_status).active ? 'active' : 'disabled',
        };
      });
    },

    invalidateMerchant(merchantId) {
      cache.invalidateWhere((k) => k.merchantId === merchantId);
    },
  };
}
