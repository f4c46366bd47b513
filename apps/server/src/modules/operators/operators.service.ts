import {
  fieldMessage,
  isOneLine,
  newPassword,
  ONE_LINE_ERROR,
  OPERATOR_ROLES,
  type OperatorRole,
} from '@tradepost/web-contract';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { InUnit, Writer } from '../../db/writer.ts';
import { AppError } from '../../shared/app-error.ts';
import { newId } from '../../shared/ids.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../../shared/password.ts';
import { nowIso } from '../../shared/time.ts';
import { parseInput } from '../../shared/validation.ts';
import { emailSchema, normalizeEmail } from '../merchants/merchants.rules.ts';
import * as repo from './operators.repository.ts';
import type { OperatorRow } from './operators.table.ts';

/** An operator as the console sees it: never the hash. */
export interface Operator {
  operatorId: string;
  email: string;
  name: string;
  role: OperatorRole;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
}

/** Runs inside the same writer unit as the change (the audit entry goes in with it). */
export type { InUnit };

export interface OperatorsService {
  create(
    input: { email: string; password: string; role?: OperatorRole; name?: string },
    opts?: { inUnit?: InUnit<Operator> },
  ): Promise<Operator>;
  findByEmail(email: string): Promise<Operator | null>;
  get(operatorId: string): Promise<Operator | null>;
  /** The operator when e-mail and password match and it is active; null otherwise, in the same time. */
  authenticate(email: string, password: string): Promise<Operator | null>;
  changePassword(
    operatorId: string,
    current: string,
    next: string,
    opts?: { inUnit?: InUnit<Operator> },
  ): Promise<void>;
}

const EMAIL_TAKEN = 'email: an operator with this email exists';

const createSchema = z.object({
  email: emailSchema,
  password: newPassword,
  role: z.enum(OPERATOR_ROLES).default('admin'),
  name: z.string().trim().max(200).refine(isOneLine, { error: ONE_LINE_ERROR }).optional(),
});

const toOperator = (r: OperatorRow): Operator => ({
  operatorId: r.operator_id,
  email: r.email,
  name: r.name,
  role: r.role,
  status: r.status,
  mustChangePassword: r.must_change_password === 1,
});

export function createOperatorsService(deps: { db: Kysely<Database>; writer: Writer }): OperatorsService {
  const { db, writer } = deps;
  return {
    async create(input, opts = {}) {
      const v = parseInput(createSchema, input);
      const email = normalizeEmail(v.email);
      const passwordHash = await hashPassword(v.password);
      const now = nowIso();
      const row: OperatorRow = {
        operator_id: newId('OPR'),
        email,
        name: v.name || email.split('@')[0]!,
        role: v.role,
        password_hash: passwordHash,
        status: 'active',
        must_change_password: 0,
        created_at: now,
        updated_at: now,
      };
      try {
        await writer.run(async (trx) => {
          if (await repo.findByEmail(trx, email)) throw new AppError(4001, EMAIL_TAKEN);
          await repo.insertOperator(trx, row);
          await opts.inUnit?.(trx, toOperator(row));
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError(4001, EMAIL_TAKEN);
        throw e;
      }
      return toOperator(row);
    },

    async findByEmail(email) {
      const r = await repo.findByEmail(db, normalizeEmail(email));
      return r ? toOperator(r) : null;
    },

    async get(operatorId) {
      const r = await repo.findById(db, operatorId);
      return r ? toOperator(r) : null;
    },

    async authenticate(email, password) {
      const r = await repo.findByEmail(db, normalizeEmail(email));
      const ok = await verifyPassword(password, r?.password_hash ?? DUMMY_HASH);
      return r && ok && r.status === 'active' ? toOperator(r) : null;
    },

    async changePassword(operatorId, current, next, opts = {}) {
      const r = await repo.findById(db, operatorId);
      if (!r || !(await verifyPassword(current, r.password_hash))) {
        throw new AppError(4001, `current_password: ${fieldMessage('notCurrentPassword')}`);
      }
      const hash = await hashPassword(parseInput(newPassword, next, 'new_password'));
      await writer.run(async (trx) => {
        await repo.setPassword(trx, operatorId, hash, false, nowIso());
        await opts.inUnit?.(trx, toOperator(r));
      });
    },
  };
}
