import { actionError, verifyActionRequest, type ActionError } from '@tradepost/protocol';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.ts';
import { isDataException } from '../../db/errors.ts';
import { isAppError } from '../../shared/app-error.ts';
import { assertCleanText } from '../../shared/validation.ts';
import type { AuthApiKey } from '../../services.ts';
import { answerBeforeBody } from '../intake.ts';
import { logFailure } from '../wire-errors.ts';
import { rateLimitHeaders, type RateLimiter, type RateLimitState } from '../../shared/rate-limit.ts';
import { isStoreUnavailable } from '../../shared/unavailable.ts';
import { ActionFailure } from './action-failure.ts';
import { readBody } from './body-stream.ts';
import { findAction, inSentNames, type ActionDef } from './actions.ts';
import { errorEnvelope, successEnvelope, type ActionFormat, type Rendered } from './envelope.ts';

/**
 * The Action API door (action-api.md): `GET|POST /api/action`, SellerCenter signing with a
 * per-user API key. Every answer is HTTP 200 with a SuccessResponse or ErrorResponse envelope
 * in the requested Format, including framework failures (body too large, …): a SellerCenter
 * client only ever parses envelopes.
 *
 * Order of checks: the verifier's (E005/E001/E002/E004/E003/E007), then a disabled user or
 * suspended merchant (E009), an unknown Action (E008), a write with a read-only key (E009, before
 * the body is even read, so nothing is charged), then the action itself.
 */
interface Admitted {
  key: AuthApiKey;
  name: string;
  format: ActionFormat;
  params: Record<string, string>;
  action: ActionDef;
}

