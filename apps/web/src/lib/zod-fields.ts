import type { z } from 'zod';

/** A zod failure as `{ 'shipping_address.city': 'is required' }`, the same keys the server's `fields` use. */
export function zodFields(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.');
    out[key] ??= issue.message;
  }
  return out;
}
