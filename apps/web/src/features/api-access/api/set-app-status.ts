import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi, type AppStatusBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { credentialKeys } from './keys.ts';

export function useSetAppStatus() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ appId, status }: { appId: string } & AppStatusBody) =>
      call('portal', portalApi.setAppStatus, { params: { appId }, body: { status } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: credentialKeys.apps }),
  });
}
