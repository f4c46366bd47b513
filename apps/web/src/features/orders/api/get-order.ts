import { useQuery } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { orderKeys } from './get-orders.ts';

export function useOrder(orderNo: string) {
  return useQuery({
    queryKey: orderKeys.detail(orderNo),
    queryFn: ({ signal }) => call('portal', portalApi.orderDetail, { params: { orderNo }, signal }),
  });
}
