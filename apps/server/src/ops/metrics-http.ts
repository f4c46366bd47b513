/**
 * Serving and feeding the metrics registry over HTTP:
 * - `instrumentRequests(app)`: every answered request observed by door, route pattern, method
 *   and status (one histogram observation in onResponse, after the answer has gone out);
 * - `/metrics` on the main port when TRADEPOST_METRICS_TOKEN is set (Bearer token, compared in
 *   constant time), and/or on a listener of its own (METRICS_PORT) that serves nothing else.
 *   With neither configured there is no /metrics: the numbers are not for the public.
 */
import { createServer, type Server } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { httpRequestDuration, loadMetrics } from './metrics.ts';

const DOOR = Symbol('tradepost.door');

/** Names the door that took a request, when its route alone does not say (the REST paths). */
export function setRequestDoor(req: FastifyRequest, door: string): void {
  (req as unknown as Record<symbol, string>)[DOOR] = door;
}

function doorOf(req: FastifyRequest, route: string | undefined): string {
  const named = (req as unknown as Record<symbol, string | undefined>)[DOOR];
  if (named) return named;
  if (!route) return 'none';
  if (route === '/healthz' || route === '/readyz' || route === '/metrics') return 'ops';
  if (route.startsWith('/api/action')) return 'action';
  if (route.startsWith('/api/v1')) return 'rest';
  const m = /^\/(portal|admin)\/api(\/|$)/.exec(route);
  return m ? m[1]! : 'web';
}

export function instrumentRequests(app: FastifyInstance): void {
  // One histogram child per label set, resolved once: observe() with a label object checks and
  // hashes the labels on every request.
  const children = new Map<string, { observe(seconds: number): void }>();
  app.addHook('onResponse', (req, reply, done) => {
    // The route PATTERN (/api/v1/orders/:order_no), never the raw URL: bounded label values.
    const route = req.routeOptions.url ?? 'unmatched';
    const door = doorOf(req, req.routeOptions.url);
    const key = `${door} ${route} ${req.method} ${reply.statusCode}`;
    let child = children.get(key);
    if (!child) {
      if (children.size >= 10_000) children.clear(); // bounded like the label sets themselves
      child = httpRequestDuration.child({ door, route, method: req.method, code: reply.statusCode });
      children.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    done();
  });
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';
  // Hashes first: equal lengths for timingSafeEqual, and nothing learnt from the length.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

type MetricsAnswer = { status: number; type: string; body: string; headers?: Record<string, string> };

type Collect = () => Promise<{ type: string; body: string }>;
const ownRegistry: Collect = async () => {
  const registry = await loadMetrics();
  return { type: registry.contentType, body: await registry.metrics() };
};

async function answer(
  authorization: string | undefined,
  token: string | undefined,
  collect: Collect = ownRegistry,
): Promise<MetricsAnswer> {
  if (token !== undefined && !tokenMatches(authorization, token)) {
    return {
      status: 401,
      type: 'application/json; charset=utf-8',
      body: '{"status":"unauthorized"}',
      headers: { 'www-authenticate': 'Bearer' },
    };
  }
  return { status: 200, ...(await collect()) };
}

/** `/metrics` on the main port, behind the bearer token. */
export function registerMetricsRoute(app: FastifyInstance, token: string): void {
  app.get('/metrics', async (req, reply) => {
    const a = await answer(req.headers.authorization, token);
    return reply
      .code(a.status)
      .headers({ 'cache-control': 'no-store', ...a.headers })
      .type(a.type)
      .send(a.body);
  });
}

/** `/metrics` on a port of its own; resolves once listening, with its URL and a close function. */
export async function startMetricsServer(opts: {
  host: string;
  port: number;
  token: string | undefined;
  /** What to serve; default this process's registry (`serve --workers`: every worker's, summed). */
  collect?: Collect;
}): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end('{"status":"not found"}');
      return;
    }
    answer(req.headers.authorization, opts.token, opts.collect).then(
      (a) =>
        res
          .writeHead(a.status, { 'content-type': a.type, 'cache-control': 'no-store', ...a.headers })
          .end(a.body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}/metrics`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
