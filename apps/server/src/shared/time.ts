/**
 * Timestamps are stored as ISO 8601 UTC text with milliseconds ("2026-11-22T18:41:00.123Z") on
 * both dialects: the same bytes in SQLite and PostgreSQL, lexically sortable, no driver-specific
 * Date/timezone conversion. The wire drops the milliseconds.
 */
export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}

/** Stored ISO text → wire form "2026-11-22T18:41:00Z". */
export function wireTime(stored: string): string {
  return stored.replace(/\.\d+Z$/, 'Z');
}

/** A calendar day `YYYY-MM-DD`: as a filter's bound it covers the whole UTC day. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

// toISOString writes years past 9999 as "+010000-…", which sorts as text before every stored
// "2026-…": such a bound turned "to the end of 9999" into nothing (and "from 10000 on" into
// everything). From there on the bound is 9999-12-31T24:00, ISO 8601's end of that day, which
// sorts after every stored time.
const END_OF_TIME = '9999-12-31T24:00:00.000Z';
const END_OF_TIME_MS = Date.UTC(10_000, 0, 1);

function storedBound(ms: number): string {
  return ms >= END_OF_TIME_MS ? END_OF_TIME : new Date(ms).toISOString();
}

/**
 * A `from` filter (a date, or an ISO 8601 date-time with a zone) as an inclusive lower bound in
 * stored form: a date starts at its UTC midnight.
 */
export function lowerBound(from: string): string {
  return storedBound(Date.parse(from));
}

/**
 * A `to` filter (inclusive, as a person means it) as an exclusive upper bound in stored form: a
 * date covers its whole UTC day; a date-time without fractions covers its whole second, because
 * the wire shows timestamps without milliseconds and a row's own time must match itself.
 */
export function upperBoundExclusive(to: string): string {
  const step = ISO_DATE.test(to) ? 86_400_000 : /\.\d/.test(to) ? 1 : 1000;
  return storedBound(Date.parse(to) + step);
}
