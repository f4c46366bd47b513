import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { credentialKeys } from './keys.ts';

export function useRotateApp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (appId: string) => call('portal', portalApi.rotateApp, { params: { appId } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: credentialKeys.apps }),
    gcTime: 0,
  });
}
