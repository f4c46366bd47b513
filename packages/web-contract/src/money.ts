/**
 * Money is an integer of minor units inside and a 2-decimal string on the wire. Never a float:
 * parsing goes through the string's digits, formatting through integer division. Shared by the
 * server, which moves the money, and the console, which checks an entry before asking to confirm it.
 */
import { fieldMessage, type FieldMessageId, type FieldMessageParams } from './field-messages.ts';

/**
 * The largest credit limit (and so balance) an account may hold: 9,999,999,999,999.99 in minor
 * units, the most the wire format accepts in one amount, and far inside 2^53 so every sum of
 * amounts stays an exact JavaScript integer.
 */
export const MAX_BALANCE_MINOR = 999_999_999_999_999;

const MONEY_PATTERN = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

/** Parses "12.3", "12.30", "-5", "0.05" into minor units; returns null for anything else. */
export function parseMoney(text: string): number | null {
  const m = MONEY_PATTERN.exec(text.trim());
  if (!m) return null;
  const units = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  // "-0.00" is zero, not JavaScript's -0.
  return m[1] && units !== 0 ? -units : units;
}

/**
 * Formats minor units as the wire's 2-decimal string: 1230 → "12.30", -5 → "-0.05". A bigint for
 * sums over many accounts, which may pass what a number holds exactly.
 */
export function formatMoney(minor: number | bigint): string {
  if (typeof minor === 'bigint') {
    const abs = minor < 0n ? -minor : minor;
    return `${minor < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  }
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not an integer amount: ${minor}`);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** What an operator posts to a credit line (console, CLI); orders and refunds are the order path's. */
export const CREDIT_ENTRY_TYPES = ['repayment', 'adjustment', 'limit_change'] as const;
export type CreditEntryType = (typeof CREDIT_ENTRY_TYPES)[number];

type CreditEntryRefusalId =
  | 'notZero'
  | 'repaymentPositive'
  | 'exceedsUsed'
  | 'exceedsAvailable'
  | 'limitAboveMax'
  | 'limitBelowZero'
  | 'limitBelowUsed';

/** Why an entry would be refused, on its amount: a field message's id and its parameters. */
export type CreditEntryRefusal = {
  [Id in CreditEntryRefusalId]: { id: Id; params: FieldMessageParams<Id> };
}[CreditEntryRefusalId];

/** The line's figures once the entry is posted (whether or not the rules allow it). */
export function creditAfterEntry(
  line: { used: number; creditLimit: number },
  entry: { type: CreditEntryType; amount: number },
): { used: number; creditLimit: number } {
  return entry.type === 'limit_change'
    ? { used: line.used, creditLimit: line.creditLimit + entry.amount }
    : { used: line.used - entry.amount, creditLimit: line.creditLimit };
}

/** What an entry is refused for whatever the line: a zero amount, a repayment that is not positive. */
export function creditEntryShapeRefusal(entry: {
  type: CreditEntryType;
  amount: number;
}): CreditEntryRefusal | null {
  if (entry.amount === 0) return { id: 'notZero', params: {} };
  if (entry.type === 'repayment' && entry.amount < 0) return { id: 'repaymentPositive', params: {} };
  return null;
}

/**
 * The rules of a credit entry, in minor units, against the line's figures: `amount` is the change
 * in available credit (a repayment, positive, or an adjustment lower `used`; a limit change moves
 * the limit). What lowers `used` keeps it ≥ 0; the limit stays in 0..MAX and not below `used`;
 * available stays ≥ 0. The server applies them in one conditional UPDATE and names its refusal
 * with this; the console checks with the figures it shows before asking to confirm.
 */
export function creditEntryRefusal(
  line: { used: number; creditLimit: number },
  entry: { type: CreditEntryType; amount: number },
): CreditEntryRefusal | null {
  const shape = creditEntryShapeRefusal(entry);
  if (shape) return shape;
  const { creditLimit: limit, used } = creditAfterEntry(line, entry);
  if (used < line.used && used < 0) return { id: 'exceedsUsed', params: { used: formatMoney(line.used) } };
  if (limit > MAX_BALANCE_MINOR)
    return { id: 'limitAboveMax', params: { max: formatMoney(MAX_BALANCE_MINOR) } };
  if (limit < 0) return { id: 'limitBelowZero', params: {} };
  if (limit - used < 0) {
    if (entry.type === 'limit_change')
      return { id: 'limitBelowUsed', params: { used: formatMoney(line.used) } };
    return { id: 'exceedsAvailable', params: { available: formatMoney(line.creditLimit - line.used) } };
  }
  return null;
}

/** A refusal's English text, as the wire's `error.fields` carries it. */
export const creditEntryRefusalText = (refusal: CreditEntryRefusal): string =>
  (fieldMessage as (id: FieldMessageId, params: Record<string, string | number>) => string)(
    refusal.id,
    refusal.params,
  );

/**
 * The ledger descriptions the server writes when an entry comes with no note of its own (the CLI
 * without `--note`, a new merchant's opening limit). Pages show an entry's description as its note
 * only when it is not one of these: the type already says as much, in the reader's language.
 */
export const DEFAULT_ENTRY_DESCRIPTIONS = {
  opening: 'Opening credit limit',
  repayment: 'Repayment',
  limitRaised: 'Credit limit raised',
  limitLowered: 'Credit limit lowered',
  adjustment: 'Manual adjustment',
} as const;

const DEFAULTS: ReadonlySet<string> = new Set(Object.values(DEFAULT_ENTRY_DESCRIPTIONS));

/** An operator's note on a repayment, adjustment or limit change; null for an order's, a refund's or a default. */
export function entryNote(entry: { type: string; description: string }): string | null {
  if (!(CREDIT_ENTRY_TYPES as readonly string[]).includes(entry.type)) return null;
  return DEFAULTS.has(entry.description) ? null : entry.description;
}
