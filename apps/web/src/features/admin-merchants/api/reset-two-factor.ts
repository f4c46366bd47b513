import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminApi, type TwoFactorResetBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { merchantKeys } from './keys.ts';

export function useResetTwoFactor(merchantId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TwoFactorResetBody) =>
      call('admin', adminApi.resetTwoFactor, { params: { merchantId }, body }),
    onSuccess: (detail) => {
      qc.setQueryData(merchantKeys.detail(merchantId), detail);
      void qc.invalidateQueries({ queryKey: merchantKeys.all });
    },
  });
}
