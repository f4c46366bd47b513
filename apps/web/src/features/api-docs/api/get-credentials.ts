import { useQuery } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { rootKeys } from '../../../lib/query-keys.ts';

/** App ids and this server's base URL: never a secret. */
export function useYourCredentials() {
  return useQuery({
    queryKey: [...rootKeys.credentials, 'public'] as const,
    queryFn: ({ signal }) => call('portal', portalApi.credentials, { signal }),
  });
}
