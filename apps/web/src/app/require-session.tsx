import { useEffect, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router';
import { onUnauthorized } from '../lib/api-client.ts';
import { AREA_PATHS, sessionKeys, useSession } from '../lib/auth.ts';
import type { Area } from '../lib/api-client.ts';
import { ErrorState, Loading } from '../components/ui/states.tsx';

/** The sign-in guard: no session → the area's sign-in page, remembering where the person was going. */
export function RequireSession({ area, children }: { area: Area; children: ReactNode }) {
  const session = useSession(area);
  const qc = useQueryClient();
  const location = useLocation();

  // Any 401 from any API call (session expired, signed out elsewhere) re-checks the session.
  useEffect(
    () =>
      onUnauthorized((a) => {
        if (a !== area) return;
        qc.setQueryData(sessionKeys.of(area), null);
      }),
    [qc, area],
  );

  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) {
    const next = location.pathname + location.search;
    return <Navigate to={`${AREA_PATHS[area].signIn}?next=${encodeURIComponent(next)}`} replace />;
  }
  // With a temporary password (new, or reset by an operator), only changing it (or signing out)
  // is allowed: the APIs answer password_change_required to everything else.
  const security = AREA_PATHS[area].security;
  if (session.data.must_change_password && location.pathname !== security) {
    return <Navigate to={security} replace />;
  }
  return <>{children}</>;
}
