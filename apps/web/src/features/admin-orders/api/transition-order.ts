import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminApi, type TransitionBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { rootKeys } from '../../../lib/query-keys.ts';

export function useTransitionOrder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ orderNo, ...body }: TransitionBody & { orderNo: string }) =>
      call('admin', adminApi.transition, { params: { orderNo }, body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: rootKeys.admin }),
  });
}
