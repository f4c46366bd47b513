import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DisableTwoFactorBody } from '@tradepost/web-contract';
import { type Area, call } from '../../../lib/api-client.ts';
import { AREA_ENDPOINTS } from '../../../lib/auth.ts';
import { twoFactorKeys } from './get-two-factor.ts';

export function useDisableTwoFactor(area: Area) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DisableTwoFactorBody) => call(area, AREA_ENDPOINTS[area].twoFactorDisable, { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: twoFactorKeys.of(area) }),
  });
}
