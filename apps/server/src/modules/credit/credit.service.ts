import type { Credit, CreditTransaction } from '@tradepost/protocol';
import {
  creditEntryRefusal,
  creditEntryRefusalText,
  creditEntryShapeRefusal,
  CREDIT_ENTRY_TYPES,
  DEFAULT_ENTRY_DESCRIPTIONS,
  fieldIssue,
  fieldMessage,
  idempotencyKey,
  oneOf,
  TRANSACTION_TYPES,
} from '@tradepost/web-contract';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import type { Writer } from '../../db/writer.ts';
import { AppError } from '../../shared/app-error.ts';
import { newId } from '../../shared/ids.ts';
import { formatMoney, parseMoney } from '../../shared/money.ts';
import { nowIso, wireTime } from '../../shared/time.ts';
import { asParams, type Page, pageSchema, parseInput } from '../../shared/validation.ts';
import { type AuditActor, recordAudit } from '../audit/audit.service.ts';
import * as repo from './credit.repository.ts';
import type { CreditAccountRow, CreditStatus, CreditTransactionRow } from './credit.table.ts';

/** Wire DTOs: bend-v1.md "Data structures", defined once in the protocol package. */
export type { Credit, CreditTransaction } from '@tradepost/protocol';

export interface CreditAdjustment {
  amount: string;
  type: 'repayment' | 'adjustment' | 'limit_change';
  note?: string | undefined;
  /** Given again, the entry it made is answered and nothing moves (the contract's idempotencyKey). */
  idempotencyKey?: string | undefined;
}

export interface CreditService {
  get(merchantId: string): Promise<Credit>;
  listTransactions(merchantId: string, params: unknown): Promise<Page<CreditTransaction>>;
  /**
   * A ledger entry and its audit entry (`credit.<type>`, the adjustment's note), written in one
   * writer unit, as `opts.actor` (the console's operator, the CLI's `SYSTEM_ACTOR`; none: no
   * entry, a direct call is no operator action); `inUnit` runs in it too.
   */
  adjust(
    merchantId: string,
    adjustment: CreditAdjustment,
    opts?: {
      actor?: AuditActor | undefined;
      inUnit?: (trx: Transaction<Database>, entry: CreditTransaction) => Promise<void>;
    },
  ): Promise<CreditTransaction>;
  /**
   * Freezes or unfreezes the credit line; a real change is audited (`credit.frozen` /
   * `credit.unfrozen`, with `opts.note`) in its unit as `opts.actor`, when given.
   */
  setStatus(
    merchantId: string,
    status: CreditStatus,
    opts?: {
      actor?: AuditActor | undefined;
      note?: string | null | undefined;
      inUnit?: (trx: Transaction<Database>, change: { before: CreditStatus }) => Promise<void>;
    },
  ): Promise<Credit>;
}

/** used/limit as a percentage with 2 decimals, rounded half up, in BigInt so huge limits stay exact. */
export function utilizationPercent(used: number | bigint, limit: number | bigint): string {
  // A credit balance (used < 0, after a refund of a repaid order) uses none of the line.
  if (limit <= 0 || used <= 0) return '0.00';
  // Rounded down: "100.00" only when nothing is left (99,995.00 of 100,000.00 is 99.99).
  const basisPoints = (BigInt(used) * 10000n) / BigInt(limit);
  return `${basisPoints / 100n}.${String(basisPoints % 100n).padStart(2, '0')}`;
}

export function toCredit(a: CreditAccountRow): Credit {
  return {
    currency: a.currency,
    credit_limit: formatMoney(a.credit_limit),
    used: formatMoney(a.used),
    available: formatMoney(a.credit_limit - a.used),
    utilization_percent: utilizationPercent(a.used, a.credit_limit),
    status: a.status,
  };
}

