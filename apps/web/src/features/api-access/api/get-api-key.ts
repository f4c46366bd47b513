import { useQuery } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { credentialKeys } from './keys.ts';

export function useApiKey() {
  return useQuery({
    queryKey: credentialKeys.apiKey,
    queryFn: ({ signal }) => call('portal', portalApi.apiKey, { signal }),
  });
}
