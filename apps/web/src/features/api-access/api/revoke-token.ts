import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { credentialKeys } from './keys.ts';

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => call('portal', portalApi.revokeToken, { params: { token } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: credentialKeys.tokens }),
  });
}