export function toCreditTransaction(t: CreditTransactionRow): CreditTransaction {
  return {
    reference_no: t.reference_no,
    type: t.type,
    amount: formatMoney(t.amount),
    balance_before: formatMoney(t.balance_before),
    balance_after: formatMoney(t.balance_after),
    currency: t.currency,
    order_no: t.order_no,
    description: t.description,
    created_at: wireTime(t.created_at),
  };
}

const listSchema = pageSchema.extend({
  type: oneOf(TRANSACTION_TYPES).optional(),
  // An addition to bend-v1, as on GET /products: a page's `next_cursor`, for the entries after
  // it. Offset pages shift while entries arrive (a new one pushes the oldest of a page onto the
  // next, read twice); a cursor names the last entry read, so nothing is read twice or missed.
  cursor: z
    .string(fieldIssue('notString'))
    .regex(/^\d{1,15}$/, fieldIssue('notCursor'))
    .optional(),
});

const adjustSchema = z.object({
  amount: z.string({ error: 'must be a decimal string like "12.30"' }),
  type: oneOf(CREDIT_ENTRY_TYPES),
  note: z.string().max(255).optional(),
  idempotencyKey: idempotencyKey.optional(),
});

const noAccount = () => new AppError(2001, 'No credit account for this merchant');

/**
 * Called inside the writer unit of a change, so what they write (the webhook outbox) commits with
 * it or not at all. `availableBefore` is the available credit before the entry.
 */
export interface CreditEvents {
  entryAppended(
    trx: Transaction<Database>,
    account: CreditAccountRow,
    availableBefore: number,
  ): Promise<void>;
  statusChanged(trx: Transaction<Database>, account: CreditAccountRow): Promise<void>;
}

