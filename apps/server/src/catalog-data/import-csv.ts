/**
 * CSV catalog files: one row per SKU; rows sharing a goods_id form one product (they need not be
 * adjacent). Product columns may be left empty on a product's later rows, but must not disagree
 * with its first row. A row without goods_id is a product of its own.
 *
 * The file is streamed, never held: `scan` counts each goods_id's rows, so `products` can hand a
 * product on as soon as its last row is read (rows of one product that lie far apart are held
 * until then; adjacent rows, the usual layout, never are).
 */
import { fieldMessage } from '@tradepost/web-contract';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import type { Options } from 'csv-parse';
import type { JsonPath } from './json-locator.ts';
import { IMPORT_BATCH, ImportFault } from './import-issues.ts';
import type { FieldLocator, ImportIssue, ProductReader, RawProduct } from './import-issues.ts';
import type { ImportSource } from './import-source.ts';
import { readCsvHeader } from '../shared/csv.ts';

export const CSV_COLUMNS = [
  'goods_id',
  'title',
  'description',
  'category',
  'images',
  'currency',
  'status',
  'sku_id',
  'spec',
  'price',
  'stock',
  'sku_status',
] as const;
type Column = (typeof CSV_COLUMNS)[number];

const REQUIRED_COLUMNS: readonly Column[] = ['title', 'category', 'currency', 'spec', 'price', 'stock'];
const PRODUCT_COLUMNS: readonly Column[] = [
  'title',
  'description',
  'category',
  'images',
  'currency',
  'status',
];

interface CsvRecord {
  line: number;
  fields: string[];
}

interface Row {
  line: number;
  values: Partial<Record<Column, string>>;
}

/** A product being read: its rows so far, and how many it has (counted by `scan`). */
interface Group {
  rows: Row[];
  size: number;
}

export function csvReader(source: ImportSource): ProductReader {
  /** Rows per goods_id, from `scan`. */
  let sizes = new Map<string, number>();

  /** The data rows with the right field count, as column values; other rows go to `issues`. */
  async function* rows(issues: ImportIssue[] | null): AsyncGenerator<Row> {
    let columns: Column[] | null = null;
    for await (const record of records(source)) {
      if (!columns) {
        columns = readHeader(record.fields);
        continue;
      }
      if (record.fields.length !== columns.length) {
        issues?.push({
          line: record.line,
          message: fieldMessage('csvFieldCount', { expected: columns.length, found: record.fields.length }),
        });
        continue;
      }
      const values: Partial<Record<Column, string>> = {};
      columns.forEach((column, i) => (values[column] = (record.fields[i] ?? '').trim()));
      yield { line: record.line, values };
    }
    if (!columns) throw new ImportFault({ line: 1, message: fieldMessage('fileEmpty') });
  }

  return {
    async scan() {
      const counted = new Map<string, number>();
      let count = 0;
      for await (const { values } of rows(null)) {
        count++;
        if (values.goods_id) counted.set(values.goods_id, (counted.get(values.goods_id) ?? 0) + 1);
      }
      sizes = counted;
      return { rows: count };
    },

    async *products(issues) {
      // Products leave in the order of their first rows: `queue[head]` is the oldest not yet out.
      const open = new Map<string, Group>();
      const queue: Group[] = [];
      let head = 0;
      let batch: RawProduct[] = [];
      for await (const row of rows(issues)) {
        const id = row.values.goods_id;
        let group = id ? open.get(id) : undefined;
        if (!group) {
          group = { rows: [], size: id ? (sizes.get(id) ?? 1) : 1 };
          if (id) open.set(id, group);
          queue.push(group);
        }
        group.rows.push(row);
        if (group.rows.length >= group.size && id) open.delete(id);
        for (; head < queue.length && queue[head]!.rows.length >= queue[head]!.size; head++) {
          const done = queue[head]!;
          checkAgreement(done.rows, issues);
          batch.push(toRawProduct(done.rows));
          if (batch.length >= IMPORT_BATCH) {
            yield batch;
            batch = [];
          }
        }
        if (head > 1024 && head * 2 > queue.length) {
          queue.splice(0, head);
          head = 0;
        }
      }
      // Only if the file changed since `scan`: a product with fewer rows than counted.
      for (; head < queue.length; head++) batch.push(toRawProduct(queue[head]!.rows));
      if (batch.length > 0) yield batch;
    },
  };
}

