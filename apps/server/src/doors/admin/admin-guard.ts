import { MANAGING_ROLES, type OperatorRole } from '@tradepost/web-contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.ts';
import type { AuditActor } from '../../modules/audit/audit.service.ts';
import type { Operator } from '../../modules/operators/operators.service.ts';
import type { ActiveSession } from '../../modules/sessions/sessions.service.ts';
import { ApiError } from '../web/api-errors.ts';
import { actorOf, clearSessionCookie, requireSession } from '../web/web-session.ts';

export interface AdminCaller {
  session: ActiveSession & { token: string };
  operator: Operator;
  actor: AuditActor;
}

export interface AdminRouteOptions {
  /**
   * Roles allowed; default both. `support` reads everything and moves orders, but no money
   * movement and no credentials: such routes say `['admin']`, and the check runs before the body
   * is even parsed, so a refused request changes nothing.
   */
  roles?: readonly OperatorRole[];
  duringPasswordChange?: boolean;
}

export const ADMIN_ONLY: AdminRouteOptions = { roles: MANAGING_ROLES };

export function adminGuard(ctx: Context) {
  return async (req: FastifyRequest, reply: FastifyReply, opts: AdminRouteOptions): Promise<AdminCaller> => {
    const session = await requireSession(ctx.services.sessions, 'admin', req, reply);
    const operator = await ctx.services.operators.get(session.subjectId);
    if (!operator || operator.status !== 'active') {
      clearSessionCookie('admin', req, reply);
      throw new ApiError('unauthenticated', 'Sign in to continue');
    }
    if (operator.mustChangePassword && !opts.duringPasswordChange) {
      throw new ApiError('password_change_required', 'Change your password to continue');
    }
    if (opts.roles && !opts.roles.includes(operator.role)) {
      throw new ApiError('forbidden', `The ${operator.role} role may not do this`);
    }
    return {
      session,
      operator,
      actor: actorOf(req, { type: 'operator', id: operator.operatorId, label: operator.email }),
    };
  };
}
