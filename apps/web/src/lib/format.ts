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
function dateFormat(locale: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = dateCache.get(`${locale}|${key}`);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    dateCache.set(`${locale}|${key}`, f);
  }
  return f;
}

/** A calendar day `YYYY-MM-DD` (no time, no zone), as the contract's date-only values are. */
export const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An instant (an ISO timestamp) in the reader's timezone, with or without its time. A date-only
 * value (`YYYY-MM-DD`) is no instant: it is shown as the day it names (formatDay), never as the
 * local day of its UTC midnight (which is the day before, west of Greenwich).
 */
export function formatDateTime(iso: string, locale: string, withTime = true): string {
  if (DAY.test(iso)) return formatDay(iso, locale);
  return dateFormat(
    locale,
    String(withTime),
    withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' },
  ).format(new Date(iso));
}

/**
 * A calendar day `YYYY-MM-DD` as that day in every timezone ("Nov 30, 2026"; `short`: "Nov 30"):
 * formatted at its UTC midnight in UTC.
 */
export function formatDay(day: string, locale: string, short = false): string {
  return dateFormat(
    locale,
    short ? 'day-short' : 'day',
    short ? { month: 'short', day: 'numeric', timeZone: 'UTC' } : { dateStyle: 'medium', timeZone: 'UTC' },
  ).format(new Date(`${day}T00:00:00Z`));
}

/**
 * A percentage given as a decimal string ("99.95"), with at most one decimal, rounded down: a
 * figure shown is never higher than the truth (99.95 % is "99.9%", never "100%"). The string is
 * formatted exactly (ES2023 Intl takes decimal strings), never through a float.
 */
export function formatPercent(percent: string, locale: string): string {
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 1,
    roundingMode: 'floor',
  }).format(`${percent}E-2` as `${number}`);
}

/** How long ago an instant was, in its largest whole unit ("3 hours ago", "3 小时前"). */
export function formatAge(iso: string, locale: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
    minutes >= 1440
      ? [Math.floor(minutes / 1440), 'day']
      : minutes >= 60
        ? [Math.floor(minutes / 60), 'hour']
        : [minutes, 'minute'];
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-value, unit);
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
    /** An instant's local date; a `YYYY-MM-DD` day as itself. */
    date: (iso: string) => formatDateTime(iso, locale, false),
    /** A `YYYY-MM-DD` day as itself, in any timezone; `short`: month and day only. */
    day: (day: string, short = false) => formatDay(day, locale, short),
    /** A decimal percent string ("99.95"), one decimal at most, rounded down. */
    percent: (percent: string) => formatPercent(percent, locale),
    number: (n: number) => formatNumber(n, locale),
    /** How long ago an instant was ("3 hours ago"). */
    age: (iso: string) => formatAge(iso, locale),
  };
}
