import { useQuery } from '@tanstack/react-query';
import { adminApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { merchantKeys } from './keys.ts';

/** One merchant; none asked for while `merchantId` is '' (a filter not in force). */
export function useMerchant(merchantId: string) {
  return useQuery({
    enabled: merchantId !== '',
    queryKey: merchantKeys.detail(merchantId),
    queryFn: ({ signal }) => call('admin', adminApi.merchant, { params: { merchantId }, signal }),
  });
}