/**
 * The file's records, parsed as they stream in. The parser's line counts drift after CRLF inside
 * quotes, so line ends are made LF first and lines are counted here; each record is reduced to
 * its line and fields as it is parsed (`on_record`).
 */
async function* records(source: ImportSource): AsyncGenerator<CsvRecord> {
  const options: Options<CsvRecord, string[]> = {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // info.lines is the line a record ends on; a record spans one line per newline in its fields.
    on_record: (record: string[], info) => ({
      line: info.lines - record.reduce((n, field) => n + countNewlines(field), 0),
      fields: record,
    }),
  };
  // The typings only give on_record's own type to parsers with `columns`.
  const parser = parse(options as unknown as Options);
  const feeding = pipeline(Readable.from(lf(source.read())), parser);
  try {
    for await (const record of parser) yield record as CsvRecord;
    await feeding;
  } catch (e) {
    if (e instanceof CsvError) {
      const line =
        typeof (e as { lines?: unknown }).lines === 'number' ? (e as unknown as { lines: number }).lines : 1;
      throw new ImportFault({ line, message: fieldMessage('invalidCsv', { detail: e.message }) });
    }
    throw e;
  } finally {
    parser.destroy();
    await feeding.catch(() => undefined);
  }
}

/** CRLF and CR as LF, a CR at the end of a chunk held back in case its LF starts the next. */
async function* lf(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let held = '';
  for await (const chunk of chunks) {
    let text = held + chunk;
    held = text.endsWith('\r') ? '\r' : '';
    if (held) text = text.slice(0, -1);
    if (text) yield text.replace(/\r\n?/g, '\n');
  }
  if (held) yield '\n';
}

function countNewlines(field: string): number {
  let n = 0;
  for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) n++;
  return n;
}

function readHeader(fields: string[]): Column[] {
  const header = readCsvHeader(fields, CSV_COLUMNS, REQUIRED_COLUMNS);
  if ('problem' in header) throw new ImportFault({ line: 1, message: header.problem });
  return header.columns;
}

/** Later rows of a product may leave product columns empty, but not contradict the first row. */
function checkAgreement([first, ...rest]: Row[], issues: ImportIssue[]): void {
  if (!first) return;
  for (const row of rest) {
    for (const column of PRODUCT_COLUMNS) {
      const value = row.values[column];
      const expected = first.values[column] ?? '';
      if (value && value !== expected) {
        issues.push({
          line: row.line,
          message: `${column}: ${fieldMessage('csvDiffers', {
            value: `"${value}"`,
            line: first.line,
            expected: `"${expected}"`,
            goodsId: `"${first.values.goods_id}"`,
          })}`,
        });
      }
    }
  }
}

function toRawProduct(rows: Row[]): RawProduct {
  const first = (rows[0] as Row).values;
  const orUndefined = (v: string | undefined) => (v ? v : undefined);
  const raw = {
    goods_id: orUndefined(first.goods_id),
    title: first.title ?? '',
    description: first.description ?? '',
    category: first.category ?? '',
    images: (first.images ?? '')
      .split('|')
      .map((s) => s.trim())
      .filter(Boolean),
    currency: first.currency ?? '',
    status: orUndefined(first.status),
    skus: rows.map(({ values }) => ({
      sku_id: orUndefined(values.sku_id),
      spec: values.spec ?? '',
      price: values.price ?? '',
      stock: values.stock ?? '',
      status: orUndefined(values.sku_status),
    })),
  };
  return { raw, at: new CsvLocator(rows.map((row) => row.line)), rows: rows.length };
}

/** Where a product's fields sit: its first row, or the row of the SKU a path names. */
class CsvLocator implements FieldLocator {
  constructor(private readonly lines: number[]) {}

  line(path: JsonPath): number {
    const first = this.lines[0] as number;
    return path[0] === 'skus' && typeof path[1] === 'number' ? (this.lines[path[1]] ?? first) : first;
  }

  label(path: JsonPath): string {
    if (path[0] === 'skus') return path[2] === 'status' ? 'sku_status' : String(path[2] ?? 'spec');
    return String(path[0] ?? 'row');
  }
}
