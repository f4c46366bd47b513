import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminApi, type CreditEntryBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { merchantKeys } from './keys.ts';

/** A limit change, repayment or adjustment: one ledger entry with the operator's note. */
export function usePostCreditEntry(merchantId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreditEntryBody) =>
      call('admin', adminApi.creditEntry, { params: { merchantId }, body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: merchantKeys.all }),
  });
}
