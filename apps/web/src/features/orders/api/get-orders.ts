import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { portalApi, type OrdersQuery } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { rootKeys } from '../../../lib/query-keys.ts';

export const orderKeys = {
  list: (q: OrdersQuery) => [...rootKeys.orders, 'list', q] as const,
  detail: (orderNo: string) => [...rootKeys.orders, 'detail', orderNo] as const,
  batch: (batchNo: string) => [...rootKeys.orders, 'batch', batchNo] as const,
};

export function useOrders(query: OrdersQuery) {
  return useQuery({
    queryKey: orderKeys.list(query),
    queryFn: ({ signal }) => call('portal', portalApi.orders, { query, signal }),
    placeholderData: keepPreviousData,
  });
}
