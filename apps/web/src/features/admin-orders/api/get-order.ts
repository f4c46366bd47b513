import { useQuery } from '@tanstack/react-query';
import { adminApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { adminOrderKeys } from './keys.ts';

/** One order with its ledger entries and operator history; refreshed by any move (rootKeys.admin). */
export function useAdminOrder(orderNo: string) {
  return useQuery({
    queryKey: adminOrderKeys.detail(orderNo),
    queryFn: ({ signal }) => call('admin', adminApi.order, { params: { orderNo }, signal }),
  });
}
