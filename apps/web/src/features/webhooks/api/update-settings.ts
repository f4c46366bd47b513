import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi, type BodyOf } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { webhookKeys } from './keys.ts';

export function useUpdateWebhookSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<typeof portalApi.updateWebhookSettings>) =>
      call('portal', portalApi.updateWebhookSettings, { body }),
    onSuccess: (settings) => qc.setQueryData(webhookKeys.settings, settings),
  });
}
