import { useQuery } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { rootKeys } from '../../../lib/query-keys.ts';

export const creditKeys = {
  overview: [...rootKeys.credit, 'overview'] as const,
};

export function useCreditOverview() {
  return useQuery({
    queryKey: creditKeys.overview,
    queryFn: ({ signal }) => call('portal', portalApi.credit, { signal }),
  });
}
