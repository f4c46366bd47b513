/**
 * Import problems by line. The rules themselves are the catalog's own (`checkProductInputs`, the
 * schema `upsertProducts` enforces), so a file that passes here upserts; this module only turns
 * each problem's path inside a product into the line of the file it came from. Every problem is
 * reported (not just the first) because an operator fixing a file wants the whole list in one go.
 */
import { checkProductInputs } from '../modules/catalog/catalog.service.ts';
import type { ProductInputIssue } from '../modules/catalog/catalog.service.ts';
import type { JsonPath } from './json-locator.ts';
import type { ProductInput } from './product-input.ts';

export interface ImportIssue {
  /** 1-based line in the source file. */
  line: number;
  message: string;
}

/** Where a field of one raw product sits in the file, and what to call it in a message. */
export interface FieldLocator {
  line(path: JsonPath): number;
  label(path: JsonPath): string;
}

export interface RawProduct {
  raw: unknown;
  at: FieldLocator;
}

/**
 * Checks the products read from a file against the catalog's rules: all of them normalised, or
 * every problem as `line` + `label: problem`.
 */
export function checkRawProducts(
  items: readonly RawProduct[],
  onProgress?: (done: number, total: number) => void,
): { products: ProductInput[]; issues: ImportIssue[] } {
  const checked = checkProductInputs(
    items.map((item) => item.raw),
    onProgress,
  );
  if (checked.ok) return { products: checked.products, issues: [] };
  return { products: [], issues: checked.issues.map((issue) => locate(issue, items)) };
}

function locate({ path, message, duplicate }: ProductInputIssue, items: readonly RawProduct[]): ImportIssue {
  const split = (p: JsonPath) => ({ at: items[p[0] as number]?.at, rest: p.slice(1) });
  const { at, rest } = split(path);
  // Never happens: readers pass a list, so every issue lies inside one of its products.
  if (!at) return { line: 1, message };
  let problem = message;
  if (duplicate) {
    const first = split(duplicate.firstPath);
    problem = `${JSON.stringify(duplicate.id)} is already used at line ${first.at?.line(first.rest) ?? 1}`;
  }
  return { line: at.line(rest), message: `${at.label(rest)}: ${problem}` };
}
