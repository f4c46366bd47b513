import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.ts';
import type { AuditActor } from '../../modules/audit/audit.service.ts';
import type { MerchantLogin } from '../../modules/merchants/merchants.service.ts';
import type { ActiveSession } from '../../modules/sessions/sessions.service.ts';
import { ApiError } from '../web/api-errors.ts';
import { actorOf, clearSessionCookie, requireSession } from '../web/web-session.ts';

/** What every signed-in portal route gets: the merchant id comes from here and nowhere else. */
export interface PortalCaller {
  session: ActiveSession & { token: string };
  login: MerchantLogin;
  merchantId: string;
  actor: AuditActor;
}

export interface PortalRouteOptions {
  /** Still allowed while the password must be changed (the session, sign-out, the change itself). */
  duringPasswordChange?: boolean;
  /** Allowed for a suspended merchant, though it changes state (sign-out, password change). */
  whileSuspended?: boolean;
}

export const PUBLIC = Symbol('public');

/**
 * The portal's guard: a live `portal` session (CSRF-checked for writes), whose user is still an
 * active login. A suspended merchant can sign in and read its history, but changes nothing.
 */
export function portalGuard(ctx: Context) {
  return async (
    req: FastifyRequest,
    reply: FastifyReply,
    opts: PortalRouteOptions,
  ): Promise<PortalCaller> => {
    const session = await requireSession(ctx.services.sessions, 'portal', req, reply);
    const login = await ctx.services.merchants.getLogin(session.subjectId);
    if (!login) {
      clearSessionCookie('portal', req, reply);
      throw new ApiError('unauthenticated', 'Sign in to continue');
    }
    if (login.mustChangePassword && !opts.duringPasswordChange) {
      throw new ApiError('password_change_required', 'Change your password to continue');
    }
    const writes = req.method !== 'GET' && req.method !== 'HEAD';
    if (writes && login.status !== 'active' && !opts.whileSuspended) {
      throw new ApiError('account_inactive', 'This merchant account is suspended');
    }
    return {
      session,
      login,
      merchantId: login.merchantId,
      actor: actorOf(req, { type: 'merchant', id: login.userId, label: login.email }),
    };
  };
}
