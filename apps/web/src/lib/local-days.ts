/**
 * A list's date filter in the reader's days. The date fields give calendar days (`YYYY-MM-DD`,
 * kept as such in the URL); the table shows each row's time in the reader's timezone, so a day
 * picked there must mean that local day, not the UTC one (in Honolulu, 11:10 PM on Nov 29 is
 * Nov 30 in UTC). The API takes a bound as a day (a UTC day) or an instant with a zone: each day
 * is sent as the instants of its local start and end, written with their offset
 * (`2026-11-29T00:00:00.000-10:00`, `2026-11-29T23:59:59.999-10:00`), so their first ten
 * characters are still the day picked (the CSV export names its file by them).
 */
import { dayString } from '@tradepost/web-contract';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The instant written in the reader's timezone with its offset; in UTC (`…Z`) where the offset is
 * no whole minute (local mean time, before standard time zones) or the year has no 4 digits.
 */
function withOffset(d: Date): string {
  const year = d.getFullYear();
  const localMs = new Date(0).setUTCFullYear(year, d.getMonth(), d.getDate());
  const offsetMs =
    localMs +
    ((d.getHours() * 60 + d.getMinutes()) * 60 + d.getSeconds()) * 1000 +
    d.getMilliseconds() -
    d.getTime();
  if (offsetMs % 60_000 !== 0 || year < 0 || year > 9999) return d.toISOString();
  const offset = offsetMs / 60_000;
  const abs = Math.abs(offset);
  return (
    `${pad(year, 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}` +
    `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The local midnight `days` days after `day`'s (the first moment of that day where midnight is skipped). */
function localMidnight(day: string, days = 0): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const at = new Date(2000, 0, 1, 0, 0, 0, 0);
  // setFullYear, not the constructor: new Date(99, …) is 1999.
  at.setFullYear(y, m - 1, d + days);
  return at;
}

/**
 * `from`/`to` days as the API bounds of the reader's local days: `from` from its local start, `to`
 * until its local end (both inclusive). Anything that is no real day goes as it is, for the server
 * to refuse on its field (a hand-edited URL).
 */
export function localDayBounds<T extends { from?: string | undefined; to?: string | undefined }>(
  filters: T,
): T {
  const real = (v: string | undefined): v is string => v !== undefined && dayString.safeParse(v).success;
  return {
    ...filters,
    from: real(filters.from) ? withOffset(localMidnight(filters.from)) : filters.from,
    to: real(filters.to) ? withOffset(new Date(localMidnight(filters.to, 1).getTime() - 1)) : filters.to,
  };
}
