import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { webhookKeys } from './keys.ts';

/**
 * Deletes an endpoint (its URL rides along for the status text). The log is read again too: its
 * queued deliveries now read canceled.
 */
export function useDeleteWebhookEndpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id }: { id: string; url: string }) =>
      call('portal', portalApi.deleteWebhookEndpoint, { params: { endpointId: id } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}
