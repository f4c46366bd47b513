import { portalApi } from '@tradepost/web-contract';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { addRoute } from '../web/route.ts';
import { sessionRoutes } from '../web/session-routes.ts';
import { portalGuard } from './portal-guard.ts';

/** Sign in and out, the password (a merchant's login is the principal), and the Security page's events. */
export function portalSessionRoutes(scope: FastifyInstance, ctx: Context): void {
  const guard = portalGuard(ctx);
  sessionRoutes(scope, ctx, {
    kind: 'portal',
    api: portalApi,
    guard,
    pending: { duringPasswordChange: true, whileSuspended: true },
    // Securing the login is not a change to the business: allowed while suspended.
    security: { whileSuspended: true },
    authenticate: async (email, password) => {
      const login = await ctx.services.merchants.authenticate(email, password);
      return login && { ...login, subjectId: login.userId };
    },
    merchantOfEmail: async (email) => (await ctx.services.merchants.findByEmail(email))?.merchantId ?? null,
    userOf: (caller) => caller.login,
    view: (login) => ({
      user: {
        email: login.email,
        merchant_id: login.merchantId,
        merchant_name: login.name,
        merchant_status: login.status,
      },
    }),
    principal: (login) => ({
      merchantId: login.merchantId,
      targetType: 'merchant_user',
      targetId: login.userId,
    }),
    passwords: ctx.services.merchants,
  });

  addRoute(scope, guard, portalApi.securityEvents, {}, async ({ query, session }) =>
    ctx.services.audit.forMerchant(session.merchantId, { page: query.page, pageSize: query.page_size }),
  );
}
