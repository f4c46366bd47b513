import { portalApi } from '@tradepost/web-contract';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { webhookNotFound } from '../../modules/webhooks/webhooks.lookup.ts';
import { notFound } from '../web/api-errors.ts';
import { addRoute } from '../web/route.ts';
import { portalGuard } from './portal-guard.ts';

/**
 * The service answers an unknown endpoint or event and another merchant's alike (4001, for the
 * CLI): the portal says 404 for both, as it does for Apps and tokens.
 */
async function own<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    const what = webhookNotFound(e);
    if (what) throw notFound(what === 'endpoint' ? 'No such webhook endpoint' : 'No such webhook event');
    throw e;
  }
}

/**
 * The portal's Webhooks page: endpoints (secret shown once, deleted), settings, the delivery log, resend.
 * Each change carries the session's actor: the service writes its audit entry in the change's unit.
 */
export function portalWebhookRoutes(scope: FastifyInstance, ctx: Context): void {
  const guard = portalGuard(ctx);
  const hooks = ctx.services.webhooks;
  addRoute(scope, guard, portalApi.webhookEndpoints, {}, async ({ session }) => ({
    items: await hooks.listEndpoints(session.merchantId),
  }));
  addRoute(scope, guard, portalApi.createWebhookEndpoint, {}, async ({ session, body }) =>
    hooks.createEndpoint(session.merchantId, body, { actor: session.actor }),
  );
  addRoute(scope, guard, portalApi.updateWebhookEndpoint, {}, async ({ session, body, params }) =>
    own(hooks.updateEndpoint(session.merchantId, params.endpointId!, body, { actor: session.actor })),
  );
  addRoute(scope, guard, portalApi.rollWebhookSecret, {}, async ({ session, body, params }) =>
    own(hooks.rollSecret(session.merchantId, params.endpointId!, body, { actor: session.actor })),
  );
  addRoute(scope, guard, portalApi.deleteWebhookEndpoint, {}, async ({ session, params }) => {
    await own(hooks.deleteEndpoint(session.merchantId, params.endpointId!, { actor: session.actor }));
  });
  addRoute(scope, guard, portalApi.testWebhookEndpoint, {}, async ({ session, params }) =>
    own(hooks.sendTest(session.merchantId, params.endpointId!)),
  );
  addRoute(scope, guard, portalApi.sendMissedWebhookEvents, {}, async ({ session, params }) =>
    own(hooks.sendMissed(session.merchantId, params.endpointId!)),
  );
  addRoute(scope, guard, portalApi.webhookSettings, {}, async ({ session }) =>
    hooks.getSettings(session.merchantId),
  );
  addRoute(scope, guard, portalApi.updateWebhookSettings, {}, async ({ session, body }) =>
    hooks.updateSettings(session.merchantId, body, { actor: session.actor }),
  );
  addRoute(scope, guard, portalApi.webhookEvents, {}, async ({ session, query }) =>
    hooks.listEvents(session.merchantId, query),
  );
  addRoute(scope, guard, portalApi.webhookEvent, {}, async ({ session, params }) =>
    own(hooks.getEvent(session.merchantId, params.eventId!)),
  );
  addRoute(scope, guard, portalApi.resendWebhookEvent, {}, async ({ session, body, params }) =>
    own(hooks.resend(session.merchantId, params.eventId!, body.endpoint_id ?? null)),
  );
}
