import { useMutation } from '@tanstack/react-query';
import { adminApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';

/** Answers a temporary password, shown once. */
export function useResetPassword(merchantId: string) {
  return useMutation({
    mutationFn: () => call('admin', adminApi.resetPassword, { params: { merchantId } }),
    gcTime: 0,
  });
}
