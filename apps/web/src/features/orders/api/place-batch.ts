import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi, type PlaceBatchBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { orderEffects } from '../../../lib/query-keys.ts';
import { orderKeys } from './get-orders.ts';

/** A batch from a file: every line an order of its own, as a B-End batch; a file with a bad line places nothing. */
export function usePlaceBatch() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PlaceBatchBody) => call('portal', portalApi.placeBatch, { body }),
    onSuccess: (batch) => {
      qc.setQueryData(orderKeys.batch(batch.batch_no), batch);
      for (const key of orderEffects) void qc.invalidateQueries({ queryKey: key });
    },
  });
}
