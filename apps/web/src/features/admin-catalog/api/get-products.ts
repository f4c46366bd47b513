import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { adminApi, type AdminProductsQuery } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { catalogKeys } from './keys.ts';

export function useAdminProducts(query: AdminProductsQuery) {
  return useQuery({
    queryKey: catalogKeys.list(query),
    queryFn: ({ signal }) => call('admin', adminApi.products, { query, signal }),
    placeholderData: keepPreviousData,
  });
}
