import { useState } from 'react';
import type { z } from 'zod';
import { zodFields } from '@tradepost/web-contract';
import { fieldError } from './error-text.ts';

/**
 * A form's client-side check in front of its mutation. `check` parses the values with the
 * contract's schema: on failure it keeps the messages by field and returns null, else it returns
 * the body to send. `fieldError(path)` is the check's message for a field, else the server's.
 *
 * A failed check also clears the mutation's last answer: the server's error was about the values
 * sent before, and left on screen beside the new message it reads as a second reason this submit
 * failed (a passing check needs no clearing: `mutate` starts a new answer).
 */
export function useFormCheck(mutation: { error: unknown; reset: () => void }) {
  const [local, setLocal] = useState<Record<string, string>>({});
  return {
    check<T>(schema: z.ZodType<T>, values: unknown): T | null {
      const parsed = schema.safeParse(values);
      setLocal(parsed.success ? {} : zodFields(parsed.error));
      if (parsed.success) return parsed.data;
      mutation.reset();
      return null;
    },
    fieldError: (path: string): string | undefined => local[path] ?? fieldError(mutation.error, path),
  };
}
