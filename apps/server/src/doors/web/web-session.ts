import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER } from '@tradepost/web-contract';
import type {
  ActiveSession,
  SessionKind,
  SessionsService,
  StartedSession,
} from '../../modules/sessions/sessions.service.ts';
import type { AuditActor } from '../../modules/audit/audit.service.ts';
import { ApiError } from './api-errors.ts';

/**
 * The session cookie of each door. Over TLS (directly, or behind a proxy trusted through
 * TRADEPOST_TRUST_PROXY) it is `Secure` with the `__Host-` prefix, which the browser only accepts
 * from a secure origin, for the whole host, without a Domain: a sibling subdomain cannot plant or
 * overwrite it. Over plain HTTP (local development) a browser would drop a Secure cookie, so the
 * plain name is used. Portal and console use different names: signing in to one never signs in to,
 * or out of, the other.
 */
export function cookieName(kind: SessionKind, req: FastifyRequest): string {
  const base = kind === 'portal' ? 'tp_portal' : 'tp_admin';
  return isTls(req) ? `__Host-${base}` : base;
}

/** Fastify's `protocol` reads X-Forwarded-Proto only when trustProxy is on. */
export const isTls = (req: FastifyRequest) => req.protocol === 'https';

export function setSessionCookie(
  kind: SessionKind,
  req: FastifyRequest,
  reply: FastifyReply,
  s: StartedSession,
): void {
  reply.setCookie(cookieName(kind, req), s.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isTls(req),
    path: '/',
    // A browser-session cookie: closing the browser ends it; the server's timeouts end it anyway.
  });
}

export function clearSessionCookie(kind: SessionKind, req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(cookieName(kind, req), {
    httpOnly: true,
    sameSite: 'lax',
    secure: isTls(req),
    path: '/',
  });
}

export const sessionToken = (kind: SessionKind, req: FastifyRequest): string | undefined =>
  req.cookies[cookieName(kind, req)];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The live session for this request, or ApiError 401. State-changing methods must also carry the
 * session's CSRF token in `X-CSRF-Token` (403 csrf_failed otherwise, checked before anything runs).
 */
export async function requireSession(
  sessions: SessionsService,
  kind: SessionKind,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<ActiveSession & { token: string }> {
  const token = sessionToken(kind, req);
  const session = token ? await sessions.resolve(kind, token) : null;
  if (!session || !token) {
    if (token) clearSessionCookie(kind, req, reply);
    throw new ApiError('unauthenticated', 'Sign in to continue');
  }
  if (!SAFE_METHODS.has(req.method) && !sessions.csrfMatches(session, req.headers[CSRF_HEADER])) {
    throw new ApiError('csrf_failed', 'Missing or wrong X-CSRF-Token header');
  }
  return { ...session, token };
}

export const clientIp = (req: FastifyRequest): string => req.ip.slice(0, 64);

export const userAgent = (req: FastifyRequest): string | null => {
  const ua = req.headers['user-agent'];
  return typeof ua === 'string' ? ua.slice(0, 500) : null;
};

export const actorOf = (
  req: FastifyRequest,
  who: { type: AuditActor['type']; id: string | null; label: string | null },
): AuditActor => ({ ...who, ip: clientIp(req) });
