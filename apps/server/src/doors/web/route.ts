import type { Readable } from 'node:stream';
import { type Endpoint, type ResponseOf, zodFields } from '@tradepost/web-contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { assertCleanText } from '../../shared/validation.ts';
import { ApiError } from './api-errors.ts';

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<E extends Endpoint, S> {
  req: FastifyRequest;
  reply: FastifyReply;
  body: Out<E['body']>;
  query: Out<E['query']>;
  params: Record<string, string>;
  /** What the door's guard established (the signed-in merchant or operator). */
  session: S;
}

/**
 * Who may call a route: it authenticates the request (throwing ApiError 401/403) and returns
 * what the handler needs. `opts` carries the route's own demands (e.g. a role).
 */
export type Guard<S, O> = (req: FastifyRequest, reply: FastifyReply, opts: O) => Promise<S>;

/**
 * Registers one endpoint of the contract on a door: the same method and path the web app calls,
 * path and query parameters held to the control-character rule (shared/validation.ts), the body and query
 * parsed with the contract's zod schemas (every bad field named), then the handler. A handler returning undefined answers 204; one that streams
 * (an export) sets its headers on `reply` and returns the stream. Never `reply` itself: a Reply is a
 * thenable, so awaiting the handler yields undefined, and the 204 then sent after the stream logged
 * Fastify's "Reply was already sent" warning with the request's URL, query values and all.
 */
export function addRoute<E extends Endpoint, S, O>(
  scope: FastifyInstance,
  guard: Guard<S, O>,
  endpoint: E,
  opts: O,
  handler: (input: RouteInput<E, S>) => Promise<ResponseOf<E> | Readable | undefined>,
  routeConfig: Record<string, unknown> = {},
): void {
  scope.route({
    method: endpoint.method,
    url: endpoint.path,
    config: routeConfig,
    handler: async (req, reply) => {
      const session = await guard(req, reply, opts);
      // Path and query parameters reach queries as they are (a search, an id): the one text rule,
      // since a NUL is a PostgreSQL error. Bodies go through the services' parseInput.
      assertCleanText(req.params);
      assertCleanText(req.query);
      const body = parse(endpoint.body, req.body ?? {}, 'The request body is invalid');
      const query = parse(endpoint.query, req.query ?? {}, 'The query is invalid');
      const result = await handler({
        req,
        reply,
        body: body as Out<E['body']>,
        query: query as Out<E['query']>,
        params: req.params as Record<string, string>,
        session,
      });
      if (result === undefined) return reply.code(204).send();
      return reply.send(result);
    },
  });
}

function parse(schema: z.ZodType | undefined, input: unknown, message: string): unknown {
  if (!schema) return undefined;
  const r = schema.safeParse(input);
  if (!r.success) throw new ApiError('validation_failed', message, zodFields(r.error));
  return r.data;
}
