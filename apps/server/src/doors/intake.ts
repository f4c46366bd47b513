import { type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import { Socket } from 'node:net';
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
    const release = () => {
      inUse -= size;
    };
    // A response emits 'close' once it is finished or its connection is gone: one listener.
    reply.raw.once('close', release);
    done();
  });
  return { inUse: () => inUse };
}

/**
 * For an answer given before the body was read: when a body is on its way, the connection closes
 * after the answer without reading the body into memory; a GET keeps its keep-alive. The close
 * lingers (lingerClose) so that a client still writing its body reads the answer, not a reset.
 */
export function answerBeforeBody(reply: FastifyReply): FastifyReply {
  if (declaredBody(reply.request.raw, 1) === 0) return reply;
  const socket = reply.request.raw.socket;
  const lingering = lingerers.get(reply.server.server);
  // Node's HTTP server ends the socket of a `Connection: close` answer with destroySoon() once the
  // answer is written (FIN, then destroy): with the body unread, that destroy sends an RST.
  if (lingering) socket.destroySoon = () => lingerClose(socket, lingering);
  return reply.header('connection', 'close');
}

function rejectBusy(req: FastifyRequest, reply: FastifyReply): void {
  answerBeforeBody(reply).header('retry-after', String(RETRY_AFTER_SECONDS));
  if (req.url.startsWith('/api/action')) {
    const query = new URLSearchParams(req.url.slice(req.url.indexOf('?') + 1));
    const format = query.get('Format')?.toUpperCase() === 'XML' ? 'XML' : 'JSON';
    const rendered = errorEnvelope(format, query.get('Action') || undefined, actionError('E429'), {
      type: 'Platform',
    });
    void reply.code(200).header('content-type', rendered.contentType).send(rendered.body);
    return;
  }
  void reply
    .code(503)
    .type('application/json; charset=utf-8')
    .send({
      code: 4029,
      message: `Server busy: too many uploads in progress, retry after ${RETRY_AFTER_SECONDS} s`,
      data: null,
    });
}

/**
 * Lingering close (RFC 9112 §9.6; nginx's lingering_close) of a connection answered before its
 * body: the answer is written, the connection half-closed (FIN), and what the client still sends
 * is read and dropped — never kept — until the client closes, or a bound below is reached; then
 * the socket is destroyed. Destroying it with the body unread makes the kernel answer the client's
 * next bytes with an RST, and a client still writing (Node's http/undici, curl, Python requests)
 * then fails with EPIPE/ECONNRESET before it reads its 413 or 503.
 *
 * Bounds, measured on loopback (docs/reliability.md). In the 300 × 4 MB upload flood, 85–100 % of
 * lingering sockets ended with the uploader's close, the rest after 1 s of silence; the longest
 * lasted 1.4–4.8 s and 99–222 lingered at once. So: 5 s in all (room over 4.8 s for a slower
 * link; nginx's 30 s assume the WAN), 1 s of silence, and up to half the connection budget at once
 * — lingering sockets are the first reaped when connections run short (limitConnections), so they
 * never keep a new client out. 16 MiB lets a client that writes its whole body before reading
 * (Python's http.client) send 15 MiB over the default limit and still read its 413, while a
 * refused request costs at most ~30 ms of CPU reading (1.9 ms per MB measured).
 */
export const LINGER = { totalMs: 5_000, idleMs: 1_000, maxBytes: 16 * 1024 * 1024 } as const;

interface Lingering {
  readonly sockets: Set<Socket>;
  /** How many may linger at once; past it, a refused connection closes at once. */
  readonly max: number;
}

/** Per server, set up by limitConnections: without it, refused connections close at once. */
const lingerers = new WeakMap<Server, Lingering>();

function lingerClose(socket: Socket, lingering: Lingering): void {
  // Nothing more can come, or too many linger already: Node's own close (FIN, destroy once written).
  if (socket.readableEnded || socket.destroyed || lingering.sockets.size >= lingering.max)
    return Socket.prototype.destroySoon.call(socket);
  lingering.sockets.add(socket);
  socket.end();
  const close = () => socket.destroy();
  const total = setTimeout(close, LINGER.totalMs);
  const idle = setTimeout(close, LINGER.idleMs);
  let discarded = 0;
  // The HTTP parser reads this socket natively until a 'data' listener takes the bytes to JS.
  // The server's own listener (the parser's feed) goes first, so nothing after the refused request
  // is parsed as a request: RFC 9112 §9.6, no further request is processed once `close` is sent.
  for (const listener of socket.listeners('data')) socket.removeListener('data', listener as () => void);
  socket.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER.maxBytes) close();
    else idle.refresh();
  });
  socket.resume();
  // The parser stops native reads while an answer is pending (Node's onSocketPause), and taking the
  // socket from it removed the listener that restarts them: restart them as that listener does.
  const handle = (socket as Socket & { _handle?: { reading: boolean; readStart(): number } | null })._handle;
  if (handle && !handle.reading) {
    handle.reading = true;
    handle.readStart();
  }
  // Before the server's 'end' listener, which would only find the request's body cut short.
  socket.prependListener('end', close);
  socket.once('close', () => {
    clearTimeout(total);
    clearTimeout(idle);
    lingering.sockets.delete(socket);
  });
}

