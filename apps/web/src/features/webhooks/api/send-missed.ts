import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { webhookKeys } from './keys.ts';

/** Queues, for one enabled endpoint, the events of the last 30 days it missed while disabled. */
export function useSendMissedEvents() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (endpoint: { id: string; url: string }) =>
      call('portal', portalApi.sendMissedWebhookEvents, { params: { endpointId: endpoint.id } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: webhookKeys.events }),
  });
}
