import { useMutation } from '@tanstack/react-query';
import { portalApi, type ChangePasswordBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';

/** Ends every other session of the merchant; this one stays signed in. */
export function useChangePassword() {
  return useMutation({ mutationFn: (body: ChangePasswordBody) => call('portal', portalApi.changePassword, { body }) });
}
