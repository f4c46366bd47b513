import { useQuery } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { webhookKeys } from './keys.ts';

/**
 * Refreshed every few seconds while open, as the delivery log is: an endpoint's health ("Failing
 * since …", disabled after 3 days) changes with deliveries, not with anything done on the page.
 */
export function useWebhookEndpoints() {
  return useQuery({
    queryKey: webhookKeys.endpoints,
    queryFn: ({ signal }) => call('portal', portalApi.webhookEndpoints, { signal }),
    refetchInterval: 5_000,
  });
}

/** An endpoint's URL by its id, for lists of deliveries (the id itself until the list has loaded). */
export function useEndpointUrl(): (endpointId: string) => string {
  const endpoints = useWebhookEndpoints();
  return (endpointId) => endpoints.data?.items.find((e) => e.id === endpointId)?.url ?? endpointId;
}
