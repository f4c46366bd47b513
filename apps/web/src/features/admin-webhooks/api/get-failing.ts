import { useQuery } from '@tanstack/react-query';
import { adminApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { rootKeys } from '../../../lib/query-keys.ts';

export const failingWebhookKeys = { all: [...rootKeys.admin, 'webhooks', 'failing'] as const };

export function useFailingWebhooks() {
  return useQuery({
    queryKey: failingWebhookKeys.all,
    queryFn: ({ signal }) => call('admin', adminApi.failingWebhooks, { signal }),
  });
}
