import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { rootKeys } from '../../../lib/query-keys.ts';

/** All or nothing: one bad line and nothing ships; the error's fields say which lines. */
export function useShipCsv() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (csv: string) => call('admin', adminApi.shipCsv, { body: { csv } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: rootKeys.admin }),
  });
}
