import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { adminApi, type MerchantsQuery } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { merchantKeys } from './keys.ts';

export function useMerchants(query: MerchantsQuery, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    enabled,
    queryKey: merchantKeys.list(query),
    queryFn: ({ signal }) => call('admin', adminApi.merchants, { query, signal }),
    placeholderData: keepPreviousData,
  });
}
