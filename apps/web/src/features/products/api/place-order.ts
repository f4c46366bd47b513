import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi, type PlaceOrderBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { orderEffects } from '../../../lib/query-keys.ts';

/** Places an order through the same order service as the APIs; the debit shows in every money view. */
export function usePlaceOrder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PlaceOrderBody) => call('portal', portalApi.placeOrder, { body }),
    onSuccess: () => {
      for (const key of orderEffects) void qc.invalidateQueries({ queryKey: key });
    },
  });
}
