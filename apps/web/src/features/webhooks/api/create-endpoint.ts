import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi, type BodyOf } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { webhookKeys } from './keys.ts';

/** The answer holds the signing secret: the caller shows it once and then `reset()`s the mutation. */
export function useCreateWebhookEndpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<typeof portalApi.createWebhookEndpoint>) =>
      call('portal', portalApi.createWebhookEndpoint, { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: webhookKeys.endpoints }),
    gcTime: 0,
  });
}
