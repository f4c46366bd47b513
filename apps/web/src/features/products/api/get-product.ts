import { useQuery } from '@tanstack/react-query';
import { portalApi } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { productKeys } from './get-products.ts';

export function useProduct(goodsId: string) {
  return useQuery({
    queryKey: productKeys.detail(goodsId),
    queryFn: ({ signal }) => call('portal', portalApi.product, { params: { goodsId }, signal }),
  });
}
