import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminApi, type SkuUpdateBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { catalogKeys } from './keys.ts';

export function useUpdateSku() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ skuId, ...body }: SkuUpdateBody & { skuId: string }) =>
      call('admin', adminApi.updateSku, { params: { skuId }, body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: catalogKeys.all }),
  });
}
