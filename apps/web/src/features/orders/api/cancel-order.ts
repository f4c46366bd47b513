import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi, type CancelOrderBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { moneyRoots, rootKeys } from '../../../lib/query-keys.ts';

/** Cancels the merchant's own order through the same service as the APIs: the refund shows in every money view. */
export function useCancelOrder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ orderNo, ...body }: CancelOrderBody & { orderNo: string }) =>
      call('portal', portalApi.cancelOrder, { params: { orderNo }, body }),
    onSuccess: () => {
      // The stock comes back too.
      for (const key of [...moneyRoots, rootKeys.products]) void qc.invalidateQueries({ queryKey: key });
    },
  });
}
