import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminApi, type ProductStatusBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { catalogKeys } from './keys.ts';

export function useSetProductStatus() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ goodsId, ...body }: ProductStatusBody & { goodsId: string }) =>
      call('admin', adminApi.setProductStatus, { params: { goodsId }, body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: catalogKeys.all }),
  });
}
