import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminApi, type CreateMerchantBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { merchantKeys } from './keys.ts';

/** May answer a temporary password (shown once): the caller resets the mutation after showing it. */
export function useCreateMerchant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateMerchantBody) => call('admin', adminApi.createMerchant, { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: merchantKeys.all }),
    gcTime: 0,
  });
}
