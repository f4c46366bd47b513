import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { ApiError, notFound, toApiError } from './api-errors.ts';

/**
 * What the portal and console doors share on their own encapsulated scope: JSON bodies only (a
 * cross-site HTML form cannot send `application/json` without a CORS preflight, which is one
 * more wall against CSRF), the contract's error body for everything including unknown paths and
 * framework errors, no caching of any answer (they carry personal data and, once, secrets), and
 * the security headers.
 */
export async function setUpJsonDoor(scope: FastifyInstance): Promise<void> {
  addSecurityHeaders(scope);

  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
    const body = text as string;
    if (body.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(body));
    } catch {
      done(new ApiError('bad_request', 'The body is not valid JSON'), undefined);
    }
  });
  // Any other body type: refused before a handler sees it.
  scope.addContentTypeParser('*', (_req, _payload, done) =>
    done(new ApiError('unsupported_media_type', 'Send the body as application/json'), undefined),
  );

  scope.addHook('onSend', async (_req, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });

  scope.setNotFoundHandler((req, reply) => {
    const e = toApiError(notFound(`No endpoint ${req.method} ${req.url.split('?')[0]}`));
    return reply.code(e.status).send(e.body);
  });

  scope.setErrorHandler((err, req, reply) => {
    const e = toApiError(err);
    if (e.unexpected) req.log.error({ err }, 'unexpected error in %s %s', req.method, req.routeOptions.url);
    if (e.headers) reply.headers(e.headers);
    return reply.code(e.status).send(e.body);
  });
}

/**
 * helmet with a strict policy: scripts, styles, fonts and connections from this origin only (no
 * inline script, no eval), images also from https (product pictures live on catalog hosts), no
 * framing, no plugins, HSTS only where the request really came over TLS (helmet's default would
 * pin plain-HTTP development hosts).
 */
const securityHeaders = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'https:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  crossOriginEmbedderPolicy: false,
  hsts: false,
  referrerPolicy: { policy: 'same-origin' as const },
};

/*
 * helmet's middleware, built once: @fastify/helmet built it anew on every request (parsing the
 * CSP directives again), about 3 % of the server's CPU in `npm run bench:portal`.
 */
const setSecurityHeaders = helmet(securityHeaders);

/** The security headers on every answer of `scope` (its routes and its not-found handler). */
export function addSecurityHeaders(scope: FastifyInstance): void {
  scope.addHook('onRequest', (req, reply, done) =>
    setSecurityHeaders(req.raw, reply.raw, (err) => done(err as Error | undefined)),
  );
}
