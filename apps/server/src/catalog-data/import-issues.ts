/**
 * Import problems by line. The rules themselves are the catalog's own (`createProductInputChecker`,
 * the checker `importProducts` enforces), so a file that passes here upserts; this module only
 * turns each problem's path inside a product into the line of the file it came from. Every
 * problem is reported (not just the first) because an operator fixing a file wants the whole list
 * in one go.
 */
import { fieldMessage } from '@tradepost/web-contract';
import type { ProductInputIssue } from '../modules/catalog/catalog.service.ts';
import type { JsonPath } from './json-locator.ts';

export interface ImportIssue {
  /** 1-based line in the source file. */
  line: number;
  message: string;
}

/** A problem that makes the rest of the file unreadable (bad syntax, a bad header): the only one reported. */
export class ImportFault extends Error {
  constructor(readonly issue: ImportIssue) {
    super(issue.message);
  }
}

/** Where a field of one raw product sits in the file, and what to call it in a message. */
export interface FieldLocator {
  line(path: JsonPath): number;
  label(path: JsonPath): string;
}

export interface RawProduct {
  raw: unknown;
  at: FieldLocator;
  /** Rows of the file it took (CSV: one per SKU), for the progress bar. */
  rows: number;
}

/**
 * One format's reading of a file. The file is read more than once (checked in full before
 * anything is written, then read again to write it), never held whole.
 */
export interface ProductReader {
  /**
   * A first read for what makes the file unreadable as a whole (syntax, header, shape: thrown
   * as ImportFault) and the row count the progress bar needs.
   */
  scan(): Promise<{ rows: number }>;
  /**
   * The raw products in file order, a batch at a time. Problems the catalog's rules cannot see
   * (a CSV row's field count, later rows contradicting a product's first) go to `issues`.
   */
  products(issues: ImportIssue[]): AsyncIterable<RawProduct[]>;
}

/** Products per batch: large enough for few round trips, small enough to never weigh much. */
export const IMPORT_BATCH = 250;

/** A duplicate whose first use lay in an earlier batch: `message` once that line is found. */
export interface PendingLine {
  firstPath: JsonPath;
  message(firstLine: number): string;
}

/**
 * `issue` of the product `items[path[0]]` as a line and `label: problem`. A duplicate id names
 * where it was first used by line: `firstLine` resolves its `firstPath` (counted from the first
 * batch), or returns undefined when that product is no longer at hand.
 */
export function locateIssue(
  { path, message, duplicate }: ProductInputIssue,
  items: readonly RawProduct[],
  firstLine: (firstPath: JsonPath) => number | undefined,
): ImportIssue & { pending?: PendingLine } {
  const at = items[path[0] as number]?.at;
  const rest = path.slice(1);
  // Never happens: readers pass a list, so every issue lies inside one of its products.
  if (!at) return { line: 1, message };
  const line = at.line(rest);
  const label = at.label(rest);
  if (!duplicate) return { line, message: `${label}: ${message}` };
  const value = JSON.stringify(duplicate.id);
  const atLine = (first: number) => `${label}: ${fieldMessage('usedAtLine', { value, line: first })}`;
  const first = firstLine(duplicate.firstPath);
  if (first !== undefined) return { line, message: atLine(first) };
  // Said by its line once that is found (import-file.ts); until then by its path (`message`).
  return {
    line,
    message: `${label}: ${message}`,
    pending: { firstPath: duplicate.firstPath, message: atLine },
  };
}
