import { Readable } from 'node:stream';

/**
 * CSV (RFC 4180) as a stream: one line per row as the rows arrive, so an export of any size is
 * held in memory one row at a time. A text cell that a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`; money columns are written as they are.
 * The file is UTF-8 with a byte order mark, for the spreadsheets people open it in.
 */
export function csvCell(value: unknown, opts: { number?: boolean } = {}): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (!opts.number && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvStream<T>(
  header: readonly string[],
  rows: AsyncIterable<T>,
  toCells: (row: T) => string[],
): Readable {
  async function* lines() {
    // A byte order mark first: without it Excel reads the file as the system's code page, and a
    // description with "×", an emoji or a Chinese cancel reason comes out garbled.
    yield `\ufeff${header.join(',')}\r\n`;
    for await (const row of rows) yield `${toCells(row).join(',')}\r\n`;
  }
  return Readable.from(lines(), { objectMode: false });
}
