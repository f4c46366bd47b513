import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { rootKeys } from '../../../lib/query-keys.ts';

export const securityKeys = { events: (page: number) => [...rootKeys.security, 'events', page] as const };

export function useSecurityEvents(page: number) {
  return useQuery({
    queryKey: securityKeys.events(page),
    queryFn: ({ signal }) =>
      call('portal', portalApi.securityEvents, { query: { page, page_size: 20 }, signal }),
    placeholderData: keepPreviousData,
  });
}
