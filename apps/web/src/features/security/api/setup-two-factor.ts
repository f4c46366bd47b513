import { useMutation } from '@tanstack/react-query';
import { type Area, call } from '../../../lib/api-client.ts';
import { AREA_ENDPOINTS } from '../../../lib/auth.ts';

/** A new secret, shown once (gcTime 0: it is dropped from the cache once the page lets it go). */
export function useSetupTwoFactor(area: Area) {
  return useMutation({
    mutationFn: () => call(area, AREA_ENDPOINTS[area].twoFactorSetup),
    gcTime: 0,
  });
}
