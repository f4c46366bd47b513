import { adminApi } from '@tradepost/web-contract';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { isWebhookNotFound } from '../../modules/webhooks/webhooks.lookup.ts';
import { notFound } from '../web/api-errors.ts';
import { addRoute } from '../web/route.ts';
import { ADMIN_ONLY, adminGuard } from './admin-guard.ts';

/**
 * The service answers an unknown or deleted endpoint 4001 (for the CLI): the console says 404, as
 * the portal does.
 */
async function found<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (isWebhookNotFound(e)) throw notFound('No such webhook endpoint');
    throw e;
  }
}

/**
 * The console's view of webhook endpoints in trouble, across merchants: both roles read it; the
 * actions on one (disable, enable, resend its failed deliveries) are `admin` only. The service
 * writes each change's audit entry, as the session's operator, in the change's unit.
 */
export function adminWebhookRoutes(scope: FastifyInstance, ctx: Context): void {
  const guard = adminGuard(ctx);
  const hooks = ctx.services.webhooks;
  addRoute(scope, guard, adminApi.failingWebhooks, {}, async () => ({
    items: await hooks.listFailingEndpoints(),
  }));
  addRoute(scope, guard, adminApi.setWebhookEndpointStatus, ADMIN_ONLY, async ({ params, body, session }) =>
    found(
      hooks.setEndpointEnabledAny(params.endpointId!, body.status === 'enabled', {
        actor: session.actor,
        note: body.note,
      }),
    ),
  );
  addRoute(scope, guard, adminApi.resendFailedWebhookDeliveries, ADMIN_ONLY, async ({ params, session }) =>
    found(hooks.resendFailed(params.endpointId!, { actor: session.actor })),
  );
}
