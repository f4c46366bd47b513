import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminApi, type WebhookEndpointStatusBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { rootKeys } from '../../../lib/query-keys.ts';

/**
 * Disables any merchant's endpoint, or enables it again, with the operator's note. Either changes
 * the failing list and the overview's count of it: every console view is refreshed.
 */
export function useSetEndpointStatus() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ endpointId, ...body }: WebhookEndpointStatusBody & { endpointId: string; url: string }) =>
      call('admin', adminApi.setWebhookEndpointStatus, {
        params: { endpointId },
        body: { status: body.status, note: body.note },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: rootKeys.admin }),
  });
}
