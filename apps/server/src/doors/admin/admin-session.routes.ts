import { adminApi, type AdminSession } from '@tradepost/web-contract';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { recordAudit } from '../../modules/audit/audit.service.ts';
import type { Operator } from '../../modules/operators/operators.service.ts';
import { SIGN_IN_RATE_LIMIT } from '../web/rate-limits.ts';
import { addRoute } from '../web/route.ts';
import { signIn, signOut } from '../web/sign-in.ts';
import { clearSessionCookie } from '../web/web-session.ts';
import { adminGuard } from './admin-guard.ts';

const sessionInfo = (
  ctx: Context,
  o: Operator,
  s: { csrfToken: string; expiresAt: string },
): AdminSession => ({
  operator: { operator_id: o.operatorId, email: o.email, name: o.name, role: o.role },
  csrf_token: s.csrfToken,
  must_change_password: o.mustChangePassword,
  expires_at: s.expiresAt,
  idle_timeout_seconds: ctx.services.sessions.idleSeconds,
});

export function adminSessionRoutes(scope: FastifyInstance, ctx: Context): void {
  const guard = adminGuard(ctx);
  const pending = { duringPasswordChange: true };

  addRoute(
    scope,
    async () => null,
    adminApi.signIn,
    {},
    async ({ req, reply, body }) => {
      const { subject, session } = await signIn(
        ctx,
        {
          kind: 'admin',
          authenticate: async (email, password) => {
            const o = await ctx.services.operators.authenticate(email, password);
            return o && { ...o, subjectId: o.operatorId, merchantId: null };
          },
          merchantOfEmail: async () => null,
        },
        req,
        reply,
        body,
      );
      return sessionInfo(ctx, subject, session);
    },
    SIGN_IN_RATE_LIMIT,
  );

  addRoute(scope, guard, adminApi.session, pending, async ({ session }) =>
    sessionInfo(ctx, session.operator, session.session),
  );

  addRoute(scope, guard, adminApi.signOut, pending, async ({ req, reply }) => {
    await signOut(ctx, 'admin', req, reply);
    return undefined;
  });

  addRoute(scope, guard, adminApi.signOutEverywhere, pending, async ({ req, reply, session }) => {
    await ctx.writer.run(async (trx) => {
      await ctx.services.sessions.endAll(trx, 'admin', session.operator.operatorId);
      await recordAudit(trx, session.actor, {
        action: 'session.sign_out_everywhere',
        targetType: 'operator',
        targetId: session.operator.operatorId,
      });
    });
    clearSessionCookie('admin', req, reply);
    return undefined;
  });

  addRoute(scope, guard, adminApi.changePassword, pending, async ({ body, session }) => {
    await ctx.services.operators.changePassword(
      session.operator.operatorId,
      body.current_password,
      body.new_password,
      {
        inUnit: async (trx) => {
          await ctx.services.sessions.endAll(
            trx,
            'admin',
            session.operator.operatorId,
            session.session.tokenHash,
          );
          await recordAudit(trx, session.actor, {
            action: 'password.changed',
            targetType: 'operator',
            targetId: session.operator.operatorId,
          });
        },
      },
    );
    return undefined;
  });
}
