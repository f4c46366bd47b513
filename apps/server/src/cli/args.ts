/**
 * Option parsers for commander: each returns the normalised value or throws
 * InvalidArgumentError, which commander turns into a one-line usage error (exit 2) before any
 * command touches the database.
 */
import {
  CREDIT_ENTRY_TYPES,
  type CreditEntryType,
  fieldMessage,
  idempotencyKey,
} from '@tradepost/web-contract';
import { InvalidArgumentError } from 'commander';
import { emailSchema } from '../modules/merchants/merchants.rules.ts';
import { formatMoney, isCurrencyWithCents, MAX_BALANCE_MINOR, parseMoney } from '../shared/money.ts';

/** A login e-mail, trimmed: the merchants module's own rule (emailSchema), checked before any database work. */
export function parseEmail(value: string): string {
  const email = emailSchema.safeParse(value);
  if (!email.success) throw new InvalidArgumentError('must be an email address like ops@example.com');
  return email.data;
}

export function parseNonEmpty(value: string): string {
  const text = value.trim();
  if (!text) throw new InvalidArgumentError('must not be empty');
  return text;
}

/** Digits with at most 2 decimals that parseMoney still refused: too many of them, past the largest amount. */
function tooLarge(value: string, signed: boolean): InvalidArgumentError | null {
  const text = value.trim();
  if (!/^-?\d+(?:\.\d{1,2})?$/.test(text) || (!signed && text.startsWith('-'))) return null;
  const max = formatMoney(MAX_BALANCE_MINOR);
  return new InvalidArgumentError(signed ? `must be from -${max} to ${max}` : `must be at most ${max}`);
}

/** A money amount of 0 or more with at most 2 decimals, returned as "1000.00". */
export function parseAmount(value: string): string {
  const minor = /^\d/.test(value.trim()) ? parseMoney(value) : null;
  if (minor === null)
    throw (
      tooLarge(value, false) ??
      new InvalidArgumentError('must be an amount like 1000.00 (at most 2 decimals, not negative)')
    );
  return formatMoney(minor);
}

/** A non-zero money amount that may be negative, returned as "-50.00". */
export function parseSignedAmount(value: string): string {
  const minor = /^-?\d/.test(value.trim()) ? parseMoney(value) : null;
  if (minor === null)
    throw (
      tooLarge(value, true) ??
      new InvalidArgumentError('must be an amount like 100.00 or -25.50 (at most 2 decimals)')
    );
  if (minor === 0) throw new InvalidArgumentError('must not be zero');
  return formatMoney(minor);
}

export function parseCurrency(value: string): string {
  const code = value.trim();
  if (!isCurrencyWithCents(code.toUpperCase()))
    throw new InvalidArgumentError(fieldMessage('currencyWithCents'));
  return code.toUpperCase();
}

export function parseAdjustmentType(value: string): CreditEntryType {
  const type = value.trim() as CreditEntryType;
  if (!CREDIT_ENTRY_TYPES.includes(type))
    throw new InvalidArgumentError(fieldMessage('oneOf', { values: CREDIT_ENTRY_TYPES.join(', ') }));
  return type;
}

export function parseFormat(value: string): 'json' | 'csv' {
  const format = value.trim().toLowerCase();
  if (format !== 'json' && format !== 'csv') throw new InvalidArgumentError('must be json or csv');
  return format;
}

/** An idempotency key, by the console's own rule (checked here so the message names the option). */
export function parseIdempotencyKey(value: string): string {
  if (!idempotencyKey.safeParse(value).success)
    throw new InvalidArgumentError(fieldMessage('idempotencyKey'));
  return value;
}
