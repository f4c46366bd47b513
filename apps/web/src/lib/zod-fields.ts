import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { zodFields } from '@tradepost/web-contract';
import { fieldError, fieldText } from './error-text.ts';

/** The contract's message for a value `rule` refuses, in the reader's language; undefined if it passes. */
export function ruleError(t: TFunction, rule: z.ZodType, value: unknown): string | undefined {
  const parsed = rule.safeParse(value);
  return parsed.success ? undefined : fieldText(t, Object.values(zodFields(parsed.error))[0]!);
}

/**
 * A form's client-side check in front of its mutation. `check` parses the values with the
 * contract's schema: on failure it keeps the messages by field and returns null, else it returns
 * the body to send. `fieldError(path)` is the check's message for a field, else the server's, in
 * the reader's language; `onField(path)` says whether this render shows that field's message.
 *
 * A failed check also clears the mutation's last answer: the server's error was about the values
 * sent before, and left on screen beside the new message it reads as a second reason this submit
 * failed (a passing check needs no clearing: `mutate` starts a new answer).
 *
 * A failed check moves focus to the form's first invalid field once the render marking it
 * (aria-invalid, its message in aria-describedby) is committed: a screen reader then reads its
 * label, state and message, where focus left on the submit button said nothing. The form is the
 * one holding focus at submit (its submit button, or the field Enter was pressed in). A form with
 * rules of its own beyond the schema calls `focusInvalid()` when they refuse.
 */
export function useFormCheck(mutation: { error: unknown; reset: () => void }) {
  const { t } = useTranslation();
  // Kept as the contract's English and translated when shown: a language switch retranslates.
  const [local, setLocal] = useState<Record<string, string>>({});
  // The fields this render shows an error slot for (each asks fieldError): the server's message
  // for one of them is shown on it, so MutationStatus (`onField`) need not list it again.
  const asked = useRef(new Set<string>());
  asked.current.clear();
  const [refusals, setRefusals] = useState(0);
  const refusedIn = useRef<HTMLFormElement | null>(null);
  useEffect(() => {
    const form = refusedIn.current;
    refusedIn.current = null;
    if (form) firstInvalidField(form)?.focus();
  }, [refusals]);
  const focusInvalid = () => {
    refusedIn.current = document.activeElement?.closest('form') ?? null;
    setRefusals((n) => n + 1);
  };
  return {
    check<T>(schema: z.ZodType<T>, values: unknown): T | null {
      const parsed = schema.safeParse(values);
      setLocal(parsed.success ? {} : zodFields(parsed.error));
      if (parsed.success) return parsed.data;
      mutation.reset();
      focusInvalid();
      return null;
    },
    focusInvalid,
    fieldError: (path: string): string | undefined => {
      asked.current.add(path);
      const own = local[path];
      return own !== undefined ? fieldText(t, own) : fieldError(t, mutation.error, path);
    },
    /** Whether the form shows `path`'s error on its field (pass to MutationStatus). */
    onField: (path: string): boolean => asked.current.has(path),
  };
}

/** The first field of `form` marked invalid that a person can focus (not a hidden native twin). */
function firstInvalidField(form: HTMLFormElement): HTMLElement | undefined {
  return Array.from(form.querySelectorAll<HTMLElement>('[aria-invalid="true"]')).find(
    (el) => !el.closest('[aria-hidden="true"], [hidden], [inert]') && el.getClientRects().length > 0,
  );
}
