import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { webhookKeys } from './keys.ts';

/**
 * Queues the event again now, for one endpoint or (none given) every endpoint it went to; `first`:
 * to an endpoint it never went to (only the status text differs). The answer's `in_flight`: the
 * endpoints skipped because an attempt to them was under way.
 */
export function useResendWebhookEvent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ eventId, endpointId }: { eventId: string; endpointId?: string; first?: boolean }) =>
      call('portal', portalApi.resendWebhookEvent, {
        params: { eventId },
        body: { endpoint_id: endpointId ?? null },
      }),
    onSuccess: ({ in_flight: _skipped, ...detail }) => {
      qc.setQueryData(webhookKeys.event(detail.id), detail);
      void qc.invalidateQueries({ queryKey: webhookKeys.events });
      void qc.invalidateQueries({ queryKey: webhookKeys.endpoints });
    },
  });
}
