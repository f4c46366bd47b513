import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-errors.ts';

/**
 * Request-rate limits of the portal and console doors (@fastify/rate-limit, in memory per
 * process), on the routes where volume itself is the risk. Failed sign-ins have their own,
 * stricter, database-counted limits (modules/sessions/sessions.throttle.ts).
 */
export async function registerRateLimit(scope: FastifyInstance): Promise<void> {
  await scope.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, c) =>
      new ApiError('rate_limited', `Too many requests: retry in ${Math.ceil(c.ttl / 1000)} s`),
  });
}

/** Sign-in attempts per client address, successful or not: 30 a minute. */
export const SIGN_IN_RATE_LIMIT = { rateLimit: { max: 30, timeWindow: 60_000 } };

/** Whole-ledger CSV exports per client address: 10 a minute. */
export const EXPORT_RATE_LIMIT = { rateLimit: { max: 10, timeWindow: 60_000 } };
