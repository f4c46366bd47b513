import { adminApi } from '@tradepost/web-contract';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { addRoute } from '../web/route.ts';
import { adminGuard } from './admin-guard.ts';

/** The console's view of webhook endpoints in trouble, across merchants. */
export function adminWebhookRoutes(scope: FastifyInstance, ctx: Context): void {
  addRoute(scope, adminGuard(ctx), adminApi.failingWebhooks, {}, async () => ({
    items: await ctx.services.webhooks.listFailingEndpoints(),
  }));
}
