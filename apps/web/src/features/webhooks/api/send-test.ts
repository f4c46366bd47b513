import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { webhookKeys } from './keys.ts';

export function useSendTestEvent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (endpointId: string) =>
      call('portal', portalApi.testWebhookEndpoint, { params: { endpointId } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: webhookKeys.events }),
  });
}
