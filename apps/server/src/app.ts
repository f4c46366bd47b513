import Fastify, { type FastifyInstance } from 'fastify';
import type { Context } from './context.ts';
import { registerActionDoor } from './doors/action/action-door.ts';
import { bendAuth } from './doors/bend/bend-auth.ts';
import { registerRestDoor } from './doors/rest-door.ts';
import { tokenAuth } from './doors/walltech/token-auth.ts';

export interface BuildAppOptions {
  /** pino logger options, or false for none (tests). */
  logger?: boolean | Record<string, unknown>;
}

/** The root Fastify plugin: every door of the server, registered on one instance. */
export async function buildApp(ctx: Context, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? { level: ctx.config.logLevel },
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: ctx.config.trustProxy,
    // Slow or stalled clients must not hold sockets forever.
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    return503OnClosing: true,
  });

  app.get('/healthz', async () => ({ status: 'ok', database: ctx.dialect }));

  await app.register(
    async (scope) => {
      // WallTech first: it claims only requests whose Authorization says so; B-End takes the rest.
      registerRestDoor(scope, ctx, [tokenAuth(ctx), bendAuth(ctx)]);
    },
    { prefix: '/api/v1' },
  );

  await app.register(
    async (scope) => {
      registerActionDoor(scope, ctx);
    },
    { prefix: '/api/action' },
  );

  return app;
}
