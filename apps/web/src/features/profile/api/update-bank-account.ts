import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi, type BankAccountBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { profileKeys } from './get-profile.ts';

/** The answer carries only the masked number; the full number lives in the form until it is sent. */
export function useUpdateBankAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BankAccountBody) => call('portal', portalApi.updateBankAccount, { body }),
    onSuccess: (profile) => qc.setQueryData(profileKeys.profile, profile),
  });
}
