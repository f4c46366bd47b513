import { fieldIssue, fieldMessage } from '@tradepost/web-contract';
import { z } from 'zod';
import { AppError } from './app-error.ts';

/**
 * Wire input → typed value, or AppError(4001) whose message names the field first
 * ("shipping_address.country: …", "orders[3].quantity: …") so a caller can fix the request.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  assertCleanText(input, prefix.replace(/\.$/, ''), { items: false });
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const tail = formatPath(issue?.path ?? []);
  // "orders[2]." + "quantity", or just "orders[2]" when the item itself is wrong.
  const path = tail ? prefix + tail : prefix.replace(/\.$/, '');
  let message = issue?.message ?? 'invalid';
  if (issue?.code === 'invalid_type' && /received undefined$/.test(message))
    message = fieldMessage('required');
  throw new AppError(4001, path ? `${path}: ${message}` : `Invalid parameters: ${message}`);
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** A decimal integer string as a number; one past a safe integer is out of range (past `min`/`max`), not "no integer". */
function decimalInt(v: unknown, min: number, max: number): unknown {
  if (typeof v !== 'string' || !/^-?\d+$/.test(v.trim())) return v;
  const n = Number(v.trim());
  if (Number.isSafeInteger(n)) return n;
  return n > 0 ? max + 1 : min - 1;
}

/**
 * GET params arrive as strings ("2"), service callers may pass numbers: accept both, integers only.
 * A decimal integer too large to hold (`99999999999999999999`) says "at most …", as `99999999` does.
 */
export const intParam = (min: number, max: number) =>
  z.preprocess(
    (v) => decimalInt(v, min, max),
    z
      .number(fieldIssue('integer'))
      .int(fieldIssue('integer'))
      .min(min, fieldIssue('minValue', { min }))
      .max(max, fieldIssue('maxValue', { max })),
  );

/** The highest page number a list answers. */
export const MAX_PAGE = 1_000_000;

export const pageSchema = z.object({
  page: intParam(1, MAX_PAGE).default(1),
  page_size: intParam(1, 100).default(20),
});

export type { Page } from '@tradepost/protocol';

/** Plain object or nothing: wire params must be an object; null/undefined mean "no params". */
export function asParams(input: unknown): unknown {
  return input === undefined || input === null ? {} : input;
}

/**
 * Control characters no identifier or text field of ours may hold: C0 except tab, LF and CR, DEL,
 * and C1. NUL is the one that matters most — PostgreSQL refuses it in text ("invalid byte sequence
 * for encoding UTF8: 0x00") while SQLite stores it — so refusing every one of them here makes both
 * databases answer the same, and keeps such bytes out of logs, XML answers and CSV exports.
 * Also the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
 * make a ledger note or a name display as something other than what it holds, and unpaired
 * surrogates, which are not text at all (each database stored a different replacement for them).
 */
const CONTROL =
  // eslint-disable-next-line no-control-regex -- these characters are exactly what is being matched
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const hasControlChar = (text: string): boolean => CONTROL.test(text);

/** Deep enough for every request shape we take (a batch is 6 levels); deeper input is not walked. */
const MAX_TEXT_DEPTH = 64;

/**
 * The path of the first string (value or key) in `input` holding a control character, '' for the
 * top level, or null when there is none. Walks plain objects, and arrays unless `items: false`.
 */
export function findControlChar(input: unknown, path = '', depth = 0, items = true): string | null {
  if (typeof input === 'string') return hasControlChar(input) ? path : null;
  if (typeof input !== 'object' || input === null || depth > MAX_TEXT_DEPTH) return null;
  if (Array.isArray(input)) {
    if (!items) return null;
    for (let i = 0; i < input.length; i++) {
      const hit = findControlChar(input[i], `${path}[${i}]`, depth + 1, items);
      if (hit !== null) return hit;
    }
    return null;
  }
  for (const [key, value] of Object.entries(input)) {
    const at = path ? `${path}.${key}` : key;
    if (hasControlChar(key)) return path; // the key itself is not echoed back
    const hit = findControlChar(value, at, depth + 1, items);
    if (hit !== null) return hit;
  }
  return null;
}

/**
 * The one text rule at the door/service boundary: AppError(4001) naming the field when any string
 * in `input` holds a control character. `parseInput` applies it to every service input, and the
 * doors to their path and query parameters, so no such byte ever reaches a query. With
 * `items: false` list members are left to their own parseInput: one bad item of a batch fails
 * alone, as batches promise.
 */
export function assertCleanText(input: unknown, prefix = '', opts: { items?: boolean } = {}): void {
  const at = findControlChar(input, prefix, 0, opts.items ?? true);
  if (at === null) return;
  throw new AppError(4001, `${at === '' ? 'Invalid parameters' : at}: ${fieldMessage('controlChars')}`);
}
