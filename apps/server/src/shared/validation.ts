import { z } from 'zod';
import { AppError } from './app-error.ts';

/**
 * Wire input → typed value, or AppError(4001) whose message names the field first
 * ("shipping_address.country: …", "orders[3].quantity: …") so a caller can fix the request.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const tail = formatPath(issue?.path ?? []);
  // "orders[2]." + "quantity", or just "orders[2]" when the item itself is wrong.
  const path = tail ? prefix + tail : prefix.replace(/\.$/, '');
  let message = issue?.message ?? 'invalid';
  if (issue?.code === 'invalid_type' && /received undefined$/.test(message)) message = 'is required';
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

/** GET params arrive as strings ("2"), service callers may pass numbers: accept both, integers only. */
export const intParam = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v),
    z
      .number({ error: 'must be an integer' })
      .int({ error: 'must be an integer' })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` }),
  );

export const pageSchema = z.object({
  page: intParam(1, 1_000_000).default(1),
  page_size: intParam(1, 100).default(20),
});

export type { Page } from '@tradepost/protocol';

/** Plain object or nothing: wire params must be an object; null/undefined mean "no params". */
export function asParams(input: unknown): unknown {
  return input === undefined || input === null ? {} : input;
}
