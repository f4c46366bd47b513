import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordBody } from '@tradepost/web-contract';
import { type Area, call } from '../../../lib/api-client.ts';
import { AREA_ENDPOINTS, sessionKeys } from '../../../lib/auth.ts';

/** Ends every other session of the merchant (or operator); this one stays signed in. */
export function useChangePassword(area: Area) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => call(area, AREA_ENDPOINTS[area].changePassword, { body }),
    // A reset password's "must change" flag is gone now: re-read the session.
    onSuccess: () => void qc.invalidateQueries({ queryKey: sessionKeys.of(area) }),
  });
}
