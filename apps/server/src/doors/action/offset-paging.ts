import type { Page } from '@tradepost/protocol';
import { fieldMessage } from '@tradepost/web-contract';
import { intParam, MAX_PAGE, parseInput } from '../../shared/validation.ts';
import { z } from 'zod';

export type { Page };

/** At most this many items per answer, as `PageSize` allows. */
const MAX_LIMIT = 100;

const offsetSchema = z
  .object({
    // Capped, not refused: "at most Limit items, capped at 100" (action-api.md).
    Limit: intParam(1, 1_000_000)
      .default(20)
      .transform((n) => Math.min(n, MAX_LIMIT)),
    Offset: intParam(0, 100_000_000).default(0),
  })
  // The window reads page Offset / Limit + 1 and the one after it: past the last page a list
  // answers, the error names Offset, the parameter sent, not `page`.
  .superRefine(({ Limit, Offset }, ctx) => {
    const max = (MAX_PAGE - 1) * Limit - 1;
    if (Offset > max)
      ctx.addIssue({ code: 'custom', path: ['Offset'], message: fieldMessage('maxValue', { max }) });
  });

/** A `Limit`/`Offset` answer: every field of the B-End page, plus the window asked for. */
export type OffsetPage<T> = Page<T> & { offset: number; limit: number };

/**
 * `Limit`/`Offset` paging (action-api.md aliases) over a service that pages by number (and, for
 * `keyset` lists, by cursor). The answer is a whole B-End page (action-api.md "Responses": `Body`
 * is the B-End `data` object) with `page_size` = `limit`, plus `offset` and `limit`.
 *
 * When `Offset` is a multiple of `Limit` the window is page `Offset / Limit + 1`: that page as the
 * B-End answers it. Otherwise it is no numbered page (`(page - 1) * page_size` cannot be `Offset`),
 * so `page` is 0, as a keyset page answers; its items are the first page's tail, then the items
 * after it, read by cursor where the list has one, so `next_cursor` names what follows the window.
 * A bad value is the services' 4001 naming the parameter.
 */
export async function byOffset<T>(
  query: Readonly<Record<string, string>>,
  list: (
    params: { page: number; page_size: number } | { cursor: string; page_size: number },
  ) => Promise<Page<T>>,
  keyset: boolean,
): Promise<OffsetPage<T>> {
  const { Limit: limit, Offset: offset } = parseInput(offsetSchema, {
    Limit: query['Limit'] || query['limit'] || undefined,
    Offset: query['Offset'] || query['offset'] || undefined,
  });
  const page = Math.floor(offset / limit) + 1;
  const skip = offset % limit;
  const first = await list({ page, page_size: limit });
  if (skip === 0) return { ...first, offset, limit };
  const full = first.items.length === limit;
  const after = !full
    ? undefined
    : keyset && first.next_cursor
      ? await list({ cursor: first.next_cursor, page_size: skip })
      : await list({ page: page + 1, page_size: limit });
  const items = first.items.slice(skip).concat(after?.items.slice(0, skip) ?? []);
  const window: OffsetPage<T> = { ...first, items, page: 0, offset, limit };
  if (keyset) window.next_cursor = after?.next_cursor ?? null;
  return window;
}
