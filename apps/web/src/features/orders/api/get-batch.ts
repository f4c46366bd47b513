import { useQuery } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { orderKeys } from './get-orders.ts';

export function useBatch(batchNo: string) {
  return useQuery({
    queryKey: orderKeys.batch(batchNo),
    queryFn: ({ signal }) => call('portal', portalApi.batchDetail, { params: { batchNo }, signal }),
  });
}
