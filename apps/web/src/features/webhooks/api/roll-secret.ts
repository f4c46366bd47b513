import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { webhookKeys } from './keys.ts';

/** The answer holds the new secret: shown once, then the mutation is reset. */
export function useRollWebhookSecret() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ endpointId, graceHours }: { endpointId: string; graceHours: number }) =>
      call('portal', portalApi.rollWebhookSecret, {
        params: { endpointId },
        body: { grace_hours: graceHours },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: webhookKeys.endpoints }),
    gcTime: 0,
  });
}
