/**
 * JSON catalog files: an array of products, or `{ "products": [...] }` (the shape an export or
 * a B-End page's `items` is easily turned into). Issues carry the line where the offending value
 * starts, and its index path, e.g. `products[3].skus[1].price`.
 */
import { JsonSyntaxError, lineOfPath, locateJsonValues } from './json-locator.ts';
import type { JsonPath } from './json-locator.ts';
import { checkRawProducts } from './import-issues.ts';
import type { FieldLocator, RawProduct } from './import-issues.ts';
import type { ParseOutcome } from './import-csv.ts';
import { formatInputPath } from '../modules/catalog/catalog.service.ts';

export function parseJsonProducts(
  text: string,
  onProgress?: (done: number, total: number) => void,
): ParseOutcome {
  const source = text.replace(/^\uFEFF/, '');
  let root: unknown;
  try {
    root = JSON.parse(source);
  } catch (e) {
    return { products: [], issues: [syntaxIssue(source, e)] };
  }

  const wrapped = typeof root === 'object' && root !== null && !Array.isArray(root);
  const found = wrapped ? (root as Record<string, unknown>).products : root;
  if (!Array.isArray(found)) {
    return {
      products: [],
      issues: [{ line: 1, message: 'expected an array of products, or {"products": [...]}' }],
    };
  }
  const list: unknown[] = found;
  if (list.length === 0)
    return { products: [], issues: [{ line: 1, message: 'the file holds no products' }] };

  // Locating values costs a second pass over the text, so it only happens once a line is wanted.
  let lines: Map<string, number> | undefined;
  const lineOf = (path: JsonPath) => lineOfPath((lines ??= locateJsonValues(source)), path);
  const prefix: JsonPath = wrapped ? ['products'] : [];

  const items = list.map((raw, i): RawProduct => ({
    raw,
    at: {
      line: (path) => lineOf([...prefix, i, ...path]),
      label: (path) => formatInputPath([i, ...path]),
    } satisfies FieldLocator,
  }));
  const { products, issues } = checkRawProducts(items, onProgress);
  issues.sort((a, b) => a.line - b.line);
  return { products, issues };
}

function syntaxIssue(source: string, cause: unknown) {
  try {
    locateJsonValues(source);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { line: e.line, message: e.message };
  }
  // The scanner accepted what JSON.parse refused: fall back to the parser's own words.
  return { line: 1, message: `invalid JSON: ${cause instanceof Error ? cause.message : String(cause)}` };
}