/**
 * Node's socket inactivity timeout (Fastify's connectionTimeout) is for clients that go silent:
 * a request still arriving, an idle keep-alive socket, an answer the client does not read. Node
 * also destroys a socket whose request arrived whole while the server is still working on its
 * answer (a commit waiting on a lock or on its fsync), and the client, whose order may yet
 * commit, then hears nothing at all. Such a socket is kept until its answer is written; every
 * other timed-out socket is destroyed as Node would. A client that gives up closes its socket.
 */
export function answerReceivedRequests(server: Server): void {
  // With a 'timeout' listener Node no longer destroys a timed-out socket itself: this does.
  server.on('timeout', (socket: Socket) => {
    const res = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (res && !res.writableEnded && res.req.complete) return;
    socket.destroy();
  });
}

/**
 * Socket limits. Node drops connections past `maxConnections` at accept, before the process runs
 * out of file descriptors (an accept failing with EMFILE resets everybody, signed requests
 * included). Sockets that have not sent a byte are the cheap attack — headersTimeout does not cover
 * them — so once 80% of the budget is taken, sockets lingering after a refused upload (lingerClose)
 * and then the oldest silent sockets (older than a second) are closed to make room; a per-address
 * cap, when set, refuses one address's flood outright.
 */
export function limitConnections(server: Server, limits: IntakeLimits): { open(): number } {
  server.maxConnections = limits.maxConnections;
  const reapAt = Math.max(1, Math.floor(limits.maxConnections * 0.8));
  /** Every open socket in arrival order, with when it connected; silent ones are those with no byte read. */
  const arrived = new Map<Socket, number>();
  const perAddress = new Map<string, number>();
  const lingering: Lingering = {
    sockets: new Set(),
    max: Math.max(1, Math.floor(limits.maxConnections / 2)),
  };
  lingerers.set(server, lingering);
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
    // No 'data' listener to see the first byte: one on the socket makes Node's HTTP server stop
    // parsing it natively and feed every chunk through a JS stream instead (5–10 µs a request).
    // bytesRead counts what the native parser consumed.
    arrived.set(socket, Date.now());
    socket.once('close', () => {
      open--;
      arrived.delete(socket);
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
    // Lingering sockets have had their answer: they give way first.
    for (const socket of lingering.sockets) {
      if (excess <= 0) break;
      socket.destroy();
      excess--;
    }
    // Map order is arrival order: the oldest silent sockets go first. A socket that has spoken
    // never falls silent again: it leaves the map.
    for (const [socket, since] of arrived) {
      if (excess <= 0 || since > cutoff) break;
      arrived.delete(socket);
      if (socket.bytesRead > 0) continue;
      socket.destroy();
      excess--;
    }
    // Finished keep-alive connections are idle too; clients reconnect when they need to.
    if (excess > 0) server.closeIdleConnections();
  }

  return { open: () => open };
}

/** What the socket's parser could not take, as HTTP status and standard response (bend-v1 4001). */
const CLIENT_ERRORS: Record<string, { status: number; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, message: 'Invalid parameters: request not received in time' },
  HPE_HEADER_OVERFLOW: { status: 431, message: 'Invalid parameters: request headers too large' },
};
const answeredClientErrors = new WeakSet<Socket>();

/**
 * The server's `clientError`: bytes on a connection that are no HTTP request (junk after a body, a
 * Content-Length shorter than the body sent, headers too large, a request too slow). Answered with
 * a standard response, then the connection is closed. A request of the same connection still being
 * answered (the parse error came from the bytes after it) is answered first: Fastify's default
 * wrote its 400 at once and destroyed the socket, so a placed order's client never got its answer.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed || answeredClientErrors.has(socket)) return;
  answeredClientErrors.add(socket);
  const known = CLIENT_ERRORS[err.code ?? ''];
  const status = known?.status ?? 400;
  const body = JSON.stringify({
    code: 4001,
    message: known?.message ?? 'Invalid parameters: malformed HTTP request',
    data: null,
  });
  const answer = () => {
    const head =
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
    if (socket.writable) socket.end(head + body, () => socket.destroy());
    else socket.destroy();
  };
  // Node's own property: the response this connection is writing, if any.
  const pending = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  const unfinished = pending && !pending.writableFinished ? pending : null;
  // The request before the bad bytes was whole: its answer goes first, then this one.
  if (unfinished?.req.complete) {
    unfinished.once('finish', answer);
    unfinished.once('close', () => {
      if (!unfinished.writableFinished) socket.destroy();
    });
  }
  // The bad bytes are that request's own (its body cut short by the client's close): as Node does,
  // an answer already begun is not interleaved with another.
  else if (unfinished?.headersSent) socket.destroy();
  else answer();
}
