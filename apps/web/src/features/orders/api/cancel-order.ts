import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi, type CancelOrderBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { orderEffects } from '../../../lib/query-keys.ts';

/** Cancels the merchant's own order through the same service as the APIs: the refund shows in every money view. */
export function useCancelOrder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ orderNo, ...body }: CancelOrderBody & { orderNo: string }) =>
      call('portal', portalApi.cancelOrder, { params: { orderNo }, body }),
    onSuccess: () => {
      for (const key of orderEffects) void qc.invalidateQueries({ queryKey: key });
    },
  });
}
