/**
 * Reads a catalog import file (JSON or CSV) into the input of the catalog's `importProducts`, or
 * into the complete list of what is wrong with it. All or nothing: a file with one bad row yields
 * no products, so the caller can never half-import it.
 *
 * A file is read a batch at a time and never held whole: one read for its shape and row count,
 * one to check every product with the catalog's own checker (keeping only the ids it has seen),
 * and, when nothing was wrong, `batches()` reads it once more for the writer.
 */
import { fieldMessage } from '@tradepost/web-contract';
import { createProductInputChecker } from '../modules/catalog/catalog.service.ts';
import type { ProductInput } from '../modules/catalog/catalog.service.ts';
import { csvReader } from './import-csv.ts';
import { ImportFault, locateIssue } from './import-issues.ts';
import type { ImportIssue, PendingLine, ProductReader, RawProduct } from './import-issues.ts';
import { jsonReader } from './import-json.ts';
import type { JsonPath } from './json-locator.ts';
import { firstChunk, textSource } from './import-source.ts';
import type { ImportSource } from './import-source.ts';

export type { ImportIssue } from './import-issues.ts';
export { CSV_COLUMNS } from './import-csv.ts';
export { fileSource, textSource } from './import-source.ts';
export type { ImportSource } from './import-source.ts';

export type ImportFormat = 'json' | 'csv';

export interface ParseImportOptions {
  /** Wins over the file name. */
  format?: ImportFormat;
  /** Its extension picks the format; without one the content decides. */
  fileName?: string;
  /** Called as rows are validated, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export type ImportCheck =
  | {
      ok: true;
      format: ImportFormat;
      productCount: number;
      skuCount: number;
      /** Rows of the file (CSV: one per SKU; JSON: one per product), for progress while writing. */
      rowCount: number;
      /**
       * The file read again, as batches of raw products for `importProducts` (which checks each
       * with the same rules). `onRows` counts rows handed on. Throws if the file changed since.
       */
      batches(onRows?: (rows: number) => void): AsyncIterable<unknown[]>;
    }
  | { ok: false; format: ImportFormat; errors: ImportIssue[] };

export type ImportParseResult =
  | { ok: true; format: ImportFormat; products: ProductInput[]; skuCount: number }
  | { ok: false; format: ImportFormat; errors: ImportIssue[] };

export function detectFormat(text: string, fileName?: string): ImportFormat {
  const ext = fileName?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (ext === 'json') return 'json';
  if (ext === 'csv') return 'csv';
  return /^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'csv';
}

/** Checks a whole import (read, never held whole) without keeping its products. */
export async function checkImport(
  source: ImportSource,
  options: ParseImportOptions = {},
): Promise<ImportCheck> {
  const format = options.format ?? detectFormat(await firstChunk(source), options.fileName);
  const reader = format === 'json' ? jsonReader(source) : csvReader(source);
  const checked = await checkProducts(reader, options.onProgress, () => undefined);
  if (!checked.ok) return { ok: false, format, errors: checked.errors };
  const { productCount, skuCount, rowCount } = checked;
  return {
    ok: true,
    format,
    productCount,
    skuCount,
    rowCount,
    async *batches(onRows) {
      const issues: ImportIssue[] = [];
      for await (const batch of reader.products(issues)) {
        if (issues.length > 0) break;
        yield batch.map((item) => item.raw);
        onRows?.(batch.reduce((n, item) => n + item.rows, 0));
      }
      // The checker in `importProducts` refuses what the catalog's rules see; this is the rest.
      if (issues.length > 0)
        throw new ImportFault({ line: issues[0]!.line, message: fieldMessage('fileChanged') });
    },
  };
}

/** Checks text the caller holds (the console's upload) and keeps its products, normalised. */
export async function parseImportFile(
  text: string,
  options: ParseImportOptions = {},
): Promise<ImportParseResult> {
  const source = textSource(text);
  const format = options.format ?? detectFormat(text, options.fileName);
  const reader = format === 'json' ? jsonReader(source) : csvReader(source);
  const products: ProductInput[] = [];
  const checked = await checkProducts(reader, options.onProgress, (batch) => products.push(...batch));
  if (!checked.ok) return { ok: false, format, errors: checked.errors };
  return { ok: true, format, products, skuCount: checked.skuCount };
}

/**
 * Reads `reader` twice (its shape, then its products), checking each batch with the catalog's
 * checker as it is read; `keep` gets each batch normalised while no problem was found.
 */
async function checkProducts(
  reader: ProductReader,
  onProgress: ((done: number, total: number) => void) | undefined,
  keep: (products: ProductInput[]) => void,
): Promise<
  | { ok: true; productCount: number; skuCount: number; rowCount: number }
  | { ok: false; errors: ImportIssue[] }
> {
  try {
    const { rows: rowCount } = await reader.scan();
    const issues: ImportIssue[] = [];
    const checker = createProductInputChecker();
    /** Duplicates first used in an earlier batch: their line is found by one more read. */
    const pending: { issue: ImportIssue; line: PendingLine }[] = [];
    let base = 0;
    let rowsDone = 0;
    let skuCount = 0;
    for await (const batch of reader.products(issues)) {
      const checked = checker.check(batch.map((item) => item.raw));
      if (checked.ok) {
        skuCount += checked.products.reduce((n, p) => n + p.skus.length, 0);
        if (issues.length === 0) keep(checked.products);
      } else {
        const local = (firstPath: JsonPath) => {
          const index = (firstPath[0] as number) - base;
          return index >= 0 ? batch[index]?.at.line(firstPath.slice(1)) : undefined;
        };
        for (const found of checked.issues) {
          const { pending: unresolved, ...issue } = locateIssue(found, batch, local);
          issues.push(issue);
          if (unresolved) pending.push({ issue, line: unresolved });
        }
      }
      for (const item of batch) onProgress?.((rowsDone += item.rows), rowCount);
      base += batch.length;
    }
    if (pending.length > 0) await resolveFirstLines(reader, pending);
    if (base === 0 && issues.length === 0) issues.push({ line: 1, message: fieldMessage('fileNoProducts') });
    if (issues.length > 0) return { ok: false, errors: issues.sort((a, b) => a.line - b.line) };
    return { ok: true, productCount: base, skuCount, rowCount };
  } catch (e) {
    if (e instanceof ImportFault) return { ok: false, errors: [e.issue] };
    throw e;
  }
}

/** Says by line where each duplicate whose first use lay in an earlier batch was first used. */
async function resolveFirstLines(
  reader: ProductReader,
  pending: { issue: ImportIssue; line: PendingLine }[],
): Promise<void> {
  const wanted = new Map<number, typeof pending>();
  for (const p of pending) {
    const index = p.line.firstPath[0] as number;
    wanted.set(index, [...(wanted.get(index) ?? []), p]);
  }
  let base = 0;
  for await (const batch of reader.products([])) {
    batch.forEach((item: RawProduct, i) => {
      for (const p of wanted.get(base + i) ?? [])
        p.issue.message = p.line.message(item.at.line(p.line.firstPath.slice(1)));
    });
    base += batch.length;
  }
}
