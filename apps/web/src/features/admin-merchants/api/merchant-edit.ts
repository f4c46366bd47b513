import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MerchantDetail } from '@tradepost/web-contract';
import { merchantKeys } from './keys.ts';

/**
 * An admin's correction of the merchant's profile, bank account or login e-mail. Each answers the
 * merchant's detail, which becomes the page's; the mutation resolves to its profile, as the
 * portal's own profile mutations do, so the shared forms take either.
 */
export function useMerchantEdit<B>(merchantId: string, send: (body: B) => Promise<MerchantDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: B) => {
      const detail = await send(body);
      qc.setQueryData(merchantKeys.detail(merchantId), detail);
      return detail.profile;
    },
    // The list shows the name and the e-mail.
    onSuccess: () => void qc.invalidateQueries({ queryKey: [...merchantKeys.all, 'list'] }),
  });
}
