import { portalApi, type PortalSession } from '@tradepost/web-contract';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { recordAudit } from '../../modules/audit/audit.service.ts';
import type { MerchantLogin } from '../../modules/merchants/merchants.service.ts';
import { addRoute } from '../web/route.ts';
import { signIn, signOut } from '../web/sign-in.ts';
import { clearSessionCookie } from '../web/web-session.ts';
import { portalGuard } from './portal-guard.ts';
import { SIGN_IN_RATE_LIMIT } from '../web/rate-limits.ts';

const sessionInfo = (
  ctx: Context,
  login: MerchantLogin,
  s: { csrfToken: string; expiresAt: string },
): PortalSession => ({
  user: {
    email: login.email,
    merchant_id: login.merchantId,
    merchant_name: login.name,
    merchant_status: login.status,
  },
  csrf_token: s.csrfToken,
  must_change_password: login.mustChangePassword,
  expires_at: s.expiresAt,
  idle_timeout_seconds: ctx.services.sessions.idleSeconds,
});

/** Sign in and out, the password, and the Security page's events. */
export function portalSessionRoutes(scope: FastifyInstance, ctx: Context): void {
  const guard = portalGuard(ctx);
  const open = async () => null;
  const pending = { duringPasswordChange: true, whileSuspended: true };

  addRoute(
    scope,
    open,
    portalApi.signIn,
    {},
    async ({ req, reply, body }) => {
      const { subject, session } = await signIn(
        ctx,
        {
          kind: 'portal',
          authenticate: async (email, password) => {
            const login = await ctx.services.merchants.authenticate(email, password);
            return login && { ...login, subjectId: login.userId };
          },
          merchantOfEmail: async (email) =>
            (await ctx.services.merchants.findByEmail(email))?.merchantId ?? null,
        },
        req,
        reply,
        body,
      );
      return sessionInfo(ctx, subject, session);
    },
    SIGN_IN_RATE_LIMIT,
  );

  addRoute(scope, guard, portalApi.session, pending, async ({ session }) =>
    sessionInfo(ctx, session.login, session.session),
  );

  addRoute(scope, guard, portalApi.signOut, pending, async ({ req, reply }) => {
    await signOut(ctx, 'portal', req, reply);
    return undefined;
  });

  addRoute(scope, guard, portalApi.signOutEverywhere, pending, async ({ req, reply, session }) => {
    await ctx.writer.run(async (trx) => {
      await ctx.services.sessions.endAll(trx, 'portal', session.login.userId);
      await recordAudit(trx, session.actor, {
        action: 'session.sign_out_everywhere',
        merchantId: session.merchantId,
      });
    });
    clearSessionCookie('portal', req, reply);
    return undefined;
  });

  addRoute(scope, guard, portalApi.changePassword, pending, async ({ body, session }) => {
    await ctx.services.merchants.changePassword(
      session.login.userId,
      body.current_password,
      body.new_password,
      {
        // Every other session of this login ends with the old password, in the same commit.
        inUnit: async (trx) => {
          await ctx.services.sessions.endAll(trx, 'portal', session.login.userId, session.session.tokenHash);
          await recordAudit(trx, session.actor, {
            action: 'password.changed',
            merchantId: session.merchantId,
            targetType: 'merchant_user',
            targetId: session.login.userId,
          });
        },
      },
    );
    return undefined;
  });

  addRoute(scope, guard, portalApi.securityEvents, {}, async ({ query, session }) =>
    ctx.services.audit.forMerchant(session.merchantId, { page: query.page, pageSize: query.page_size }),
  );
}
