import { useQuery } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { productKeys } from './get-products.ts';

export function useCategories() {
  return useQuery({
    queryKey: productKeys.categories,
    queryFn: ({ signal }) => call('portal', portalApi.categories, { signal }),
    staleTime: 5 * 60_000,
  });
}
