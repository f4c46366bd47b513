import { checkDateRange, dayString } from '@tradepost/web-contract';
import type { TFunction } from 'i18next';
import { useRef } from 'react';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import { ruleError } from './zod-fields.ts';

/**
 * List filters kept in the URL (bookmarkable, kept across reloads). `update` sets or clears keys
 * and, unless it sets `page` itself, returns to the first page, read as of now (no `as_of`). A
 * filter's change replaces the URL, so typing in a filter does not fill the history; a move to
 * another page is pushed, so the browser's Back returns to the page before.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  // The URL a change asked for but which has not rendered yet: a second change made before that
  // re-render (two fields filled quickly) builds on it instead of dropping the first.
  const pending = useRef<{ from: URLSearchParams; to: URLSearchParams } | null>(null);
  const get = (key: string) => params.get(key) ?? '';
  /**
   * The filter to send: the key's value if `rule` (the contract's) takes it, else none. A
   * hand-edited URL's refused value is not sent (the server would refuse the whole list, and a
   * retry with it); its field says why.
   */
  const valid = (key: string, rule: z.ZodType) => {
    const value = get(key);
    return value && rule.safeParse(value).success ? value : undefined;
  };
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(pending.current?.from === params ? pending.current.to : params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) {
      next.delete('page');
      next.delete('as_of'); // a list read as of an entry (the ledger's pages) is read anew too
    }
    pending.current = { from: params, to: next };
    setParams(next, { replace: !('page' in patch) });
  };
  return { get, valid, page, update };
}

/**
 * A list's From and To days in the URL: the range to send (`days`: the reader's days, for
 * localDayBounds) and what each field says. A bound that is no day (a hand-edited link), or a
 * range that ends before it starts, is said on its field and not sent: the server would refuse the
 * whole list, and a retry with it.
 */
export function dayRangeFilter(filters: ReturnType<typeof useUrlFilters>, t: TFunction) {
  const from = filters.get('from');
  const to = filters.get('to');
  const days = { from: filters.valid('from', dayString), to: filters.valid('to', dayString) };
  const inOrder = checkDateRange(days);
  return {
    from,
    to,
    days: inOrder ? days : { from: undefined, to: undefined },
    fromError: (from && ruleError(t, dayString, from)) || (inOrder ? undefined : t('tx.fromAfterTo')),
    toError: (to && ruleError(t, dayString, to)) || undefined,
  };
}

/** A URL filter's value when it is one of `allowed`; undefined for none or a hand-edited stray. */
export function oneOfOrUndefined<T extends string>(value: string, allowed: readonly T[]): T | undefined {
  return (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}