export function createCreditService(deps: {
  db: Kysely<Database>;
  writer: Writer;
  events?: CreditEvents | undefined;
}): CreditService {
  const { db, writer, events } = deps;

  // A local function, not `this.get`: the service's methods keep working when destructured.
  const get = async (merchantId: string): Promise<Credit> => {
    const a = await repo.findAccount(db, merchantId);
    if (!a) throw noAccount();
    return toCredit(a);
  };

  return {
    get,

    async listTransactions(merchantId, params) {
      const p = parseInput(listSchema, asParams(params));
      const keyset = p.cursor !== undefined;
      const { rows, total } = await repo.listEntries(db, merchantId, {
        page: keyset ? 1 : p.page,
        pageSize: p.page_size,
        type: p.type,
        beforeSeq: keyset ? Number(p.cursor) : undefined,
      });
      const last = rows.length === p.page_size ? rows[rows.length - 1] : undefined;
      return {
        items: rows.map(toCreditTransaction),
        // A keyset page does not know its page number: 0 says so (as GET /products).
        page: keyset ? 0 : p.page,
        page_size: p.page_size,
        total,
        next_cursor: last ? String(last.seq) : null,
      };
    },

    async adjust(merchantId, input, opts = {}) {
      const a = parseInput(adjustSchema, input);
      const minor = parseMoney(a.amount);
      if (minor === null)
        throw new AppError(4001, 'amount: must be a decimal string with at most 2 decimals');
      const shape = creditEntryShapeRefusal({ type: a.type, amount: minor });
      if (shape) throw new AppError(4001, `amount: ${creditEntryRefusalText(shape)}`);
      // amount is the change in AVAILABLE credit: a repayment or positive adjustment lowers
      // `used`; a limit change moves the limit by the delta.
      const usedDelta = a.type === 'limit_change' ? 0 : -minor;
      const limitDelta = a.type === 'limit_change' ? minor : 0;
      const description = a.note ?? defaultDescription(a.type, minor);
      const row = await writer.run(async (trx) => {
        const now = nowIso();
        const referenceNo = newId('CTX');
        const key = a.idempotencyKey;
        if (
          key &&
          !(await repo.claimEntryRequest(trx, { merchantId, idempotencyKey: key, referenceNo, now }))
        ) {
          const earlier = await repo.entryOfRequest(trx, merchantId, key);
          if (!earlier) throw new Error('an idempotency key without its ledger entry');
          if (earlier.type !== a.type || earlier.amount !== minor)
            throw new AppError(
              2002,
              `idempotency_key: ${fieldMessage('keyUsedForAnother', { referenceNo: earlier.reference_no })}`,
            );
          return earlier;
        }
        const moved = await repo.moveCredit(trx, {
          merchantId,
          usedDelta,
          limitDelta,
          requireActive: false,
          now,
        });
        if (!moved) {
          const acc = await repo.findAccount(trx, merchantId);
          if (!acc) throw noAccount();
          const refusal = creditEntryRefusal(
            { used: acc.used, creditLimit: acc.credit_limit },
            { type: a.type, amount: minor },
          );
          // Beyond the available credit stays the API's 2001, as an order's would, saying how much is.
          if (refusal?.id === 'exceedsAvailable')
            throw new AppError(2001, `amount: ${creditEntryRefusalText(refusal)}`);
          if (refusal) throw new AppError(4001, `amount: ${creditEntryRefusalText(refusal)}`);
          throw new AppError(2001, 'Insufficient credit');
        }
        const entry = await repo.appendEntry(trx, moved, {
          type: a.type,
          amount: minor,
          orderNo: null,
          description,
          now,
          referenceNo,
        });
        await events?.entryAppended(trx, moved, entry.balance_before);
        const wire = toCreditTransaction(entry);
        if (opts.actor)
          await recordAudit(trx, opts.actor, {
            action: `credit.${a.type}`,
            merchantId,
            targetType: 'credit_transaction',
            targetId: wire.reference_no,
            // A limit change also says the limit itself, which is what the operator changed.
            before: {
              available: wire.balance_before,
              ...(limitDelta !== 0 ? { credit_limit: formatMoney(moved.credit_limit - limitDelta) } : {}),
            },
            // The currency too, so the log can show the amounts as money.
            after: {
              available: wire.balance_after,
              ...(limitDelta !== 0 ? { credit_limit: formatMoney(moved.credit_limit) } : {}),
              amount: wire.amount,
              currency: wire.currency,
            },
            note: a.note,
          });
        await opts.inUnit?.(trx, wire);
        return entry;
      });
      return toCreditTransaction(row);
    },

    async setStatus(merchantId, status, opts = {}) {
      if (status !== 'active' && status !== 'frozen')
        throw new AppError(4001, 'status: must be active or frozen');
      await writer.run(async (trx) => {
        const now = nowIso();
        const before =
          events || opts.inUnit || opts.actor ? await repo.findAccount(trx, merchantId) : undefined;
        if (!(await repo.setAccountStatus(trx, merchantId, status, now))) throw noAccount();
        if (before) await opts.inUnit?.(trx, { before: before.status });
        // Only a real change is news (and audited): freezing a frozen account tells nobody anything.
        if (before && before.status !== status) {
          if (opts.actor)
            await recordAudit(trx, opts.actor, {
              action: status === 'frozen' ? 'credit.frozen' : 'credit.unfrozen',
              merchantId,
              targetType: 'credit_account',
              targetId: merchantId,
              before: { status: before.status },
              after: { status },
              note: opts.note,
            });
          await events?.statusChanged(trx, { ...before, status, updated_at: now });
        }
      });
      return get(merchantId);
    },
  };
}

function defaultDescription(type: CreditAdjustment['type'], minor: number): string {
  if (type === 'repayment') return DEFAULT_ENTRY_DESCRIPTIONS.repayment;
  if (type === 'limit_change')
    return minor > 0 ? DEFAULT_ENTRY_DESCRIPTIONS.limitRaised : DEFAULT_ENTRY_DESCRIPTIONS.limitLowered;
  return DEFAULT_ENTRY_DESCRIPTIONS.adjustment;
}
