import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { adminApi, type AdminOrdersQuery } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { adminOrderKeys } from './keys.ts';

export function useAdminOrders(query: AdminOrdersQuery) {
  return useQuery({
    queryKey: adminOrderKeys.list(query),
    queryFn: ({ signal }) => call('admin', adminApi.orders, { query, signal }),
    placeholderData: keepPreviousData,
  });
}
