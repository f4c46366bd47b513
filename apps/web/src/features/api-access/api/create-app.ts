import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi, type CreateAppBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { credentialKeys } from './keys.ts';

/** The answer holds the keys: the caller shows them once and then `reset()`s the mutation. */
export function useCreateApp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAppBody) => call('portal', portalApi.createApp, { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: credentialKeys.apps }),
    gcTime: 0,
  });
}
