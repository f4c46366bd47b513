import { ProtocolError } from '../errors.ts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// RFC 1123 as RFC 2822 formatters write it: the zone is `GMT`, `UT`, `UTC`, `Z` or a numeric offset
// (`+0000`, `+0800`: Python's formatdate, Ruby's rfc2822, PHP's DATE_RSS all write one).
const RFC1123 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (?:GMT|UTC?|Z|([+-])(\d{2})(\d{2}))$/;

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A Date as the `X-WallTech-Date` header: RFC 1123, GMT, e.g. `Thu, 06 Aug 2020 06:01:26 GMT`.
 * Throws {@link ProtocolError} for an invalid Date or a year outside 1000–9999.
 *
 * @example
 * ```ts
 * import { walltechDate } from '@tradepost/protocol';
 *
 * walltechDate(new Date('2020-08-06T06:01:26Z')); // 'Thu, 06 Aug 2020 06:01:26 GMT'
 * ```
 */
export function walltechDate(d: Date): string {
  const year = d instanceof Date ? d.getUTCFullYear() : Number.NaN;
  if (!(year >= 1000 && year <= 9999)) {
    throw new ProtocolError('ERR_INVALID_ARGUMENT', 'WallTech date must be a valid Date with a 4-digit year');
  }
  return (
    `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${year} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT`
  );
}

/**
 * Parses an `X-WallTech-Date`: RFC 1123 with the zone `GMT`, `UT`, `UTC`, `Z` or a numeric offset
 * (`+0800`), a real calendar date, a real time, and a weekday that matches the date as written in
 * that zone. The instant honours the offset. Anything else is null (the verifier's 1004).
 *
 * @example
 * ```ts
 * import { parseWalltechDate } from '@tradepost/protocol';
 *
 * parseWalltechDate('Fri, 16 Dec 2022 18:38:45 GMT');   // Date 2022-12-16T18:38:45.000Z
 * parseWalltechDate('Sat, 17 Dec 2022 02:38:45 +0800'); // the same instant
 * parseWalltechDate('Friday, 16-Dec-22 18:38:45 GMT');  // null
 * ```
 */
export function parseWalltechDate(text: string): Date | null {
  if (typeof text !== 'string') return null;
  const m = RFC1123.exec(text);
  if (m === null) return null;
  const [, weekday, day, month, year, hour, minute, second, sign, offHours, offMinutes] = m as unknown as (
    string | undefined
  )[];
  const [d, mo, y, h, mi, s] = [day, month, year, hour, minute, second].map((v, i) =>
    i === 1 ? MONTHS.indexOf(v as string) : Number(v),
  ) as [number, number, number, number, number, number];
  if (h > 23 || mi > 59 || s > 59) return null;
  // The fields as written, read as if UTC: rejects 31 Feb and a weekday that does not match.
  const local = new Date(0);
  local.setUTCFullYear(y, mo, d);
  local.setUTCHours(h, mi, s, 0);
  if (local.getUTCDate() !== d || local.getUTCMonth() !== mo || DAYS[local.getUTCDay()] !== weekday)
    return null;
  if (sign === undefined) return local;
  const oh = Number(offHours);
  const om = Number(offMinutes);
  if (oh > 23 || om > 59) return null;
  const offsetMs = (sign === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  return new Date(local.getTime() - offsetMs);
}
