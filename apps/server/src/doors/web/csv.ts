import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';

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

/** Lines are sent in pieces of about this many characters (not one write per line). */
const PIECE = 64 * 1024;

export function csvStream<T>(
  header: readonly string[],
  rows: AsyncIterable<T>,
  toCells: (row: T) => string[],
): Readable {
  async function* pieces() {
    // A byte order mark first: without it Excel reads the file as the system's code page, and a
    // description with "×", an emoji or a Chinese cancel reason comes out garbled.
    let piece = `\ufeff${header.join(',')}\r\n`;
    for await (const row of rows) {
      piece += `${toCells(row).join(',')}\r\n`;
      if (piece.length < PIECE) continue;
      yield piece;
      piece = '';
      // SQLite reads synchronously, so the rows' promises settle without the event loop ever
      // turning: without this, a 100,000-row export held every other request for seconds.
      await setImmediate();
    }
    if (piece !== '') yield piece;
  }
  return Readable.from(pieces(), { objectMode: false });
}

/**
 * Answers with `rows` as a CSV attachment named by its filters: `prefix[-kind][-from-DAY][-to-DAY].csv`.
 * A bound is named by its own date (the web app sends its reader's local days with their offset,
 * so that is the day they picked), never its colons.
 */
export function csvDownload<T>(
  reply: FastifyReply,
  name: { prefix: string; kind?: string | undefined; from?: string | undefined; to?: string | undefined },
  header: readonly string[],
  rows: AsyncIterable<T>,
  toCells: (row: T) => string[],
): Readable {
  const day = (bound: string) => bound.slice(0, 10);
  const file = `${name.prefix}${name.kind ? `-${name.kind}` : ''}${name.from ? `-from-${day(name.from)}` : ''}${name.to ? `-to-${day(name.to)}` : ''}.csv`;
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}"`);
  return csvStream(header, rows, toCells);
}
