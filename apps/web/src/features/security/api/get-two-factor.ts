import { useQuery } from '@tanstack/react-query';
import { type Area, call } from '../../../lib/api-client.ts';
import { AREA_ENDPOINTS } from '../../../lib/auth.ts';
import { rootKeys } from '../../../lib/query-keys.ts';

export const twoFactorKeys = { of: (area: Area) => [...rootKeys.security, 'two-factor', area] as const };

/** Whether the signed-in login has two-step sign-in on (never the secret). */
export function useTwoFactor(area: Area) {
  return useQuery({
    queryKey: twoFactorKeys.of(area),
    queryFn: ({ signal }) => call(area, AREA_ENDPOINTS[area].twoFactor, { signal }),
  });
}
