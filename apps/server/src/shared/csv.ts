import { fieldMessage } from '@tradepost/web-contract';
import { parse } from 'csv-parse/sync';

/**
 * A whole CSV text (a file sent from a page) as its records, each with the line it ends on: a
 * BOM dropped, cells trimmed, empty lines skipped, any number of fields (the caller checks them).
 * Text that is no CSV (an unclosed quote) throws csv-parse's error, whose message says where.
 */
export function csvLines(text: string): Array<{ record: string[]; line: number }> {
  const records = parse(text, {
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    info: true,
    bom: true,
  }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  return records.map(({ record, info }) => ({ record, line: info.lines }));
}

/**
 * A CSV file's header row read against the columns its file may have: each name trimmed, in any
 * case, in any order. An unknown name, a name twice or a required one missing is a problem; all of
 * them come back as one `csvHeader` message (the catalog import's and the portal's batch file's).
 */
export function readCsvHeader<C extends string>(
  fields: readonly string[],
  known: readonly C[],
  required: readonly C[],
): { columns: C[] } | { problem: string } {
  const columns: C[] = [];
  const problems: string[] = [];
  for (const raw of fields) {
    const name = raw.trim().toLowerCase();
    if (!(known as readonly string[]).includes(name))
      problems.push(fieldMessage('unknownColumn', { value: `"${raw.trim()}"` }));
    else if (columns.includes(name as C)) problems.push(fieldMessage('columnTwice', { value: `"${name}"` }));
    else columns.push(name as C);
  }
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length)
    problems.push(
      fieldMessage(missing.length > 1 ? 'missingColumns' : 'missingColumn', { columns: missing.join(', ') }),
    );
  if (!problems.length) return { columns };
  return {
    problem: fieldMessage('csvHeader', {
      problems: problems.join(fieldMessage('listSeparator')),
      columns: known.join(','),
    }),
  };
}
