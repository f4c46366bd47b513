/**
 * A real HTTP receiver on loopback for the webhook tests: records every request (headers and the
 * raw body bytes exactly as sent) and answers as the test says (status, body, delay, or never).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type { TestDatabase } from '../helpers/databases.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

export interface Received {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: { id: string; type: string; created_at: string; data: { object: Record<string, unknown> } };
  at: number;
}

export type Answer = { status: number; body?: string; delayMs?: number } | 'hang';

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** Decides each answer (default 200 "ok"); `n` counts from 0 over all requests. */
  answer: (r: Received, n: number) => Answer;
  /** Resolves once `count` requests matching `where` arrived (rejects after `timeoutMs`). */
  waitFor(
    count: number,
    opts?: { where?: (r: Received) => boolean; timeoutMs?: number },
  ): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(path = '/hooks'): Promise<Receiver> {
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  const hanging = new Set<() => void>();
  const servers: Server[] = [];
  const receiver: Receiver = {
    url: '',
    received,
    answer: () => ({ status: 200, body: 'ok' }),
    async waitFor(count, { where = () => true, timeoutMs = 15_000 } = {}) {
      const matching = () => received.filter(where);
      if (matching().length >= count) return matching();
      return new Promise<Received[]>((resolve, reject) => {
        const check = () => {
          if (matching().length >= count) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(matching());
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`receiver: ${matching().length} of ${count} requests after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const h of hanging) h();
        const server = servers[0]!;
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      let body: Received['body'];
      try {
        body = JSON.parse(raw.toString('utf8')) as Received['body'];
      } catch {
        body = { id: '', type: '', created_at: '', data: { object: {} } };
      }
      const r: Received = { headers: req.headers, raw, body, at: performance.now() };
      const n = received.length;
      received.push(r);
      for (const w of [...waiters]) w();
      const a = req.url === path ? receiver.answer(r, n) : { status: 404 };
      if (a === 'hang') {
        hanging.add(() => res.destroy());
        return;
      }
      const send = () => res.writeHead(a.status, { 'Content-Type': 'text/plain' }).end(a.body ?? '');
      if (a.delayMs) setTimeout(send, a.delayMs);
      else send();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  (receiver as { url: string }).url = `http://127.0.0.1:${port}${path}`;
  return receiver;
}

/** Receivers a suite starts as it goes (`start`), every one closed at its end (`closeAll`). */
export function receiverPool() {
  const started: Receiver[] = [];
  return {
    async start(): Promise<Receiver> {
      const r = await startReceiver();
      started.push(r);
      return r;
    },
    async closeAll(): Promise<void> {
      for (const r of started.splice(0)) await r.close();
    },
  };
}

/**
 * For a suite: a test server whose webhook worker polls every 50 ms and may deliver to loopback,
 * and a receiver, both started before the suite (handed to `use`) and stopped after it.
 */
export function useWebhookServer(
  database: TestDatabase,
  use: (server: TestServer, receiver: Receiver) => void,
): void {
  let server: TestServer | undefined;
  let receiver: Receiver | undefined;
  beforeAll(async () => {
    server = await startTestServer({
      databaseUrl: await database.url(),
      env: { TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1' },
      webhooks: { pollMs: 50 },
    });
    receiver = await startReceiver();
    use(server, receiver);
  });
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
    await database.dispose();
  });
}
