/**
 * A request whose connection then carries bytes that are no HTTP request (junk after the body, as a
 * client with a wrong Content-Length sends), over a raw socket, on each database. Node's parser
 * fails on those bytes while the request before them is still being answered; an order placed by
 * that request must still get its answer (else its client never learns of the debit), then the
 * parse error its own standard response, and the connection closes.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRequest, decode } from '../helpers/bend-http.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { orderRequest, testProduct } from '../helpers/factories.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Writes `raw` at once and reads every answer until the server closes the connection. */
function exchange(url: string, raw: string): Promise<{ answers: Answer[]; rest: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(u.port), u.hostname);
    let got = '';
    sock.on('error', reject);
    sock.on('data', (c: Buffer) => (got += c.toString('utf8')));
    sock.on('close', () => {
      const answers: Answer[] = [];
      for (;;) {
        const split = got.indexOf('\r\n\r\n');
        if (split < 0) break;
        const head = got.slice(0, split);
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? -1);
        if (length < 0) break;
        const body = got.slice(split + 4, split + 4 + length);
        answers.push({
          status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
          body: JSON.parse(body) as Record<string, unknown>,
        });
        got = got.slice(split + 4 + length);
      }
      resolve({ answers, rest: got });
    });
    sock.on('connect', () => sock.write(raw));
  });
}

describe.each(eachDatabase())('malformed framing after a request on $name', (database) => {
  let server: TestServer;
  let m: TestMerchant;
  const product = testProduct({ price: '5.00', stock: 50 });

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url(), captureLogs: true });
    m = await server.createMerchant({ creditLimit: '100.00' });
    await server.addProducts([product]);
  });
  afterAll(async () => {
    expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);
    await server?.close();
    await database.dispose();
  });

  /** A signed order as raw HTTP/1.1, then `after` on the same connection. */
  const orderThen = (orderNo: string, after: string) => {
    const { url, init } = buildRequest(
      server.url,
      m,
      'POST',
      '/orders',
      orderRequest(product, { merchant_order_no: orderNo }),
    );
    const body = init.body as string;
    const headers = Object.entries(init.headers as Record<string, string>)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    const u = new URL(url);
    return {
      url,
      raw: `POST ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\n${headers}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}${after}`,
    };
  };

  const placed = async (orderNo: string) => {
    const { url, init } = buildRequest(server.url, m, 'GET', `/orders/merchant/${orderNo}`);
    const res = await fetch(url, init);
    return decode(m, { status: res.status, body: (await res.json()) as Record<string, unknown> }).payload;
  };

  it.each([
    ['a word', 'GARBAGE\r\n\r\n'],
    ['the tail of a longer body', '"}}\r\n\r\n'],
    ['an unknown HTTP version', 'GET /api/v1/credit HTTP/7.1\r\n\r\n'],
  ])(
    'junk after the body (%s): the order is answered, then the parse error, then the connection closes',
    async (what, after) => {
      const orderNo = `FRAMING-${what.length}-${Date.now()}`;
      const { url, raw } = orderThen(orderNo, after);
      const { answers } = await exchange(url, raw);
      expect(answers).toHaveLength(2);
      const first = decode(m, answers[0]!);
      expect(first).toMatchObject({ status: 200, encrypted: true, payload: { code: 0 } });
      expect(first.payload.data).toMatchObject({ merchant_order_no: orderNo, status: 'pending' });
      expect(answers[1]).toEqual({
        status: 400,
        body: { code: 4001, message: 'Invalid parameters: malformed HTTP request', data: null },
      });
      expect(await placed(orderNo)).toMatchObject({ code: 0, data: { merchant_order_no: orderNo } });
    },
  );

  it('bytes that are no request on a fresh connection get the same standard 400', async () => {
    const { answers, rest } = await exchange(server.url, 'GARBAGE\r\n\r\n');
    expect(answers).toEqual([
      {
        status: 400,
        body: { code: 4001, message: 'Invalid parameters: malformed HTTP request', data: null },
      },
    ]);
    expect(rest).toBe('');
  });
  it('headers past 16 KB get 431 and a standard response', async () => {
    const raw = `GET /api/v1/credit HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`;
    const { answers } = await exchange(server.url, raw);
    expect(answers).toEqual([
      {
        status: 431,
        body: { code: 4001, message: 'Invalid parameters: request headers too large', data: null },
      },
    ]);
  });
});
