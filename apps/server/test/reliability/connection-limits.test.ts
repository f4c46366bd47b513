/**
 * The socket limits (doors/intake.ts limitConnections) on a real Node HTTP server over loopback:
 * past 80% of the budget the oldest silent socket is closed and a socket that has sent a request
 * is kept; and watching for the first byte must not take the socket away from Node's native HTTP
 * parser (a 'data' listener on a socket does: every chunk then goes through a JS stream, ~5–10 µs
 * a request measured with autocannon).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { limitConnections } from '../../src/doors/intake.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: http.Server | undefined;
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, maxConnections = 100) {
  server = http.createServer(handler);
  limitConnections(server, {
    bodyLimitBytes: 1024,
    inflightBodyBytes: 1024,
    maxConnections,
    maxConnectionsPerAddress: 0,
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', () => undefined);
    sockets.push(s);
  });
}

const closed = (s: net.Socket) => s.destroyed || s.readableEnded;

describe('socket limits', () => {
  it('leave every request to the native HTTP parser', async () => {
    const consumed: unknown[] = [];
    const port = await listen((req, res) => {
      // Node's own flag (lib/_http_server.js): false once a 'data' listener unconsumed the socket.
      consumed.push((req.socket as net.Socket & { parser?: { _consumed?: boolean } }).parser?._consumed);
      res.end('ok');
    });
    for (let i = 0; i < 3; i++) expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    expect(consumed).toEqual([true, true, true]);
  });

  it('close the oldest silent socket past 80% of the budget, and keep one that has spoken', async () => {
    // 5 slots: reaping starts at the 4th open socket.
    const port = await listen(() => undefined, 5);
    const spoken = await connect(port);
    spoken.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'); // never answered: busy, not idle
    const silentOld = await connect(port);
    const silentNewer = await connect(port);
    await sleep(1_200); // past the 1 s a client gets to send its request line
    const fourth = await connect(port);
    await sleep(200);
    expect(closed(silentOld)).toBe(true);
    expect([spoken, silentNewer, fourth].map(closed)).toEqual([false, false, false]);
  });
});
