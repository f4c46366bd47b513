import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi, type ChangePasswordBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { sessionKeys } from '../../../lib/auth.ts';

/** Ends every other session of the merchant; this one stays signed in. */
export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => call('portal', portalApi.changePassword, { body }),
    // A reset password's "must change" flag is gone now: re-read the session.
    onSuccess: () => void qc.invalidateQueries({ queryKey: sessionKeys.of('portal') }),
  });
}
