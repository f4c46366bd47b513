import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { portalApi, type QueryOf } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { webhookKeys } from './keys.ts';

/** The delivery log. Refreshed every few seconds while open: deliveries change on their own. */
export function useWebhookEvents(query: QueryOf<typeof portalApi.webhookEvents>) {
  return useQuery({
    queryKey: webhookKeys.eventList(query),
    queryFn: ({ signal }) => call('portal', portalApi.webhookEvents, { query, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 5_000,
  });
}
