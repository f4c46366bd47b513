import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { setUpJsonDoor } from '../web/json-door.ts';
import { registerRateLimit } from '../web/rate-limits.ts';
import { adminCatalogRoutes } from './admin-catalog.routes.ts';
import { adminMerchantsRoutes } from './admin-merchants.routes.ts';
import { adminOperatorsRoutes } from './admin-operators.routes.ts';
import { adminOrdersRoutes } from './admin-orders.routes.ts';
import { adminOverviewRoutes } from './admin-overview.routes.ts';
import { adminSessionRoutes } from './admin-session.routes.ts';
import { adminWebhookRoutes } from './admin-webhooks.routes.ts';

/**
 * The operator console's API (`/admin/api`, the contract's `adminApi`): the portal's session,
 * CSRF and throttling rules under its own cookie, with roles (admin-guard.ts).
 */
export async function registerAdminDoor(scope: FastifyInstance, ctx: Context): Promise<void> {
  await scope.register(cookie);
  await setUpJsonDoor(scope);
  await registerRateLimit(scope);
  adminSessionRoutes(scope, ctx);
  adminOverviewRoutes(scope, ctx);
  adminWebhookRoutes(scope, ctx);
  adminMerchantsRoutes(scope, ctx);
  adminOrdersRoutes(scope, ctx);
  adminCatalogRoutes(scope, ctx);
  adminOperatorsRoutes(scope, ctx);
}
