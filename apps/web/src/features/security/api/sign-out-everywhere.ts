import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminApi, portalApi } from '@tradepost/web-contract';
import { type Area, call, setCsrfToken } from '../../../lib/api-client.ts';
import { sessionKeys } from '../../../lib/auth.ts';

export function useSignOutEverywhere(area: Area) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      area === 'portal' ? call('portal', portalApi.signOutEverywhere) : call('admin', adminApi.signOutEverywhere),
    onSuccess: () => {
      setCsrfToken(area, undefined);
      qc.clear();
      qc.setQueryData(sessionKeys.of(area), null);
    },
  });
}
