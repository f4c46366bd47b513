import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { setUpJsonDoor } from '../web/json-door.ts';
import { registerRateLimit } from '../web/rate-limits.ts';
import { portalAccessRoutes } from './portal-access.routes.ts';
import { portalAccountRoutes } from './portal-account.routes.ts';
import { portalOrdersRoutes } from './portal-orders.routes.ts';
import { portalSessionRoutes } from './portal-session.routes.ts';
import { portalWebhookRoutes } from './portal-webhooks.routes.ts';

/**
 * The merchant portal's API (`/portal/api`, the contract's `portalApi`): JSON over a session
 * cookie, on the same services as the other doors. The merchant id of every call comes from the
 * session, never from the request.
 */
export async function registerPortalDoor(scope: FastifyInstance, ctx: Context): Promise<void> {
  await scope.register(cookie);
  await setUpJsonDoor(scope);
  await registerRateLimit(scope);
  portalSessionRoutes(scope, ctx);
  portalAccountRoutes(scope, ctx);
  portalOrdersRoutes(scope, ctx);
  portalAccessRoutes(scope, ctx);
  portalWebhookRoutes(scope, ctx);
}
