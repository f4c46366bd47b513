import {
  DEFAULT_ENTRY_DESCRIPTIONS,
  fieldIssue,
  fieldMessage,
  isOneLine,
  newPassword,
  ONE_LINE_ERROR,
} from '@tradepost/web-contract';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { InUnit, Writer } from '../../db/writer.ts';
import { AppError } from '../../shared/app-error.ts';
import { newId } from '../../shared/ids.ts';
import { isCurrencyWithCents, parseMoney } from '../../shared/money.ts';
import {
  DUMMY_HASH,
  hashPassword,
  needsRehash,
  newTemporaryPassword,
  verifyPassword,
} from '../../shared/password.ts';
import { nowIso } from '../../shared/time.ts';
import { parseInput } from '../../shared/validation.ts';
import { type AuditActor, recordAudit } from '../audit/audit.service.ts';
import * as creditRepo from '../credit/credit.repository.ts';
import * as repo from './merchants.repository.ts';
import { EMAIL_TAKEN, emailSchema, maskEmail, normalizeEmail } from './merchants.rules.ts';
import type { MerchantStatus } from './merchants.table.ts';

export interface NewMerchant {
  email: string;
  password: string;
  name: string;
  /** Initial credit limit as a 2-decimal string, e.g. "5000.00". */
  creditLimit: string;
  /** ISO 4217, default USD. */
  currency?: string | undefined;
}

export interface MerchantLogin {
  merchantId: string;
  userId: string;
  email: string;
  name: string;
  /** The merchant company's status. */
  status: MerchantStatus;
  /** Set by an operator's password reset: the portal allows only a password change until then. */
  mustChangePassword: boolean;
}

/** Runs inside the same writer unit as the change (an audit entry, ending sessions). */
export type { InUnit };

export interface MerchantsService {
  /**
   * The merchant, its login and its credit line, audited (`merchant.created`) in the same unit
   * as `opts.actor` (the console's operator, the CLI's `SYSTEM_ACTOR`), when given.
   */
  create(
    input: NewMerchant,
    opts?: {
      mustChangePassword?: boolean;
      actor?: AuditActor | undefined;
      inUnit?: InUnit<{ merchantId: string; userId: string; email: string }>;
    },
  ): Promise<{ merchantId: string; userId: string }>;
  findByEmail(email: string): Promise<MerchantLogin | null>;
  /**
   * The login when email and password match (and null otherwise, in constant-ish time: an unknown
   * e-mail costs one scrypt of today's size too). A hash of an older cost is replaced on the spot;
   * `rehashed` says so (for the sign-in's audit line).
   */
  authenticate(email: string, password: string): Promise<(MerchantLogin & { rehashed: boolean }) | null>;
  /** The login of a portal user id (a session's subject), or null. */
  getLogin(userId: string): Promise<MerchantLogin | null>;
  /**
   * Suspends or reactivates; a real change is audited (`merchant.suspended` /
   * `merchant.reactivated`, with `opts.note`) in its unit as `opts.actor`, when given.
   */
  setStatus(
    merchantId: string,
    status: MerchantStatus,
    opts?: {
      actor?: AuditActor | undefined;
      note?: string | null | undefined;
      inUnit?: InUnit<{ before: MerchantStatus }>;
    },
  ): Promise<void>;
  /** Checks the current password, stores the new one (≥ 12 characters) and clears the must-change flag. */
  changePassword(
    userId: string,
    current: string,
    next: string,
    opts?: { inUnit?: InUnit<MerchantLogin> },
  ): Promise<void>;
  /**
   * Replaces the merchant's login e-mail (its sign-in and Action API `UserID`), normalized as at
   * creation; a taken one is refused with EMAIL_TAKEN and nothing changes. The same e-mail again
   * changes nothing and runs no `inUnit`; `changed` says which. The credential caches forget the
   * merchant, so the old `UserID` stops authenticating at once.
   */
  changeEmail(
    merchantId: string,
    email: string,
    opts?: { inUnit?: InUnit<{ userId: string; before: string; after: string }> },
  ): Promise<{ userId: string; email: string; changed: boolean }>;
  /** A temporary password for the merchant's login, shown once; must be changed at next sign-in. */
  resetPassword(
    merchantId: string,
    opts?: { inUnit?: InUnit<{ userId: string; email: string }> },
  ): Promise<{ userId: string; email: string; temporaryPassword: string }>;
}

