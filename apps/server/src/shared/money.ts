/** Currencies of amounts: which ISO 4217 codes an account may hold (their minor unit is cents). */
import { fieldMessage } from '@tradepost/web-contract';

// Parsing, formatting and the largest balance: one definition, shared with the console.
export { MAX_BALANCE_MINOR, formatMoney, parseMoney } from '@tradepost/web-contract';

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
