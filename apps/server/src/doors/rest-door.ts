import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { rateLimitHeaders, type RateLimiter, type RateLimitState } from '../shared/rate-limit.ts';
import { isStoreUnavailable, unavailableMessage } from '../shared/unavailable.ts';
import { setRequestDoor } from '../ops/metrics-http.ts';
import { endpoints } from './bend/endpoints.ts';
import { assertCleanText } from '../shared/validation.ts';
import { answerBeforeBody } from './intake.ts';
import { logFailure, plainFailure, success, toWireError, type StandardResponse } from './wire-errors.ts';

/** An authenticated caller of the REST paths, whichever credential it used. */
export interface Caller {
  readonly merchantId: string;
  /** Which credential authenticated (e.g. `app:app_…`, `token:…`): the rate limit's key, and the audit log's. */
  readonly credential: string;
  readonly readOnly: boolean;
  /** The answer a read-only credential gets for a write (code 1003). */
  readonly readOnlyMessage?: string;
  readonly params: Record<string, unknown>;
  /**
   * Turns a standard response into what this credential's caller receives: a JSON string (e.g.
   * an encrypted envelope) or an object for Fastify to serialize.
   */
  wrap(payload: StandardResponse): unknown;
}

export type AuthOutcome =
  | { ok: true; value: Caller }
  /** `wrap` is present when the caller was identified before failing, so the answer is theirs. */
  | { ok: false; code: number; message: string; wrap?: Caller['wrap'] };

/** One way to authenticate on the REST paths. The first whose `matches` says yes decides. */
export interface DoorAuth {
  readonly name: string;
  matches(req: FastifyRequest): boolean;
  authenticate(req: FastifyRequest): Promise<AuthOutcome>;
  /**
   * What can be refused from the request line and headers alone, before the body is read (#13
   * item 2): a failure is answered at once; null means "read the body and authenticate".
   */
  beforeBody?(req: FastifyRequest): Promise<AuthOutcome | null>;
}

/**
 * The REST door under /api/v1: every B-End path, dispatched through the one endpoint table,
 * authenticated by whichever credential scheme the request carries. Failures before the caller is
 * known are plain standard responses; after, the caller's scheme wraps them.
 */
const JSON_TYPE = 'application/json; charset=utf-8';

/** Every answer on these paths is JSON, whether the body is an object or an already-serialized string. */
const send = (reply: FastifyReply, status: number, body: unknown) =>
  reply.code(status).type(JSON_TYPE).send(body);

export function registerRestDoor(
  app: FastifyInstance,
  ctx: Context,
  auths: readonly DoorAuth[],
  limiter: RateLimiter,
): void {
  // Bodies are read raw: the B-End envelope is parsed by its verifier, and no Content-Type label
  // (or a malformed JSON body) may turn into a framework error page instead of a protocol code.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const sendPlain = (reply: FastifyReply, code: number, message: string) => {
    const failure = plainFailure(code, message);
    return send(reply, failure.status, failure.body);
  };

  // Refuse on headers alone what can be refused, so a flood of unauthenticated uploads is answered
  // without buffering its bodies; the connection is then closed instead of draining them.
  app.addHook('onRequest', async (req, reply) => {
    const outcome = await auths.find((a) => a.matches(req))?.beforeBody?.(req);
    if (!outcome || outcome.ok) return;
    const failure = plainFailure(outcome.code, outcome.message);
    return send(
      answerBeforeBody(reply),
      failure.status,
      outcome.wrap ? outcome.wrap(failure.body) : failure.body,
    );
  });

  for (const endpoint of endpoints) {
    app.route({
      method: endpoint.method,
      url: endpoint.path,
      handler: async (req, reply) => {
        const auth = auths.find((a) => a.matches(req));
        if (!auth) return sendPlain(reply, 1004, 'Missing auth header');
        setRequestDoor(req, auth.name);
        let outcome: Awaited<ReturnType<DoorAuth['authenticate']>>;
        let budget: RateLimitState | null;
        try {
          // The replay guard (in authenticate) and the budget may live in Redis or PostgreSQL.
          outcome = await auth.authenticate(req);
          budget = outcome.ok ? await limiter.consume(outcome.value.credential) : null;
        } catch (err) {
          if (!isStoreUnavailable(err)) throw err;
          // Fail closed, before the caller is trusted: plain, like every pre-auth answer.
          reply.header('retry-after', String(err.retryAfterSeconds));
          return send(reply, 503, { code: 4029, message: unavailableMessage(err), data: null });
        }
        if (!outcome.ok) {
          if (!outcome.wrap) return sendPlain(reply, outcome.code, outcome.message);
          const failure = plainFailure(outcome.code, outcome.message);
          return send(reply, failure.status, outcome.wrap(failure.body));
        }
        const caller = outcome.value;
        if (budget) reply.headers(rateLimitHeaders(budget));
        if (budget && budget.wait > 0) {
          const failure = plainFailure(4029, `Rate limited: retry after ${Math.ceil(budget.wait)} s`);
          return send(reply, failure.status, caller.wrap(failure.body));
        }
        if (endpoint.writes && caller.readOnly) {
          const failure = plainFailure(1003, caller.readOnlyMessage ?? 'Credential is read-only');
          return send(reply, failure.status, caller.wrap(failure.body));
        }
        try {
          // Every identifier in the path and every query text, whichever endpoint: one rule
          // (validation.ts). Bodies of writes meet the same rule in the services' parseInput.
          assertCleanText(req.params);
          if (!endpoint.writes) assertCleanText(caller.params);
          const data = await endpoint.handle({
            services: ctx.services,
            merchantId: caller.merchantId,
            params: caller.params,
            pathParams: req.params as Record<string, string>,
            actor: {
              kind: 'merchant',
              id: caller.merchantId,
              address: req.ip,
              credential: caller.credential,
            },
          });
          return send(reply, 200, caller.wrap(success(data)));
        } catch (err) {
          const wire = toWireError(err);
          logFailure(req.log, err, wire.unexpected, `${endpoint.method} ${endpoint.path}`);
          return send(reply, wire.status, caller.wrap(wire.body));
        }
      },
    });
  }

  app.setNotFoundHandler((req, reply) =>
    send(reply, 404, {
      code: 4001,
      message: `Invalid parameters: no endpoint ${req.method} ${req.url.split('?')[0]}`,
      data: null,
    }),
  );
  app.setErrorHandler((err, req, reply) => {
    const wire = toWireError(err);
    logFailure(req.log, err, wire.unexpected, 'the REST door');
    // Too large: answered from Content-Length (or at the limit); close rather than drain the rest.
    return send(wire.status === 413 ? answerBeforeBody(reply) : reply, wire.status, wire.body);
  });
}
