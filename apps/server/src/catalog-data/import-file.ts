/**
 * Reads a catalog import file (JSON or CSV) into the input of `catalog.upsertProducts`, or into
 * the complete list of what is wrong with it. All or nothing: a file with one bad row yields no
 * products, so the caller can never half-import it.
 */
import { parseCsvProducts } from './import-csv.ts';
import { parseJsonProducts } from './import-json.ts';
import type { ImportIssue } from './import-issues.ts';
import type { ProductInput } from './product-input.ts';

export type { ImportIssue } from './import-issues.ts';
export { CSV_COLUMNS } from './import-csv.ts';

export type ImportFormat = 'json' | 'csv';

export interface ParseImportOptions {
  /** Wins over the file name. */
  format?: ImportFormat;
  /** Its extension picks the format; without one the content decides. */
  fileName?: string;
  /** Called as rows are validated, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export type ImportParseResult =
  | { ok: true; format: ImportFormat; products: ProductInput[]; skuCount: number }
  | { ok: false; format: ImportFormat; errors: ImportIssue[] };

export function detectFormat(text: string, fileName?: string): ImportFormat {
  const ext = fileName?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (ext === 'json') return 'json';
  if (ext === 'csv') return 'csv';
  return /^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'csv';
}

export function parseImportFile(text: string, options: ParseImportOptions = {}): ImportParseResult {
  const format = options.format ?? detectFormat(text, options.fileName);
  const { products, issues } =
    format === 'json'
      ? parseJsonProducts(text, options.onProgress)
      : parseCsvProducts(text, options.onProgress);
  if (issues.length > 0) return { ok: false, format, errors: issues };
  const skuCount = products.reduce((n, p) => n + p.skus.length, 0);
  return { ok: true, format, products, skuCount };
}
