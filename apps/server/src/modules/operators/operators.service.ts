import {
  fieldMessage,
  isOneLine,
  newPassword,
  ONE_LINE_ERROR,
  OPERATOR_ROLES,
  OPERATOR_STATUSES,
  type OperatorRole,
  type OperatorStatus,
  type OperatorView,
  type SignInFailures,
  type TeamMemberView,
} from '@tradepost/web-contract';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { InUnit, Writer } from '../../db/writer.ts';
import { AppError } from '../../shared/app-error.ts';
import { newId } from '../../shared/ids.ts';
import { DUMMY_HASH, hashPassword, newTemporaryPassword, verifyPassword } from '../../shared/password.ts';
import { nowIso, wireTime } from '../../shared/time.ts';
import { parseInput } from '../../shared/validation.ts';
import { emailSchema, normalizeEmail } from '../merchants/merchants.rules.ts';
import { type AuditActor, recordAudit } from '../audit/audit.service.ts';
import { revokeSubjectSessions } from '../sessions/sessions.repository.ts';
import { signInAccount, signInFailures } from '../sessions/sessions.throttle.ts';
import * as repo from './operators.repository.ts';
import type { OperatorRow } from './operators.table.ts';

/** An operator as the console sees it: never the hash. */
export interface Operator {
  operatorId: string;
  email: string;
  name: string;
  role: OperatorRole;
  status: OperatorStatus;
  mustChangePassword: boolean;
  createdAt: string;
}

/** An operator on the team list: when they last signed in to the console (null: never). */
export interface TeamMember extends Operator {
  lastSignInAt: string | null;
  twoFactorEnabled: boolean;
  /** Failed console sign-ins of the sign-in window, if any (sessions.throttle.ts signInFailures). */
  failedSignIns: SignInFailures | undefined;
}

/** Runs inside the same writer unit as the change (the audit entry goes in with it). */
export type { InUnit };

export interface OperatorsService {
  create(
    input: {
      email: string;
      password: string;
      role?: OperatorRole;
      name?: string | undefined;
      /** A temporary password an admin hands over: changed at the first sign-in. */
      mustChangePassword?: boolean;
    },
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
  /** Every operator, oldest first, with their last sign-in and whether two-step sign-in is on. */
  list(): Promise<TeamMember[]>;
  /**
   * Another operator's role or status, audited as `actor` in the unit that writes it (disabling
   * also ends their sessions). An operator may not change their own, and the last active admin
   * stays one. Unchanged: nothing is written.
   */
  setAccess(
    operatorId: string,
    change: { role?: OperatorRole; status?: OperatorStatus },
    opts: { actor: AuditActor },
  ): Promise<Operator>;
  /**
   * A temporary password (returned once) in place of another operator's, to change at the next
   * sign-in; their sessions end. Audited as `actor`.
   */
  resetPassword(
    operatorId: string,
    opts: { actor: AuditActor },
  ): Promise<{ operator: Operator; temporaryPassword: string }>;
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
  createdAt: r.created_at,
});

const UNKNOWN = 'operator_id: unknown operator';

/** The service's answer for an operator id it does not know: the console says 404. */
export const isUnknownOperator = (e: unknown): boolean => e instanceof AppError && e.message === UNKNOWN;

/** An operator on the wire (the console's team list, the CLI's --json). */
export const operatorView = (o: Operator): OperatorView => ({
  operator_id: o.operatorId,
  email: o.email,
  name: o.name,
  role: o.role,
  status: o.status,
  must_change_password: o.mustChangePassword,
  created_at: wireTime(o.createdAt),
});

/** A team member on the wire (the console's team page, the CLI's `operator list --json`). */
export const teamMemberView = (o: TeamMember): TeamMemberView => ({
  ...operatorView(o),
  last_sign_in_at: o.lastSignInAt && wireTime(o.lastSignInAt),
  two_factor_enabled: o.twoFactorEnabled,
  failed_sign_ins: o.failedSignIns ?? null,
});

export function createOperatorsService(deps: {
  db: Kysely<Database>;
  writer: Writer;
  /** Keys the sign-in throttle's account hash, which a reset's entry carries (it ends the count). */
  masterKey: Buffer;
}): OperatorsService {
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
        must_change_password: input.mustChangePassword ? 1 : 0,
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

    async list() {
      const rows = await repo.listOperators(db);
      const accounts = rows.map((r) => signInAccount(deps.masterKey, r.email));
      const failures = await signInFailures(db, 'admin', accounts);
      return rows.map((r, i) => ({
        ...toOperator(r),
        lastSignInAt: r.last_sign_in_at,
        twoFactorEnabled: r.two_factor_enabled,
        failedSignIns: failures.get(accounts[i]!),
      }));
    },

    async setAccess(operatorId, change, { actor }) {
      const v = parseInput(accessSchema, change);
      return writer.run(async (trx) => {
        const admins = await repo.lockActiveAdmins(trx);
        const r = await repo.findById(trx, operatorId);
        if (!r) throw new AppError(4001, UNKNOWN);
        const before = toOperator(r);
        const after: Operator = { ...before, role: v.role ?? before.role, status: v.status ?? before.status };
        const field = after.role !== before.role ? 'role' : after.status !== before.status ? 'status' : null;
        if (!field) return before;
        if (isSelf(actor, operatorId)) throw new AppError(4001, `${field}: ${fieldMessage('ownAccess')}`);
        const staysAdmin = after.role === 'admin' && after.status === 'active';
        if (!staysAdmin && admins.length === 1 && admins[0] === operatorId)
          throw new AppError(4001, `${field}: ${fieldMessage('lastAdmin')}`);
        const now = nowIso();
        await repo.updateAccess(trx, operatorId, { role: after.role, status: after.status }, now);
        if (after.status === 'disabled') await revokeSubjectSessions(trx, 'admin', operatorId, now);
        await recordAudit(trx, actor, {
          action:
            field === 'role'
              ? 'operator.role_changed'
              : after.status === 'active'
                ? 'operator.enabled'
                : 'operator.disabled',
          targetType: 'operator',
          targetId: operatorId,
          before: { [field]: before[field] },
          after: { [field]: after[field] },
        });
        return after;
      });
    },

    async resetPassword(operatorId, { actor }) {
      const r = await repo.findById(db, operatorId);
      if (!r) throw new AppError(4001, UNKNOWN);
      if (isSelf(actor, operatorId))
        throw new AppError(4001, 'Invalid request: change your own password on the Security page');
      const temporaryPassword = newTemporaryPassword();
      const hash = await hashPassword(temporaryPassword);
      const operator = { ...toOperator(r), mustChangePassword: true };
      await writer.run(async (trx) => {
        const now = nowIso();
        await repo.setPassword(trx, operatorId, hash, true, now);
        // The old password's sessions end with it; the temporary password itself is never recorded.
        await revokeSubjectSessions(trx, 'admin', operatorId, now);
        await recordAudit(trx, actor, {
          action: 'password.reset',
          targetType: 'operator',
          targetId: operatorId,
          after: { must_change_password: true },
          // A locked-out operator signs in with the temporary password at once (sessions.throttle.ts).
          emailHmac: signInAccount(deps.masterKey, r.email),
        });
      });
      return { operator, temporaryPassword };
    },
  };
}

const isSelf = (actor: AuditActor, operatorId: string) =>
  actor.type === 'operator' && actor.id === operatorId;

const accessSchema = z.object({
  role: z.enum(OPERATOR_ROLES).optional(),
  status: z.enum(OPERATOR_STATUSES).optional(),
});
