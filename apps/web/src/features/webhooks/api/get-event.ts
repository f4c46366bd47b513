import { useQuery } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { webhookKeys } from './keys.ts';

/** One event with its body and every attempt; refreshed while a delivery is still in flight. */
export function useWebhookEvent(eventId: string) {
  return useQuery({
    queryKey: webhookKeys.event(eventId),
    queryFn: ({ signal }) => call('portal', portalApi.webhookEvent, { params: { eventId }, signal }),
    enabled: eventId !== '',
    refetchInterval: (q) =>
      q.state.data?.deliveries.some((d) => d.status === 'pending' || d.status === 'delivering')
        ? 2_000
        : false,
  });
}
