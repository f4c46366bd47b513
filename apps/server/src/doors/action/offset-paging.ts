import type { Page } from '@tradepost/protocol';
import { intParam, parseInput } from '../../shared/validation.ts';
import { z } from 'zod';

export type { Page };

/** At most this many items per answer, as `PageSize` allows. */
const MAX_LIMIT = 100;

const offsetSchema = z.object({
  // Capped, not refused: "at most Limit items, capped at 100" (action-api.md).
  Limit: intParam(1, 1_000_000)
    .default(20)
    .transform((n) => Math.min(n, MAX_LIMIT)),
  Offset: intParam(0, 100_000_000).default(0),
});

/**
 * `Limit`/`Offset` paging (action-api.md aliases) over a service that pages by number: the items
 * `[Offset, Offset + Limit)` lie in at most two pages of size `Limit`, fetched and sliced. The
 * answer is the service's page with `offset` and `limit` in place of `page` and `page_size`.
 * A bad value is the services' 4001 naming the parameter.
 */
export async function byOffset<T>(
  query: Readonly<Record<string, string>>,
  fetchPage: (page: number, pageSize: number) => Promise<Page<T>>,
): Promise<{ items: T[]; offset: number; limit: number; total: number }> {
  const { Limit: limit, Offset: offset } = parseInput(offsetSchema, {
    Limit: query['Limit'] || query['limit'] || undefined,
    Offset: query['Offset'] || query['offset'] || undefined,
  });
  const page = Math.floor(offset / limit) + 1;
  const skip = offset % limit;
  const first = await fetchPage(page, limit);
  let items = first.items;
  if (skip > 0 && first.items.length === limit && offset + limit > page * limit) {
    items = items.concat((await fetchPage(page + 1, limit)).items);
  }
  return { items: items.slice(skip, skip + limit), offset, limit, total: first.total };
}
