/**
 * Draining the HTTP listener for a graceful stop (docs/operations.md "Restarts"): no client may
 * see its request cut off. The listening socket closes first (new connections are refused, which
 * a client sees before it sends anything); requests on connections already open are served in
 * full and answered with `Connection: close`, so the client knows not to reuse the socket; an
 * idle keep-alive connection is closed only once it has been idle for `idleGraceMs`, so a request
 * already on its way over it still arrives and is answered. Give it `idleCloseMs(server)`: the
 * moment Node itself would close that connection, after every client that honours the advertised
 * timeout has given it up.
 *
 * Why not `server.close()`: since Node 19 it destroys idle keep-alive sockets at once, and under
 * load "idle" is the instant between a response and the client's next request, which then hits a
 * reset. `net.Server.prototype.close` stops accepting and leaves open connections alone.
 */
import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/**
 * Node closes an idle keep-alive connection this long after the timeout it advertises
 * (`Keep-Alive: timeout=5` → closed after 6 s: HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER in
 * lib/_http_server.js, `keepAliveTimeoutBuffer` from Node 24). Clients close theirs before the
 * advertised timeout (undici 2 s before, on timers up to a second late), so the gap is what keeps
 * a client's next request from crossing the server's close.
 */
export const NODE_KEEP_ALIVE_BUFFER_MS = 1_000;

/** When Node closes an idle keep-alive connection of this server, ms after its last answer. */
export const idleCloseMs = (server: Server): number => server.keepAliveTimeout + NODE_KEEP_ALIVE_BUFFER_MS;

interface SocketState {
  active: number;
  idleSince: number;
  /** Responses in progress: told at drain time to close the connection after themselves. */
  responses: Set<ServerResponse>;
}

export interface ConnectionDrain {
  /** True once drain() has begun: answers should carry `Connection: close`. */
  readonly draining: boolean;
  /** Resolves true when every connection has closed, false if `deadlineMs` passed first (the rest are destroyed). */
  drain(opts: { deadlineMs: number; idleGraceMs: number }): Promise<boolean>;
}

export function trackConnections(server: Server): ConnectionDrain {
  const sockets = new Map<Socket, SocketState>();
  let draining = false;

  server.on('connection', (socket: Socket) => {
    sockets.set(socket, { active: 0, idleSince: performance.now(), responses: new Set() });
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (req, res) => {
    const state = sockets.get(req.socket);
    if (!state) return;
    state.active++;
    state.responses.add(res);
    if (draining) res.shouldKeepAlive = false;
    res.once('close', () => {
      state.active--;
      state.responses.delete(res);
      state.idleSince = performance.now();
    });
  });

  return {
    get draining() {
      return draining;
    },
    drain({ deadlineMs, idleGraceMs }) {
      draining = true;
      if (server.listening) NetServer.prototype.close.call(server);
      // Requests already past their hooks: their answers, too, close the connection after them.
      for (const state of sockets.values())
        for (const res of state.responses) if (!res.headersSent) res.shouldKeepAlive = false;
      const deadline = performance.now() + deadlineMs;
      return new Promise<boolean>((resolve) => {
        const tick = () => {
          const now = performance.now();
          for (const [socket, state] of sockets) {
            if (state.active === 0 && now - state.idleSince >= idleGraceMs) socket.destroy();
          }
          if (sockets.size === 0) return resolve(true);
          if (now >= deadline) {
            for (const socket of sockets.keys()) socket.destroy();
            return resolve(false);
          }
          setTimeout(tick, Math.min(25, idleGraceMs));
        };
        tick();
      });
    },
  };
}
