import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminApi, type MerchantStatusBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { merchantKeys } from './keys.ts';

export function useSetMerchantStatus(merchantId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: MerchantStatusBody) =>
      call('admin', adminApi.setMerchantStatus, { params: { merchantId }, body }),
    onSuccess: (detail) => {
      qc.setQueryData(merchantKeys.detail(merchantId), detail);
      void qc.invalidateQueries({ queryKey: merchantKeys.all });
    },
  });
}
