import { ADMIN_API_PREFIX, PORTAL_API_PREFIX } from '@tradepost/web-contract';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { Context } from './context.ts';
import { actionFrameworkError, registerActionDoor } from './doors/action/action-door.ts';
import { bendAuth } from './doors/bend/bend-auth.ts';
import { registerAdminDoor } from './doors/admin/admin-door.ts';
import { registerPortalDoor } from './doors/portal/portal-door.ts';
import { registerRestDoor } from './doors/rest-door.ts';
import { registerSdkDownloads } from './doors/sdk-downloads.ts';
import { registerWebApp } from './doors/web-app.ts';
import { tokenAuth } from './doors/walltech/token-auth.ts';
import {
  answerClientError,
  answerReceivedRequests,
  limitConnections,
  registerInflightBudget,
} from './doors/intake.ts';
import { plainFailure } from './doors/wire-errors.ts';
import { ApiError, toApiError } from './doors/web/api-errors.ts';
import { WORKER_HEADER, workerSlot } from './ops/cluster.ts';
import { registerHealthRoutes, type Readiness } from './ops/health.ts';
import { loadMetrics } from './ops/metrics.ts';
import { instrumentRequests, registerMetricsRoute } from './ops/metrics-http.ts';
import { lazyChildLogger, loggerOptions } from './logging.ts';

/**
 * How long an idle keep-alive connection stays open; Node advertises it (`Keep-Alive: timeout=5`)
 * and clients such as undici close their idle sockets a little before it (ops/drain.ts relies on it).
 */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** A path on the browser's JSON doors, whose errors have the contract's shape (`{ error: { code, message } }`). */
const onWebDoor = (url: string) =>
  [PORTAL_API_PREFIX, ADMIN_API_PREFIX].some(
    (p) => url.startsWith(p) && /^(\/|\?|$)/.test(url.slice(p.length)),
  );

export interface BuildAppOptions {
  /** pino logger options, or false for none (tests). */
  logger?: boolean | Record<string, unknown>;
  /** Shared with the process entry, which marks it draining on SIGTERM (/readyz → 503). */
  readiness?: Readiness;
}

/** The root Fastify plugin: every door of the server, registered on one instance. */
export async function buildApp(ctx: Context, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  // A serving process records metrics (ops/metrics.ts: a CLI command never loads prom-client).
  await loadMetrics();
  const app = Fastify({
    // Redaction and the request serializer always apply; a caller's options (a test's stream, a
    // level) are laid over them, never instead of them.
    logger:
      opts.logger === false
        ? false
        : { ...loggerOptions(ctx.config.logLevel), ...(typeof opts.logger === 'object' ? opts.logger : {}) },
    childLoggerFactory: lazyChildLogger,
    bodyLimit: ctx.config.bodyLimitBytes,
    // The nearest `trustProxy` hops, by position (hop 0 is the socket's peer): never `true`, which
    // would take a client's own X-Forwarded-For; nor a bare number, which Fastify reads as none.
    trustProxy:
      ctx.config.trustProxy > 0 ? (_addr: string, hop: number) => hop < ctx.config.trustProxy : false,
    // Slow or stalled clients must not hold sockets long (#13 item 3): a whole request in 30 s,
    // its headers in 10 s, 10 s of socket silence (not while its answer is being worked on:
    // answerReceivedRequests), 5 s between keep-alive requests.
    requestTimeout: 30_000,
    connectionTimeout: 10_000,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    http: { headersTimeout: 10_000, connectionsCheckingInterval: 1_000 },
    return503OnClosing: true,
    // Bytes that are no request (junk after a body, a short Content-Length): a standard response,
    // after the answer to the request before them (doors/intake.ts).
    clientErrorHandler: answerClientError,
    // Requests the router cannot take apart (a malformed %-escape in the path, …) still answer in
    // their door's format, never with Fastify's own error body.
    frameworkErrors: (_err, req, res) => {
      const reply = res as FastifyReply;
      if (req.url.startsWith('/api/action')) return actionFrameworkError(req, reply);
      if (onWebDoor(req.url)) {
        const wire = toApiError(new ApiError('bad_request', 'Malformed request URL'));
        return reply.code(wire.status).send(wire.body);
      }
      const failure = plainFailure(4001, 'Invalid parameters: malformed request URL');
      return reply.code(failure.status).send(failure.body);
    },
  });

  // No answer leaves before every commit it may reflect is on disk (db/wal-sync.ts): on SQLite a
  // commit is visible to reads a moment before its fsync returns. A callback hook, no promise
  // per request: the wait is there only while an fsync is running behind a read.
  const writer = ctx.writer;
  app.addHook('onSend', (_req, _reply, payload, done) => {
    const durable = writer.readsDurable();
    if (!durable) return done(null, payload);
    durable.then(() => done(null, payload), done);
  });

  // `serve --workers`: which worker answered (ops/cluster.ts). Before any door, so that a door's
  // own onRequest answer (an Action API refusal) carries it too. A callback hook: no promise.
  const slot = workerSlot();
  if (slot)
    app.addHook('onRequest', (_req, reply, done) => {
      reply.header(WORKER_HEADER, slot);
      done();
    });

  // Before any door: bounded body bytes in memory, bounded sockets (doors/intake.ts).
  registerInflightBudget(app, ctx.config);
  limitConnections(app.server, ctx.config);
  answerReceivedRequests(app.server);

  // One budget per credential across every door it can use (and every process: context.ts).
  const limiter = ctx.limiter;
  // Redis going away or coming back: one line each, never one per request.
  ctx.redis?.watch(app.log);

  if (ctx.config.metricsRequests) instrumentRequests(app);
  registerHealthRoutes(app, ctx, opts.readiness ?? { draining: false });
  // With a port of its own, /metrics lives only there (server.ts); else on this port behind the token.
  if (ctx.config.metricsToken && ctx.config.metricsPort === undefined)
    registerMetricsRoute(app, ctx.config.metricsToken);
  // Else a plain 404, not the web app's page: a scraper pointed here must fail, not read HTML.
  else app.get('/metrics', async (_req, reply) => reply.code(404).send({ status: 'not found' }));

  await app.register(
    async (scope) => {
      // WallTech first: it claims only requests whose Authorization says so; B-End takes the rest.
      registerRestDoor(scope, ctx, [tokenAuth(ctx), bendAuth(ctx)], limiter);
    },
    { prefix: '/api/v1' },
  );

  await app.register(
    async (scope) => {
      registerActionDoor(scope, ctx, limiter);
    },
    { prefix: '/api/action' },
  );

  // The browser's doors: each its own encapsulated scope (cookies, parsers, errors, headers).
  await app.register(async (scope) => registerPortalDoor(scope, ctx), { prefix: PORTAL_API_PREFIX });
  await app.register(async (scope) => registerAdminDoor(scope, ctx), { prefix: ADMIN_API_PREFIX });
  // The TypeScript SDK as npm tarballs, for merchants' developers (it is on no public registry).
  registerSdkDownloads(app);
  // Last: the web app's files and, for any other path, its index.html.
  await app.register(registerWebApp);

  return app;
}