export function registerActionDoor(app: FastifyInstance, ctx: Context, limiter: RateLimiter): void {
  // The body is not signed and may be JSON or XML under any label (some clients send XML as
  // form-urlencoded, one SDK gzips it as text/html): take every content type as raw text, undo a
  // gzip/deflate Content-Encoding within the body limit, and let the action parse it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (req: FastifyRequest, payload: IncomingMessage) =>
    readBody(payload, req.routeOptions.bodyLimit ?? ctx.config.bodyLimitBytes),
  );

  const lookupKey = (userId: string) => ctx.services.apiKeys.lookupForAuth(userId);

  // Everything the query decides (signature, key, rate limit, Action, read-only) is decided before
  // the body is read: the signature does not cover the body, so a request that fails here never
  // gets a byte of its body buffered (#13 item 2), and its connection is closed after the answer.
  const admitted = new WeakMap<FastifyRequest, Admitted>();
  app.addHook('onRequest', async (req, reply) => {
    const verified = await verifyActionRequest(rawQuery(req), {
      lookupKey,
      windowSeconds: ctx.config.timestampWindowSeconds,
    });
    if (!verified.ok)
      return send(answerBeforeBody(reply), errorEnvelope(verified.format, verified.action, verified.error));
    const { key, action: name, format, params } = verified.value;
    const fail = (error: ActionError) => send(answerBeforeBody(reply), errorEnvelope(format, name, error));

    if (key.status !== 'active') return fail(actionError('E009'));
    let budget: RateLimitState | null;
    try {
      budget = await limiter.consume(`apikey:${key.userId}`);
    } catch (err) {
      if (!isStoreUnavailable(err)) throw err;
      // Fail closed, answered like the server's other "busy" refusals: E429 + Retry-After.
      reply.header('retry-after', String(err.retryAfterSeconds));
      return fail(actionError('E429'));
    }
    if (budget) reply.headers(rateLimitHeaders(budget));
    if (budget && budget.wait > 0) return fail(actionError('E429'));
    const action = findAction(name);
    if (!action) return fail(actionError('E008'));
    if (action.writes && key.readOnly) return fail(actionError('E009'));
    // A change only on a POST: link prefetchers, caches and crawlers repeat GETs.
    if (action.writes && req.method !== 'POST') {
      const invalid = actionError('E005');
      return fail({
        ...invalid,
        message: `${invalid.message}: ${name} changes data and must be sent as POST`,
      });
    }
    admitted.set(req, { key, name, format, params, action });
  });

  app.route({
    method: ['GET', 'POST'],
    url: '/',
    handler: async (req, reply) => {
      const a = admitted.get(req);
      // Unreachable: the hook answers every request it does not admit.
      if (!a) return send(reply, errorEnvelope('JSON', undefined, actionError('E006'), { type: 'Platform' }));
      const { key, name, format, params, action } = a;
      const fail = (error: ActionError) => send(reply, errorEnvelope(format, name, error));

      try {
        // The query's identifiers and texts; the body's go through the services' parseInput.
        assertCleanText(params);
        const data = await action.handle({
          services: ctx.services,
          merchantId: key.merchantId,
          query: params,
          body: req.body,
          actor: { kind: 'merchant', id: key.merchantId, address: req.ip, credential: 'api_key' },
        });
        return send(reply, successEnvelope(format, name, action.responseType, data));
      } catch (err) {
        if (err instanceof ActionFailure) return fail(err.error);
        if (isAppError(err)) {
          return send(
            reply,
            errorEnvelope(
              format,
              name,
              {
                errorCode: err.code,
                message: err.code === 4001 ? inSentNames(params, err.message) : err.message,
              },
              { data: err.data },
            ),
          );
        }
        if (isDataException(err)) {
          logFailure(req.log, err, false, `Action ${name}`);
          return send(
            reply,
            errorEnvelope(format, name, {
              errorCode: 4001,
              message: 'Invalid parameters: a value was refused',
            }),
          );
        }
        logFailure(req.log, err, true, `Action ${name}`);
        return send(reply, errorEnvelope(format, name, actionError('E006'), { type: 'Platform' }));
      }
    },
  });

  // Failures before the handler runs (body too large, aborted upload, …) still answer in the
  // envelope, in the Format the query asked for; details go to the log, never to the caller.
  app.setErrorHandler((err, req, reply) => {
    const { format, action } = envelopeHints(req);
    const status = (err as { statusCode?: number }).statusCode;
    // Too large: answered from Content-Length (or at the limit); close rather than drain the rest.
    if (status === 413)
      return send(answerBeforeBody(reply), errorEnvelope(format, action, actionError('E011')));
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return send(reply, errorEnvelope(format, action, actionError('E005')));
    }
    logFailure(req.log, err, true, 'the Action API door');
    return send(reply, errorEnvelope(format, action, actionError('E006'), { type: 'Platform' }));
  });
}

/**
 * A request the router could not even take apart (a malformed %-escape in the path, …) still
 * answers in the envelope: E005 in the Format the query asked for.
 */
export function actionFrameworkError(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { format, action } = envelopeHints(req);
  return send(reply, errorEnvelope(format, action, actionError('E005')));
}

function send(reply: FastifyReply, rendered: Rendered): FastifyReply {
  return reply.code(200).header('content-type', rendered.contentType).send(rendered.body);
}

/** The query exactly as on the wire: the verifier decodes it itself (action-api.md step 1). */
function rawQuery(req: FastifyRequest): string {
  const url = req.raw.url ?? '';
  const q = url.indexOf('?');
  return q === -1 ? '' : url.slice(q + 1);
}

/** Best effort Format and Action for an envelope when the request was never verified. */
function envelopeHints(req: FastifyRequest): { format: ActionFormat; action: string | undefined } {
  let query: URLSearchParams;
  try {
    query = new URLSearchParams(rawQuery(req));
  } catch {
    return { format: 'JSON', action: undefined };
  }
  // A repeated parameter counts with its last value, as the verifier reads it.
  return {
    format: query.getAll('Format').at(-1)?.toUpperCase() === 'XML' ? 'XML' : 'JSON',
    action: query.getAll('Action').at(-1) || undefined,
  };
}
