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
