import type { Server, IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { actionError } from '@tradepost/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorEnvelope } from './action/envelope.ts';

/**
 * What the server takes in before any door looks at a request: how many request-body bytes may
 * be in memory at once, and how many sockets may be open (#13 items 2 and 3). Both limits answer
 * cheaply and early, so a flood of uploads or idle connections costs bounded memory and file
 * descriptors while signed requests keep being answered.
 */
export interface IntakeLimits {
  /** Largest accepted body (Fastify's bodyLimit). */
  readonly bodyLimitBytes: number;
  /** Sum of the declared (or, when chunked, the largest possible) bodies being read at once. */
  readonly inflightBodyBytes: number;
  /** Open sockets; past this Node drops new connections at accept. */
  readonly maxConnections: number;
  /** Open sockets per remote address; 0 = no per-address cap (e.g. behind a proxy). */
  readonly maxConnectionsPerAddress: number;
}

const RETRY_AFTER_SECONDS = 1;
/** A client sends its request line within milliseconds of connecting; a second of silence is not a client. */
const SILENT_GRACE_MS = 1_000;

/** Requests whose body may be read: POST-like methods with a declared or chunked body. */
function declaredBody(req: IncomingMessage, limit: number): number {
  if (req.method === 'GET' || req.method === 'HEAD') return 0;
  const length = req.headers['content-length'];
  if (length !== undefined) {
    const n = Number(length);
    // Over the limit is Fastify's 413, answered from the header before a byte is read.
    return Number.isFinite(n) && n > 0 ? Math.min(n, limit) : 0;
  }
  return req.headers['transfer-encoding'] !== undefined ? limit : 0;
}

/**
 * A global budget of body bytes in flight. A request reserves its declared length (a chunked one
 * the whole body limit) before its body is read, and gives it back when its response is done or
 * its socket closes. Past the budget it is answered 503 + Retry-After (the Action API: its E429
 * envelope, HTTP 200 like all its answers) without reading the body, on a connection that is then
 * closed, so the unread bytes are never buffered.
 */
export function registerInflightBudget(app: FastifyInstance, limits: IntakeLimits): { inUse(): number } {
  let inUse = 0;
  app.addHook('onRequest', (req, reply, done) => {
    const size = declaredBody(req.raw, limits.bodyLimitBytes);
    if (size === 0) return done();
    if (inUse + size > limits.inflightBodyBytes) {
      rejectBusy(req, reply);
      return;
    }
    inUse += size;
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        inUse -= size;
      }
    };
    reply.raw.once('close', release);
    reply.raw.once('finish', release);
    done();
  });
  return { inUse: () => inUse };
}

/**
 * For an answer given before the body was read: when a body is on its way, the connection closes
 * after the answer, so Node drops the rest instead of reading it; a GET keeps its keep-alive.
 */
export function answerBeforeBody(reply: FastifyReply): FastifyReply {
  return declaredBody(reply.request.raw, 1) > 0 ? reply.header('connection', 'close') : reply;
}

function rejectBusy(req: FastifyRequest, reply: FastifyReply): void {
  answerBeforeBody(reply).header('retry-after', String(RETRY_AFTER_SECONDS));
  if (req.url.startsWith('/api/action')) {
    const query = new URLSearchParams(req.url.slice(req.url.indexOf('?') + 1));
    const format = query.get('Format')?.toUpperCase() === 'XML' ? 'XML' : 'JSON';
    const rendered = errorEnvelope(format, query.get('Action') || undefined, actionError('E429'), { type: 'Platform' });
    void reply.code(200).header('content-type', rendered.contentType).send(rendered.body);
    return;
  }
  void reply
    .code(503)
    .type('application/json; charset=utf-8')
    .send({ code: 4029, message: `Server busy: too many uploads in progress, retry after ${RETRY_AFTER_SECONDS} s`, data: null });
}

/**
 * Socket limits. Node drops connections past `maxConnections` at accept, before the process runs
 * out of file descriptors (an accept failing with EMFILE resets everybody, signed requests
 * included). Sockets that have not sent a byte are the cheap attack — headersTimeout does not cover
 * them — so once 80% of the budget is taken the oldest silent sockets (older than a second) are
 * closed to make room; a per-address cap, when set, refuses one address's flood outright.
 */
export function limitConnections(server: Server, limits: IntakeLimits): { open(): number } {
  server.maxConnections = limits.maxConnections;
  const reapAt = Math.max(1, Math.floor(limits.maxConnections * 0.8));
  const silent = new Map<Socket, number>();
  const perAddress = new Map<string, number>();
  let open = 0;

  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const mine = (perAddress.get(address) ?? 0) + 1;
    if (limits.maxConnectionsPerAddress > 0 && mine > limits.maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    perAddress.set(address, mine);
    open++;
    silent.set(socket, Date.now());
    socket.once('data', () => silent.delete(socket));
    socket.once('close', () => {
      open--;
      silent.delete(socket);
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left === 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
    if (open >= reapAt) reapSilent();
  });
  // Also on a timer: once at maxConnections, no new connection arrives to trigger the reaping.
  const timer = setInterval(() => {
    if (open >= reapAt) reapSilent();
  }, 250);
  timer.unref();
  server.once('close', () => clearInterval(timer));

  function reapSilent(): void {
    const cutoff = Date.now() - SILENT_GRACE_MS;
    let excess = open - reapAt + 1;
    // Map order is arrival order: the oldest silent sockets go first.
    for (const [socket, since] of silent) {
      if (excess <= 0 || since > cutoff) break;
      silent.delete(socket);
      socket.destroy();
      excess--;
    }
    // Finished keep-alive connections are idle too; clients reconnect when they need to.
    if (excess > 0) server.closeIdleConnections();
  }

  return { open: () => open };
}