const createSchema = z.object({
  email: emailSchema,
  password: z
    .string()
    .min(8, fieldIssue('minChars', { min: 8 }))
    .max(1024),
  name: z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(200)
    .refine(isOneLine, { error: ONE_LINE_ERROR }),
  creditLimit: z.string(),
  currency: z.string().refine(isCurrencyWithCents, fieldIssue('currencyWithCents')).default('USD'),
});

export function createMerchantsService(deps: {
  db: Kysely<Database>;
  writer: Writer;
  /**
   * Lets the credential services (apps, API keys, tokens) drop cached credentials of this merchant:
   * after a status change, and after a login e-mail change (the Action API key is found by it).
   */
  onStatusChange?: (merchantId: string) => void;
}): MerchantsService {
  const { db, writer } = deps;

  const toLogin = (u: NonNullable<Awaited<ReturnType<typeof repo.findUserByEmail>>>): MerchantLogin => ({
    merchantId: u.merchant_id,
    userId: u.user_id,
    email: u.email,
    name: u.merchant_name,
    status: u.merchant_status,
    mustChangePassword: u.must_change_password === 1,
  });

  return {
    async create(input, opts = {}) {
      const m = parseInput(createSchema, input);
      const limit = parseMoney(m.creditLimit);
      if (limit === null || limit < 0)
        throw new AppError(4001, 'creditLimit: must be a non-negative decimal like "5000.00"');
      const email = normalizeEmail(m.email);
      // Hash outside the writer unit: scrypt is slow and must not hold the write lock.
      const passwordHash = await hashPassword(m.password);
      const merchantId = newId('MCH');
      const userId = newId('USR');
      try {
        await writer.run(async (trx) => {
          const now = nowIso();
          if (await repo.findUserByEmail(trx, email)) throw new AppError(4001, EMAIL_TAKEN);
          await repo.insertMerchant(trx, { merchantId, name: m.name, now });
          await repo.insertUser(trx, { userId, merchantId, email, name: m.name, passwordHash, now });
          if (opts.mustChangePassword) await repo.setUserPassword(trx, userId, passwordHash, true, now);
          await creditRepo.insertAccount(trx, { merchantId, currency: m.currency, now });
          if (limit > 0) {
            // The opening limit is the ledger's first entry, so the chain starts at zero.
            const acc = await creditRepo.moveCredit(trx, {
              merchantId,
              usedDelta: 0,
              limitDelta: limit,
              requireActive: false,
              now,
            });
            await creditRepo.appendEntry(trx, acc!, {
              type: 'limit_change',
              amount: limit,
              orderNo: null,
              description: DEFAULT_ENTRY_DESCRIPTIONS.opening,
              now,
            });
          }
          if (opts.actor)
            await recordAudit(trx, opts.actor, {
              action: 'merchant.created',
              merchantId,
              targetType: 'merchant',
              targetId: merchantId,
              after: {
                email: maskEmail(email),
                name: m.name,
                credit_limit: m.creditLimit,
                currency: m.currency,
              },
            });
          await opts.inUnit?.(trx, { merchantId, userId, email });
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError(4001, EMAIL_TAKEN);
        throw e;
      }
      return { merchantId, userId };
    },

    async findByEmail(email) {
      const u = await repo.findUserByEmail(db, normalizeEmail(email));
      return u ? toLogin(u) : null;
    },

    async getLogin(userId) {
      const u = await repo.findUserById(db, userId);
      return u && u.status === 'active' ? toLogin(u) : null;
    },

    async authenticate(email, password) {
      const u = await repo.findUserByEmail(db, normalizeEmail(email));
      const ok = await verifyPassword(password, u?.password_hash ?? DUMMY_HASH);
      if (!u || !ok || u.status !== 'active') return null;
      let rehashed = false;
      if (needsRehash(u.password_hash)) {
        // Hash outside the writer unit (scrypt is slow), swap only if nobody changed it meanwhile.
        const newHash = await hashPassword(password);
        rehashed = await writer.run((trx) =>
          repo.replacePasswordHash(trx, {
            userId: u.user_id,
            oldHash: u.password_hash,
            newHash,
            now: nowIso(),
          }),
        );
      }
      return { ...toLogin(u), rehashed };
    },

    async setStatus(merchantId, status, opts = {}) {
      if (status !== 'active' && status !== 'suspended')
        throw new AppError(4001, 'status: must be active or suspended');
      await writer.run(async (trx) => {
        const before = await repo.findMerchant(trx, merchantId);
        if (!before || !(await repo.setMerchantStatus(trx, merchantId, status, nowIso()))) {
          throw new AppError(4001, 'merchant_id: unknown merchant');
        }
        if (opts.actor && before.status !== status)
          await recordAudit(trx, opts.actor, {
            action: status === 'suspended' ? 'merchant.suspended' : 'merchant.reactivated',
            merchantId,
            targetType: 'merchant',
            targetId: merchantId,
            before: { status: before.status },
            after: { status },
            note: opts.note,
          });
        await opts.inUnit?.(trx, { before: before.status });
      });
      deps.onStatusChange?.(merchantId);
    },

    async changePassword(userId, current, next, opts = {}) {
      const u = await repo.findUserById(db, userId);
      // Verify even for an unknown id so both answers cost one scrypt.
      const ok = await verifyPassword(
        typeof current === 'string' ? current : '',
        u?.password_hash ?? DUMMY_HASH,
      );
      if (!u || !ok) throw new AppError(4001, `current_password: ${fieldMessage('notCurrentPassword')}`);
      const hash = await hashPassword(parseInput(newPassword, next, 'new_password'));
      await writer.run(async (trx) => {
        await repo.setUserPassword(trx, userId, hash, false, nowIso());
        await opts.inUnit?.(trx, toLogin(u));
      });
    },

    async changeEmail(merchantId, input, opts = {}) {
      const email = normalizeEmail(parseInput(emailSchema, input, 'email'));
      if (!email) throw new AppError(4001, `email: ${fieldMessage('email')}`);
      let result: { userId: string; email: string; changed: boolean };
      try {
        result = await writer.run(async (trx) => {
          const user = await repo.findPrimaryUser(trx, merchantId);
          if (!user) throw new AppError(4001, 'merchant_id: unknown merchant');
          if (user.email === email) return { userId: user.user_id, email, changed: false };
          if (await repo.findUserByEmail(trx, email)) throw new AppError(4001, EMAIL_TAKEN);
          await repo.setUserEmail(trx, user.user_id, email, nowIso());
          await opts.inUnit?.(trx, { userId: user.user_id, before: user.email, after: email });
          return { userId: user.user_id, email, changed: true };
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError(4001, EMAIL_TAKEN);
        throw e;
      }
      if (result.changed) deps.onStatusChange?.(merchantId);
      return result;
    },

    async resetPassword(merchantId, opts = {}) {
      const user = await repo.findPrimaryUser(db, merchantId);
      if (!user) throw new AppError(4001, 'merchant_id: unknown merchant');
      const temporaryPassword = newTemporaryPassword();
      const hash = await hashPassword(temporaryPassword);
      await writer.run(async (trx) => {
        await repo.setUserPassword(trx, user.user_id, hash, true, nowIso());
        await opts.inUnit?.(trx, { userId: user.user_id, email: user.email });
      });
      return { userId: user.user_id, email: user.email, temporaryPassword };
    },
  };
}
