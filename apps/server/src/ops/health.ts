/**
 * Liveness and readiness (docs/operations.md "Health"). Both are unauthenticated, cheap, and say
 * nothing about versions or internals: a body of one word, the reason only in the server's log.
 *
 * - `/healthz`: the process answers (the event loop turns). Restart it when this fails.
 * - `/readyz`: the database answers a read AND the writer commits a unit (an empty one: on SQLite
 *   it rides the next group commit and writes no page, on PostgreSQL it is BEGIN/COMMIT) AND, with
 *   REDIS_URL, Redis answers a PING (without it every B-End request answers 503), each within
 *   READY_TIMEOUT_MS; and the server is not draining for a shutdown. 503 otherwise: take
 *   it out of the load balancer, do not restart it for that alone.
 * Probes share one check and reuse its result for REUSE_MS, so hammering /readyz (it is open to
 * anyone) costs at most one small check per REUSE_MS, whatever the request rate.
 */
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';

export const READY_TIMEOUT_MS = 2000;
export const REUSE_MS = 200;

export interface Readiness {
  /** Set on SIGTERM: /readyz answers 503 from then on so balancers stop sending. */
  draining: boolean;
}

type Probe = { ok: true } | { ok: false; reason: string };

function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function createReadinessProbe(
  ctx: Pick<Context, 'db' | 'writer'> & Partial<Pick<Context, 'redis'>>,
  timeoutMs = READY_TIMEOUT_MS,
): () => Promise<Probe> {
  let last: { at: number; result: Promise<Probe> } | null = null;
  const check = async (): Promise<Probe> => {
    try {
      await within(timeoutMs, 'the database', sql`select 1`.execute(ctx.db));
      await within(
        timeoutMs,
        'the writer',
        ctx.writer.run(async () => undefined),
      );
      const { redis } = ctx;
      if (redis)
        await within(
          timeoutMs,
          'Redis',
          redis.run((client) => client.ping()),
        );
      return { ok: true };
    } catch (e) {
      return { ok: false, reason: e instanceof Error ? e.message : String(e) };
    }
  };
  return () => {
    const now = performance.now();
    // A check still running is shared whatever its age; a finished one for REUSE_MS after it began.
    if (!last || now - last.at >= REUSE_MS) {
      const result = check();
      const entry = { at: Number.POSITIVE_INFINITY, result };
      last = entry;
      void result.then(() => (entry.at = performance.now()));
    }
    return last.result;
  };
}

export function registerHealthRoutes(app: FastifyInstance, ctx: Context, readiness: Readiness): void {
  const probe = createReadinessProbe(ctx);
  const noStore = { 'cache-control': 'no-store' };
  app.get('/healthz', async (_req, reply) => reply.headers(noStore).send({ status: 'ok' }));
  app.get('/readyz', async (req, reply) => {
    if (readiness.draining) return reply.code(503).headers(noStore).send({ status: 'unavailable' });
    const result = await probe();
    if (!result.ok) {
      req.log.warn({ reason: result.reason }, 'not ready');
      return reply.code(503).headers(noStore).send({ status: 'unavailable' });
    }
    return reply.headers(noStore).send({ status: 'ready' });
  });
}
