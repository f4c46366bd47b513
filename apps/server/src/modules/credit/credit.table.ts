import type { Selectable } from 'kysely';

export type CreditStatus = 'active' | 'frozen';
export type CreditTransactionType = 'order' | 'refund' | 'repayment' | 'adjustment' | 'limit_change';

/** One account per merchant. available = credit_limit - used, kept ≥ 0 by a CHECK as well. */
export interface CreditAccountsTable {
  merchant_id: string;
  currency: string;
  credit_limit: number;
  used: number;
  status: CreditStatus;
  /** Seq of the latest ledger entry; bumped in the same UPDATE that moves the money. */
  ledger_seq: number;
  created_at: string;
  updated_at: string;
}

/**
 * The ledger. `amount` is the signed change in AVAILABLE credit; balance_before/after are the
 * available credit around the entry. (merchant_id, seq) is unique, so the chain cannot fork.
 */
export interface CreditTransactionsTable {
  reference_no: string;
  merchant_id: string;
  seq: number;
  type: CreditTransactionType;
  amount: number;
  balance_before: number;
  balance_after: number;
  currency: string;
  order_no: string | null;
  description: string;
  created_at: string;
}

/** A console credit entry's idempotency key and the entry it made (one entry per key). */
export interface CreditEntryRequestsTable {
  merchant_id: string;
  idempotency_key: string;
  reference_no: string;
  created_at: string;
}

export type CreditAccountRow = Selectable<CreditAccountsTable>;
export type CreditTransactionRow = Selectable<CreditTransactionsTable>;
