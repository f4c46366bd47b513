import { adminApi } from '@tradepost/web-contract';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { sessionRoutes } from '../web/session-routes.ts';
import { adminGuard } from './admin-guard.ts';

/** The console's sign in and out and password change: an operator is the principal. */
export function adminSessionRoutes(scope: FastifyInstance, ctx: Context): void {
  sessionRoutes(scope, ctx, {
    kind: 'admin',
    api: adminApi,
    guard: adminGuard(ctx),
    pending: { duringPasswordChange: true },
    security: {},
    authenticate: async (email, password) => {
      const o = await ctx.services.operators.authenticate(email, password);
      return o && { ...o, subjectId: o.operatorId, merchantId: null };
    },
    merchantOfEmail: async () => null,
    userOf: (caller) => caller.operator,
    view: (o) => ({ operator: { operator_id: o.operatorId, email: o.email, name: o.name, role: o.role } }),
    principal: (o) => ({ targetType: 'operator', targetId: o.operatorId }),
    passwords: ctx.services.operators,
  });
}
