// ISO 8601 with an offset, in the forms SellerCenter clients send: `+00:00`, `+0000`, `Z`,
// fractional seconds, and minutes-only (`2015-07-01T11:11Z`). No offset means no instant: refused.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses an Action API `Timestamp`. Returns null for anything else (an invalid calendar date, no
 * offset, a leap second, …), which the verifier answers with E004.
 *
 * @example
 * ```ts
 * import { parseActionTimestamp } from '@tradepost/protocol';
 *
 * parseActionTimestamp('2015-07-01T11:11:11+00:00'); // Date 2015-07-01T11:11:11.000Z
 * parseActionTimestamp('2015-07-01T13:11+0200');     // the same instant, minus the seconds
 * parseActionTimestamp('2015-07-01 11:11:11');       // null
 * ```
 */
export function parseActionTimestamp(text: string): Date | null {
  if (typeof text !== 'string' || text.length > 40) return null;
  const m = ISO.exec(text);
  if (m === null) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const offHours = Number(m[10]);
    const offMinutes = Number(m[11]);
    if (offHours > 23 || offMinutes > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offHours * 60 + offMinutes);
  }
  // setUTCFullYear, not Date.UTC: the latter reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offsetMinutes, second, millis);
  return date;
}

/**
 * A Date as the Action API `Timestamp` clients send: seconds precision, `+00:00` offset.
 *
 * @example
 * ```ts
 * import { formatActionTimestamp } from '@tradepost/protocol';
 *
 * formatActionTimestamp(new Date('2015-07-01T11:11:11Z')); // '2015-07-01T11:11:11+00:00'
 * ```
 */
export function formatActionTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}
