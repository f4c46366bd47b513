import { useQuery } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { webhookKeys } from './keys.ts';

export function useWebhookSettings() {
  return useQuery({
    queryKey: webhookKeys.settings,
    queryFn: ({ signal }) => call('portal', portalApi.webhookSettings, { signal }),
  });
}
