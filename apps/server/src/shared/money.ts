/**
 * Money is an integer of minor units inside and a 2-decimal string on the wire. Never a float:
 * parsing goes through the string's digits, formatting through integer division.
 */
import { fieldMessage } from '@tradepost/web-contract';

/**
 * The largest credit limit (and so balance) an account may hold: 9,999,999,999,999.99 in minor
 * units, the most the wire format accepts in one amount, and far inside 2^53 so every sum of
 * amounts stays an exact JavaScript integer.
 */
export const MAX_BALANCE_MINOR = 999_999_999_999_999;

/**
 * The currencies an amount here can be in: ISO 4217 codes (as ICU knows them) whose minor unit is
 * cents, since every amount is written with 2 decimals. JPY (0) and KWD (3) are not among them.
 */
const CURRENCIES_WITH_CENTS: ReadonlySet<string> = new Set(
  Intl.supportedValuesOf('currency').filter(
    (code) =>
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits === 2,
  ),
);

export const isCurrencyWithCents = (code: string): boolean => CURRENCIES_WITH_CENTS.has(code);

/** What a currency must be, for messages of other shapes ("EUR1 is not …") than the catalog's. */
export const CURRENCY_RULE = fieldMessage('currencyWithCents').replace(/^must be /, '');

const MONEY_PATTERN = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

/** Parses "12.3", "12.30", "-5", "0.05" into minor units; returns null for anything else. */
export function parseMoney(text: string): number | null {
  const m = MONEY_PATTERN.exec(text.trim());
  if (!m) return null;
  const units = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -units : units;
}

/** Formats minor units as the wire's 2-decimal string: 1230 → "12.30", -5 → "-0.05". */
export function formatMoney(minor: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not an integer amount: ${minor}`);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
