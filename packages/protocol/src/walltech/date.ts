import { ProtocolError } from '../errors.ts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RFC1123 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

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
 * Parses an `X-WallTech-Date` strictly: exactly the RFC 1123 form {@link walltechDate} writes, a
 * real calendar date, and a weekday that matches it. Anything else is null (the verifier's 1004).
 *
 * @example
 * ```ts
 * import { parseWalltechDate } from '@tradepost/protocol';
 *
 * parseWalltechDate('Fri, 16 Dec 2022 18:38:45 GMT'); // Date 2022-12-16T18:38:45.000Z
 * parseWalltechDate('Friday, 16-Dec-22 18:38:45 GMT'); // null
 * ```
 */
export function parseWalltechDate(text: string): Date | null {
  if (typeof text !== 'string') return null;
  const m = RFC1123.exec(text);
  if (m === null) return null;
  const [, , day, month, year, hour, minute, second] = m as unknown as string[];
  const date = new Date(0);
  date.setUTCFullYear(Number(year), MONTHS.indexOf(month as string), Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), 0);
  // Round-tripping rejects 31 Feb, 25:00 and a wrong weekday in one comparison.
  return walltechDate(date) === text ? date : null;
}
