import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminApi, type CreditStatusBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { merchantKeys } from './keys.ts';

export function useSetCreditStatus(merchantId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreditStatusBody) =>
      call('admin', adminApi.setCreditStatus, { params: { merchantId }, body }),
    onSuccess: (detail) => {
      qc.setQueryData(merchantKeys.detail(merchantId), detail);
      void qc.invalidateQueries({ queryKey: merchantKeys.all });
    },
  });
}
