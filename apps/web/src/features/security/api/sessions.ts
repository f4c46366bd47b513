import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Area, call } from '../../../lib/api-client.ts';
import { AREA_ENDPOINTS } from '../../../lib/auth.ts';
import { rootKeys } from '../../../lib/query-keys.ts';

export const signedInKeys = { of: (area: Area) => [...rootKeys.security, 'sessions', area] as const };

/** Where the signed-in login is signed in: its live sessions, this one marked. */
export function useSignedInSessions(area: Area) {
  return useQuery({
    queryKey: signedInKeys.of(area),
    queryFn: ({ signal }) => call(area, AREA_ENDPOINTS[area].sessions, { signal }),
  });
}

/** Signs one of the other sessions out. */
export function useEndSession(area: Area) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) => call(area, AREA_ENDPOINTS[area].endSession, { params: { sessionId } }),
    onSettled: () => qc.invalidateQueries({ queryKey: signedInKeys.of(area) }),
  });
}
