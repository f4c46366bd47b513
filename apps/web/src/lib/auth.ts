/**
 * The signed-in principal of each area (portal merchant, console operator). Lives in lib/ because
 * the app shell (guard, layout) and the sign-in feature both need it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  adminApi,
  MANAGING_ROLES,
  portalApi,
  type AdminSession,
  type PortalSession,
  type SignInBody,
} from '@tradepost/web-contract';
import { call, setCsrfToken, type Area } from './api-client.ts';

export type SessionOf<A extends Area> = A extends 'portal' ? PortalSession : AdminSession;

/** Where each area lives in the browser. */
export const AREA_PATHS = {
  portal: { home: '/', signIn: '/sign-in', security: '/security' },
  admin: { home: '/admin', signIn: '/admin/sign-in', security: '/admin/security' },
} as const satisfies Record<Area, { home: string; signIn: string; security: string }>;

/** The endpoints both areas have, for code that works on either (sign-in, the Security page). */
export const AREA_ENDPOINTS = {
  portal: {
    session: portalApi.session,
    signIn: portalApi.signIn,
    signOut: portalApi.signOut,
    changePassword: portalApi.changePassword,
    signOutEverywhere: portalApi.signOutEverywhere,
    sessions: portalApi.sessions,
    endSession: portalApi.endSession,
    twoFactor: portalApi.twoFactor,
    twoFactorSetup: portalApi.twoFactorSetup,
    twoFactorConfirm: portalApi.twoFactorConfirm,
    twoFactorDisable: portalApi.twoFactorDisable,
  },
  admin: {
    session: adminApi.session,
    signIn: adminApi.signIn,
    signOut: adminApi.signOut,
    changePassword: adminApi.changePassword,
    signOutEverywhere: adminApi.signOutEverywhere,
    sessions: adminApi.sessions,
    endSession: adminApi.endSession,
    twoFactor: adminApi.twoFactor,
    twoFactorSetup: adminApi.twoFactorSetup,
    twoFactorConfirm: adminApi.twoFactorConfirm,
    twoFactorDisable: adminApi.twoFactorDisable,
  },
} as const;

export const sessionKeys = {
  all: ['session'] as const,
  of: (area: Area) => ['session', area] as const,
};

/** The current session, or null when signed out (the server answers null, not 401: web-contract paths.ts). */
export function useSession<A extends Area>(area: A) {
  return useQuery({
    queryKey: sessionKeys.of(area),
    queryFn: async (): Promise<SessionOf<A> | null> => {
      const s = (await call(area, AREA_ENDPOINTS[area].session)) as SessionOf<A> | null;
      setCsrfToken(area, s?.csrf_token);
      return s;
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** Whether the signed-in operator may manage (MANAGING_ROLES); false while the session loads. */
export function useCanManage(): boolean {
  const role = useSession('admin').data?.operator.role;
  return role !== undefined && MANAGING_ROLES.includes(role);
}

export function useSignIn(area: Area) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SignInBody) => call(area, AREA_ENDPOINTS[area].signIn, { body }),
    onSuccess: (session) => {
      setCsrfToken(area, session.csrf_token);
      // Whatever was cached belonged to nobody (or someone else): start clean.
      qc.clear();
      qc.setQueryData(sessionKeys.of(area), session);
    },
  });
}

export function useSignOut(area: Area) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(area, AREA_ENDPOINTS[area].signOut),
    // A page's reads still in flight would come back 401 once the session ends (and the browser
    // logs each one): abort them before the session goes.
    onMutate: () => qc.cancelQueries(),
    onSettled: () => {
      setCsrfToken(area, undefined);
      qc.clear();
      qc.setQueryData(sessionKeys.of(area), null);
    },
  });
}
