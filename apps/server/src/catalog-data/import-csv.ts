/**
 * CSV catalog files: one row per SKU; rows sharing a goods_id form one product (they need not be
 * adjacent). Product columns may be left empty on a product's later rows, but must not disagree
 * with its first row. A row without goods_id is a product of its own.
 */
import { parse } from 'csv-parse/sync';
import { CsvError } from 'csv-parse/sync';
import type { Options } from 'csv-parse/sync';
import type { JsonPath } from './json-locator.ts';
import { checkRawProducts } from './import-issues.ts';
import type { FieldLocator, ImportIssue, RawProduct } from './import-issues.ts';
import type { ProductInput } from './product-input.ts';

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

export interface ParseOutcome {
  products: ProductInput[];
  issues: ImportIssue[];
}

export function parseCsvProducts(
  text: string,
  onProgress?: (done: number, total: number) => void,
): ParseOutcome {
  const issues: ImportIssue[] = [];
  let records = readRecords(text, issues);
  if (!records) return { products: [], issues };
  const header = records[0];
  const rowCount = records.length - 1;
  if (!header)
    return { products: [], issues: [{ line: 1, message: 'the file is empty (expected a header row)' }] };

  const columns = readHeader(header.fields, issues);
  if (!columns) return { products: [], issues };

  const groups = new Map<string, Row[]>();
  for (let r = 1; r < records.length; r++) {
    const record = records[r]!;
    if (record.fields.length !== columns.length) {
      issues.push({
        line: record.line,
        message: `expected ${columns.length} fields, found ${record.fields.length} (a comma inside a value needs "quotes")`,
      });
      continue;
    }
    const values: Partial<Record<Column, string>> = {};
    columns.forEach((column, i) => (values[column] = (record.fields[i] ?? '').trim()));
    const key = values.goods_id ? `id:${values.goods_id}` : `line:${record.line}`;
    const group = groups.get(key);
    if (group) group.push({ line: record.line, values });
    else groups.set(key, [{ line: record.line, values }]);
  }

  records = null; // a 100k-row file: its records weigh as much as the products built from them

  const items: RawProduct[] = [];
  for (const [key, rows] of groups) {
    checkAgreement(rows, issues);
    items.push(toRawProduct(rows));
    groups.delete(key);
  }
  const { products, issues: fieldIssues } = checkRawProducts(items, rowProgress(items, rowCount, onProgress));
  issues.push(...fieldIssues);
  issues.sort((a, b) => a.line - b.line);
  if (products.length === 0 && issues.length === 0)
    issues.push({ line: 1, message: 'the file holds no products' });
  return { products, issues };
}

/**
 * The parser's line counts drift after CRLF inside quotes, so lines are counted here instead.
 * Each record is reduced to its line and fields as it is parsed (`on_record`), so the parser's
 * per-record info objects are never collected into an array.
 */
function readRecords(text: string, issues: ImportIssue[]): CsvRecord[] | null {
  const options: Options<CsvRecord, string[]> = {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // info.lines is the line a record ends on; a record spans one line per newline in its fields.
    on_record: (record, info) => ({
      line: info.lines - record.reduce((n, field) => n + countNewlines(field), 0),
      fields: record,
    }),
  };
  try {
    // The typings only give on_record's own type to parsers with `columns`.
    return parse(text.replace(/\r\n?/g, '\n'), options as unknown as Options) as unknown as CsvRecord[];
  } catch (e) {
    if (e instanceof CsvError) {
      const line =
        typeof (e as { lines?: unknown }).lines === 'number' ? (e as unknown as { lines: number }).lines : 1;
      issues.push({ line, message: `invalid CSV: ${e.message}` });
      return null;
    }
    throw e;
  }
}

function countNewlines(field: string): number {
  let n = 0;
  for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) n++;
  return n;
}

function readHeader(fields: string[], issues: ImportIssue[]): Column[] | null {
  const columns: Column[] = [];
  const problems: string[] = [];
  for (const raw of fields) {
    const name = raw.trim().toLowerCase();
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) problems.push(`unknown column "${raw.trim()}"`);
    else if (columns.includes(name as Column)) problems.push(`column "${name}" appears twice`);
    else columns.push(name as Column);
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) problems.push(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  if (!problems.length) return columns;
  issues.push({ line: 1, message: `header: ${problems.join('; ')} (columns are ${CSV_COLUMNS.join(',')})` });
  return null;
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
          message: `${column}: "${value}" differs from line ${first.line} ("${expected}") for goods_id "${first.values.goods_id}"`,
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
  return { raw, at: new CsvLocator(rows.map((row) => row.line)) };
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

/** Progress in rows (one per SKU), from progress in products. */
function rowProgress(
  items: RawProduct[],
  rowCount: number,
  onProgress?: (done: number, total: number) => void,
): ((doneProducts: number) => void) | undefined {
  if (!onProgress) return undefined;
  let rows = 0;
  return (doneProducts) => {
    rows += (items[doneProducts - 1]?.raw as { skus: unknown[] }).skus.length;
    onProgress(rows, rowCount);
  };
}
