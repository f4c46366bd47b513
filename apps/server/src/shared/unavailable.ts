/**
 * A store the request depends on (the shared replay guard or rate limits: Redis, or PostgreSQL's
 * rate-limit table) could not answer. The request fails closed — it is neither let through
 * unguarded nor treated as a bug — with 503 and Retry-After (the Action API: its E429 envelope),
 * and nothing is logged per request: the store's owner logs one warning when it goes down and one
 * line when it is back (see shared/redis.ts).
 */
export class StoreUnavailableError extends Error {
  readonly retryAfterSeconds: number;

  constructor(store: string, cause: unknown, retryAfterSeconds = 1) {
    super(`${store} unavailable`, { cause });
    this.name = 'StoreUnavailableError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export const isStoreUnavailable = (e: unknown): e is StoreUnavailableError =>
  e instanceof StoreUnavailableError;

/** The message a client sees: which shared state is missing, and when to come back. */
export const unavailableMessage = (e: StoreUnavailableError) =>
  `Service unavailable: ${e.message}, retry after ${e.retryAfterSeconds} s`;
