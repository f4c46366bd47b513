import { isWalltechToken } from '@tradepost/protocol';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Writer } from '../../db/writer.ts';
import { AppError } from '../../shared/app-error.ts';
import { createAuthCache } from '../../shared/auth-cache.ts';
import { randomAlphanumeric } from '../../shared/ids.ts';
import type { SecretBox } from '../../shared/secret-box.ts';
import { nowIso, wireTime } from '../../shared/time.ts';
import * as merchantsRepo from '../merchants/merchants.repository.ts';
import {
  type CredentialInactiveReason,
  credentialState,
  parseCredentialLabel,
} from '../merchants/merchants.rules.ts';
import * as repo from './tokens.repository.ts';
import type { ApiTokenRow, TokenStatus } from './tokens.table.ts';

/** Shown once, at creation (walltech.md "Credentials"). */
export interface NewToken {
  token: string;
  secret_key: string;
  name: string;
  read_only: boolean;
  created_at: string;
}

/** What `list` shows: never the Secret Key. */
export interface TokenSummary {
  token: string;
  name: string;
  read_only: boolean;
  status: TokenStatus;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface AuthToken {
  token: string;
  merchantId: string;
  secretKey: string;
  readOnly: boolean;
  /** 'revoked' when the token is revoked OR its merchant suspended: either way it may not act. */
  status: 'active' | 'revoked';
  /** Why it may not act (null while active): `credentialState`. The door words its 1003 by it. */
  inactiveReason: CredentialInactiveReason | null;
}

export interface TokensService {
  /** `unit.inUnit` runs inside the change's writer unit (the audit entry commits with it). */
  create(
    merchantId: string,
    opts: { name: string; readOnly?: boolean; createdBy?: string | null },
    unit?: { inUnit?: (trx: Transaction<Database>, token: TokenSummary) => Promise<void> },
  ): Promise<NewToken>;
  /** Revokes one token (only among this merchant's, when given). Null if no such token. */
  revoke(
    token: string,
    merchantId?: string,
    unit?: {
      inUnit?: (trx: Transaction<Database>, token: TokenSummary & { merchant_id: string }) => Promise<void>;
    },
  ): Promise<TokenSummary | null>;
  list(merchantId: string): Promise<TokenSummary[]>;
  lookupForAuth(token: string): Promise<AuthToken | null>;
  /** Records a use. Cheap: at most one write per token per interval, never awaited by the request. */
  touch(token: string): void;
  invalidateMerchant(merchantId: string): void;
}

// The spec asks for 22+ chars; 32 alphanumerics are ~190 bits.
const SECRET_LENGTH = 32;
const TOKEN_LENGTH = 26; // walltech.md; isWalltechToken checks the same form
export const secretContext = (token: string) => `api_tokens:${token}:secret_key`;

const toSummary = (t: ApiTokenRow): TokenSummary => ({
  token: t.token,
  name: t.name,
  read_only: t.read_only === 1,
  status: t.status,
  created_at: wireTime(t.created_at),
  revoked_at: t.revoked_at === null ? null : wireTime(t.revoked_at),
  last_used_at: t.last_used_at === null ? null : wireTime(t.last_used_at),
});

export function createTokensService(deps: {
  db: Kysely<Database>;
  writer: Writer;
  box: SecretBox;
  cacheTtlMs?: number | undefined;
  /** Minimum time between two last_used_at writes for one token (default 60 s). */
  touchIntervalMs?: number;
  /** Where a failed last_used_at write is reported (it never fails a request). */
  onTouchError?: (err: unknown) => void;
}): TokensService {
  const { db, writer, box } = deps;
  const cache = createAuthCache<AuthToken>({ ttlMs: deps.cacheTtlMs });
  const touchInterval = deps.touchIntervalMs ?? 60_000;
  // When this process last wrote last_used_at per token; the WHERE clause covers other processes.
  const touched = new Map<string, number>();

  return {
    async create(merchantId, opts, unit = {}) {
      const name = parseCredentialLabel(opts.name);
      const token = randomAlphanumeric(TOKEN_LENGTH);
      const secretKey = randomAlphanumeric(SECRET_LENGTH);
      const now = nowIso();
      await writer.run(async (trx) => {
        if (!(await merchantsRepo.findMerchant(trx, merchantId)))
          throw new AppError(4001, 'merchant_id: unknown merchant');
        await repo.insertToken(trx, {
          token,
          merchant_id: merchantId,
          created_by: opts.createdBy ?? null,
          name,
          secret_key_sealed: box.seal(secretKey, secretContext(token)),
          read_only: opts.readOnly ? 1 : 0,
          status: 'active',
          created_at: now,
          revoked_at: null,
          last_used_at: null,
        });
        if (unit.inUnit) await unit.inUnit(trx, toSummary((await repo.findToken(trx, token))!));
      });
      return {
        token,
        secret_key: secretKey,
        name,
        read_only: opts.readOnly === true,
        created_at: wireTime(now),
      };
    },

    async revoke(token, merchantId, unit = {}) {
      if (typeof token !== 'string' || token === '') return null;
      const row = await writer.run(async (trx) => {
        const before = await repo.findToken(trx, token);
        await repo.revokeToken(trx, token, merchantId, nowIso());
        const found = await repo.findToken(trx, token);
        const mine =
          found && (merchantId === undefined || found.merchant_id === merchantId) ? found : undefined;
        // Audited only when this call revoked it: repeating a revoke records nothing new.
        if (mine && before?.status === 'active')
          await unit.inUnit?.(trx, { ...toSummary(mine), merchant_id: mine.merchant_id });
        return mine;
      });
      cache.invalidate(token);
      return row ? toSummary(row) : null;
    },

    async list(merchantId) {
      return (await repo.listTokens(db, merchantId)).map(toSummary);
    },

    lookupForAuth(token) {
      if (!isWalltechToken(token)) return Promise.resolve(null);
      return cache.get(token, async () => {
        const row = await repo.findTokenForAuth(db, token);
        if (!row) return null;
        const state = credentialState(row.status, row.merchant_status);
        return {
          token: row.token,
          merchantId: row.merchant_id,
          secretKey: box.open(row.secret_key_sealed, secretContext(row.token)),
          readOnly: row.read_only === 1,
          status: state.active ? 'active' : 'revoked',
          inactiveReason: state.reason,
        };
      });
    },

    touch(token) {
      const nowMs = Date.now();
      const last = touched.get(token);
      if (last !== undefined && nowMs - last < touchInterval) return;
      if (touched.size >= 10_000) touched.clear();
      touched.set(token, nowMs);
      const now = nowIso(new Date(nowMs));
      const staleBefore = nowIso(new Date(nowMs - touchInterval));
      // Fire and forget: its own small writer unit, never part of the request's own transaction.
      writer
        .run((trx) => repo.touchToken(trx, token, now, staleBefore))
        .catch((err: unknown) => deps.onTouchError?.(err));
    },

    invalidateMerchant(merchantId) {
      cache.invalidateWhere((t) => t.merchantId === merchantId);
    },
  };
}
