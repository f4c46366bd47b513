import { useQuery } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { credentialKeys } from './keys.ts';

export function useApps() {
  return useQuery({
    queryKey: credentialKeys.apps,
    queryFn: ({ signal }) => call('portal', portalApi.apps, { signal }),
  });
}
