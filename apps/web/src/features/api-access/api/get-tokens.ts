import { useQuery } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { credentialKeys } from './keys.ts';

export function useTokens() {
  return useQuery({
    queryKey: credentialKeys.tokens,
    queryFn: ({ signal }) => call('portal', portalApi.tokens, { signal }),
  });
}
