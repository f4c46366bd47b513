import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type Area, call, setCsrfToken } from '../../../lib/api-client.ts';
import { AREA_ENDPOINTS, sessionKeys } from '../../../lib/auth.ts';

export function useSignOutEverywhere(area: Area) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(area, AREA_ENDPOINTS[area].signOutEverywhere),
    onSuccess: () => {
      setCsrfToken(area, undefined);
      qc.clear();
      qc.setQueryData(sessionKeys.of(area), null);
    },
  });
}
