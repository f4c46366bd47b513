import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi, type BodyOf } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { webhookKeys } from './keys.ts';

/** URL, events, description, or enabled/disabled. */
export function useUpdateWebhookEndpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      endpointId,
      ...body
    }: BodyOf<typeof portalApi.updateWebhookEndpoint> & { endpointId: string }) =>
      call('portal', portalApi.updateWebhookEndpoint, { params: { endpointId }, body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: webhookKeys.endpoints }),
  });
}
