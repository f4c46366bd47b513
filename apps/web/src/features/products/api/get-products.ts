import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { portalApi, type ProductsQuery } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { rootKeys } from '../../../lib/query-keys.ts';

export const productKeys = {
  list: (q: ProductsQuery) => [...rootKeys.products, 'list', q] as const,
  categories: [...rootKeys.products, 'categories'] as const,
  detail: (goodsId: string) => [...rootKeys.products, 'detail', goodsId] as const,
};

export function useProducts(query: ProductsQuery) {
  return useQuery({
    queryKey: productKeys.list(query),
    queryFn: ({ signal }) => call('portal', portalApi.products, { query, signal }),
    placeholderData: keepPreviousData,
  });
}
