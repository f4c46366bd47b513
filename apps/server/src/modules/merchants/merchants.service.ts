import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Writer } from '../../db/writer.ts';
import { AppError } from '../../shared/app-error.ts';
import { newId } from '../../shared/ids.ts';
import { parseMoney } from '../../shared/money.ts';
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from '../../shared/password.ts';
import { nowIso } from '../../shared/time.ts';
import { parseInput } from '../../shared/validation.ts';
import * as creditRepo from '../credit/credit.repository.ts';
import * as repo from './merchants.repository.ts';
import { EMAIL_TAKEN, emailSchema, normalizeEmail } from './merchants.rules.ts';
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
}

export interface MerchantsService {
  create(input: NewMerchant): Promise<{ merchantId: string; userId: string }>;
  findByEmail(email: string): Promise<MerchantLogin | null>;
  /**
   * The login when email and password match (and null otherwise, in constant-ish time: an unknown
   * e-mail costs one scrypt of today's size too). A hash of an older cost is replaced on the spot;
   * `rehashed` says so (for the sign-in's audit line).
   */
  authenticate(email: string, password: string): Promise<(MerchantLogin & { rehashed: boolean }) | null>;
  setStatus(merchantId: string, status: MerchantStatus): Promise<void>;
}

const createSchema = z.object({
  email: emailSchema,
  password: z.string().min(8, { error: 'must be at least 8 characters' }).max(1024),
  name: z.string().trim().min(1, { error: 'must not be empty' }).max(200),
  creditLimit: z.string(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code like USD' })
    .default('USD'),
});

export function createMerchantsService(deps: {
  db: Kysely<Database>;
  writer: Writer;
  /** Lets the credential services (apps, API keys, tokens) drop cached credentials of this merchant. */
  onStatusChange?: (merchantId: string) => void;
}): MerchantsService {
  const { db, writer } = deps;

  const toLogin = (u: NonNullable<Awaited<ReturnType<typeof repo.findUserByEmail>>>): MerchantLogin => ({
    merchantId: u.merchant_id,
    userId: u.user_id,
    email: u.email,
    name: u.merchant_name,
    status: u.merchant_status,
  });

  return {
    async create(input) {
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
              description: 'Opening credit limit',
              now,
            });
          }
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

    async authenticate(email, password) {
      const u = await repo.findUserByEmail(db, normalizeEmail(email));
      const ok = await verifyPassword(password, u?.password_hash ?? DUMMY_HASH);
      if (!u || !ok || u.status !== 'active') return null;
      let rehashed = false;
      if (needsRehash(u.password_hash)) {
        // Hash outside the writer unit (scrypt is slow), swap only if nobody changed it meanwhile.
        const newHash = await hashPassword(password);
        rehashed = await writer.run((trx) =>
          repo.replacePasswordHash(trx, { userId: u.user_id, oldHash: u.password_hash, newHash, now: nowIso() }),
        );
      }
      return { ...toLogin(u), rehashed };
    },

    async setStatus(merchantId, status) {
      if (status !== 'active' && status !== 'suspended')
        throw new AppError(4001, 'status: must be active or suspended');
      await writer.run(async (trx) => {
        if (!(await repo.setMerchantStatus(trx, merchantId, status, nowIso()))) {
          throw new AppError(4001, 'merchant_id: unknown merchant');
        }
      });
      deps.onStatusChange?.(merchantId);
    },
  };
}
