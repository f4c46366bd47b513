import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call, setCsrfToken } from '../../../lib/api-client.ts';
import { sessionKeys } from '../../../lib/auth.ts';

export function useSignOutEverywhere() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call('portal', portalApi.signOutEverywhere),
    onSuccess: () => {
      setCsrfToken('portal', undefined);
      qc.clear();
      qc.setQueryData(sessionKeys.of('portal'), null);
    },
  });
}
