/**
 * Money and dates, only through Intl for the current locale. Amounts arrive as 2-decimal strings
 * (integer minor units on the server); Intl.NumberFormat formats the decimal string exactly, so no
 * amount ever passes through a float on its way to the screen.
 */
import { useTranslation } from 'react-i18next';

export type Money = string;

const moneyCache = new Map<string, Intl.NumberFormat>();
export function formatMoney(amount: Money, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let f = moneyCache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
    moneyCache.set(key, f);
  }
  // ES2023 Intl.NumberFormat takes a decimal string and formats it without rounding through a double.
  return f.format(amount as `${number}`);
}

const dateCache = new Map<string, Intl.DateTimeFormat>();
export function formatDateTime(iso: string, locale: string, withTime = true): string {
  const key = `${locale}|${withTime}`;
  let f = dateCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(
      locale,
      withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' },
    );
    dateCache.set(key, f);
  }
  return f.format(new Date(iso));
}

export function formatPercent(ratio: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

export function formatNumber(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** Cents from a 2-decimal string, for ratios (utilization) and chart heights only — never for money shown as money. */
export function toCents(amount: Money): number {
  const neg = amount.startsWith('-');
  const [whole = '0', frac = ''] = amount.replace('-', '').split('.');
  const cents = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  return neg ? -cents : cents;
}

/** The formatters bound to the current language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  return {
    locale,
    money: (amount: Money, currency: string) => formatMoney(amount, currency, locale),
    dateTime: (iso: string) => formatDateTime(iso, locale),
    date: (iso: string) => formatDateTime(iso, locale, false),
    percent: (ratio: number) => formatPercent(ratio, locale),
    number: (n: number) => formatNumber(n, locale),
  };
}
