import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { failingWebhookKeys } from './get-failing.ts';

/** Queues an endpoint's failed deliveries of the last 30 days again (paused while it is disabled). */
export function useResendFailed() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (endpoint: { id: string; url: string; enabled: boolean }) =>
      call('admin', adminApi.resendFailedWebhookDeliveries, { params: { endpointId: endpoint.id } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: failingWebhookKeys.all }),
  });
}
