import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi, type CreateTokenBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { credentialKeys } from './keys.ts';

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTokenBody) => call('portal', portalApi.createToken, { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: credentialKeys.tokens }),
    gcTime: 0,
  });
}
