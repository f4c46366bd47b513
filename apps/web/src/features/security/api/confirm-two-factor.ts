import { useMutation } from '@tanstack/react-query';
import type { ConfirmTwoFactorBody } from '@tradepost/web-contract';
import { type Area, call } from '../../../lib/api-client.ts';
import { AREA_ENDPOINTS } from '../../../lib/auth.ts';

/**
 * Turns it on; answers the recovery codes, shown once. The status is read again only once they are
 * saved (the page's `done`): read at once, the page would turn to "on" under the codes' dialog.
 */
export function useConfirmTwoFactor(area: Area) {
  return useMutation({
    mutationFn: (body: ConfirmTwoFactorBody) => call(area, AREA_ENDPOINTS[area].twoFactorConfirm, { body }),
    gcTime: 0,
  });
}
