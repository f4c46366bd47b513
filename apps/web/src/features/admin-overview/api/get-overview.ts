import { useQuery } from '@tanstack/react-query';
import { adminApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { rootKeys } from '../../../lib/query-keys.ts';

export const overviewKeys = { all: [...rootKeys.admin, 'overview'] as const };

/** The console's first page; kept fresh while it is open (orders arrive through the APIs, not here). */
export function useOverview() {
  return useQuery({
    queryKey: overviewKeys.all,
    queryFn: ({ signal }) => call('admin', adminApi.overview, { signal }),
    refetchInterval: 60_000,
  });
}
