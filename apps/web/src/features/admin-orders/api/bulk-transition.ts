import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminApi, type BulkTransitionBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { rootKeys } from '../../../lib/query-keys.ts';

export function useBulkTransition() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkTransitionBody) => call('admin', adminApi.bulkTransition, { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: rootKeys.admin }),
  });
}
