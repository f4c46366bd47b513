/**
 * A refused upload's answer reaches a client that is still writing its body (doors/intake.ts
 * lingerClose), over real HTTP on loopback, on each database. The clients here write their whole
 * body and only then read, like Python's http.client/requests: closing with the body unread made
 * every one of them fail with EPIPE instead of reading its 413/401/503 (checked: 3 of 3 each,
 * before the lingering close). The lingering is bounded: a silent client is dropped after the idle
 * bound, one that never stops sending after LINGER.maxBytes, and nothing after the refused request
 * is served on that connection.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINGER } from '../../src/doors/intake.ts';
import { buildRequest, decode, send } from '../helpers/bend-http.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MIB = 1024 * 1024;
/** The test server's body limit: the default, 1 MiB. */
const LIMIT = MIB;
const BLOCK = Buffer.alloc(128 * 1024, 0x61);
const chunk = (b: Buffer) =>
  Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);

interface Answer {
  /** Status code of the answer read (0: none). */
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown> | null;
  /** The socket error the client met, if any (EPIPE, ECONNRESET). */
  error: string | null;
  /** Bytes of body the client managed to write. */
  written: number;
}

function parse(raw: string): Pick<Answer, 'status' | 'headers' | 'body'> {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return { status: 0, headers: {}, body: null };
  const [line, ...fields] = raw.slice(0, split).split('\r\n');
  const headers = Object.fromEntries(
    fields.map((f) => [f.slice(0, f.indexOf(':')).toLowerCase(), f.slice(f.indexOf(':') + 1).trim()]),
  );
  const text = raw.slice(split + 4);
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(line!)?.[1] ?? 0),
    headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
}

/**
 * POSTs `bytes` of body in 128 KB blocks, `pauseMs` apart (Content-Length, or chunked), and reads
 * the answer only after the whole body is written. Resolves when the connection has closed.
 */
function writeThenRead(
  url: string,
  opts: { bytes: number; chunked?: boolean; pauseMs?: number; headers?: Record<string, string> },
): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const sock = net.connect(Number(u.port), u.hostname);
    let raw = '';
    let error: string | null = null;
    let written = 0;
    sock.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    sock.on('close', () => resolve({ ...parse(raw), error, written }));
    sock.on('connect', async () => {
      const extra = Object.entries(opts.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`);
      const framing = opts.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${opts.bytes}`;
      sock.write(
        `POST ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\n${extra.join('')}${framing}\r\n\r\n`,
      );
      while (written < opts.bytes && !sock.destroyed) {
        const block = BLOCK.subarray(0, Math.min(BLOCK.length, opts.bytes - written));
        if (!sock.write(opts.chunked ? chunk(block) : block)) await new Promise((r) => sock.once('drain', r));
        written += block.length;
        if (opts.pauseMs) await sleep(opts.pauseMs);
      }
      if (opts.chunked && !sock.destroyed) sock.write('0\r\n\r\n');
      // Only now read, then close once the server has (it answered `Connection: close`).
      sock.on('data', (c: Buffer) => (raw += c.toString('latin1')));
      sock.on('end', () => sock.end());
    });
  });
}

describe.each(eachDatabase())('refused uploads read their answer on $name', (database) => {
  let server: TestServer;
  let m: TestMerchant;
  beforeAll(async () => {
    // An in-flight budget of one body: one upload being read makes the next one 503.
    server = await startTestServer({
      databaseUrl: await database.url(),
      env: { TRADEPOST_BODY_LIMIT: String(LIMIT), TRADEPOST_INFLIGHT_BODY_BYTES: String(LIMIT) },
      captureLogs: true,
    });
    m = await server.createMerchant();
  });
  afterAll(async () => {
    expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);
    await server?.close();
    await database.dispose();
  });

  it('413 with its code for a body 8 MB over the limit (Content-Length), written slowly', async () => {
    const r = await writeThenRead(`${server.url}/api/v1/orders`, { bytes: LIMIT + 8 * MIB, pauseMs: 2 });
    expect(r).toMatchObject({ status: 413, error: null, written: LIMIT + 8 * MIB });
    expect(r.headers.connection).toBe('close');
    expect(r.body).toMatchObject({ code: 4001, data: null });
  });

  it('413 with its code for a chunked body 8 MB over the limit', async () => {
    const r = await writeThenRead(`${server.url}/api/v1/batch-orders`, {
      bytes: LIMIT + 8 * MIB,
      chunked: true,
      pauseMs: 2,
    });
    expect(r).toMatchObject({ status: 413, error: null });
    expect(r.body).toMatchObject({ code: 4001, data: null });
  });

  it('B-End 1002 for an unknown App, refused on its headers with the body unread', async () => {
    const signed = buildRequest(server.url, m, 'POST', '/orders', { merchant_order_no: 'x' });
    const headers = { ...(signed.init.headers as Record<string, string>) };
    delete headers['content-type'];
    headers['App-ID'] = `${headers['App-ID']!.slice(0, -6)}ffffff`;
    // Under the body limit: the refusal comes from the headers, before any of it is read.
    const r = await writeThenRead(signed.url, { bytes: LIMIT - 4096, pauseMs: 2, headers });
    expect(r).toMatchObject({ status: 401, error: null });
    expect(r.body).toMatchObject({ code: 1002 });
  });

  it('Action API error envelope for an unsigned upload, refused before its body', async () => {
    const r = await writeThenRead(`${server.url}/api/action?Action=CreateOrder`, {
      bytes: 4 * MIB,
      pauseMs: 2,
    });
    expect(r).toMatchObject({ status: 200, error: null });
    expect(r.body).toMatchObject({
      ErrorResponse: { Head: { ErrorMessage: expect.stringContaining('E001') } },
    });
  });

  it('503 + Retry-After past the in-flight budget, read by the refused uploader', async () => {
    // A chunked upload being read reserves the whole (one-body) budget until it ends.
    const u = new URL(`${server.url}/api/v1/orders`);
    const holder = net.connect(Number(u.port), u.hostname);
    holder.on('error', () => undefined);
    holder.write(
      `POST ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    holder.write(chunk(Buffer.from('{')));
    try {
      // Until the server has taken the holder's headers, a small upload is still let in.
      for (let i = 0; i < 100; i++) {
        const probe = await fetch(`${server.url}/api/v1/orders`, { method: 'POST', body: '{}' });
        await probe.arrayBuffer();
        if (probe.status === 503) break;
        await sleep(50);
      }
      const r = await writeThenRead(`${server.url}/api/v1/orders`, { bytes: 4 * MIB, pauseMs: 2 });
      expect(r).toMatchObject({ status: 503, error: null });
      expect(r.headers['retry-after']).toBe('1');
      expect(r.body).toMatchObject({ code: 4029 });
    } finally {
      holder.destroy();
    }
  });

  it('serves nothing after the refused request, and drops a silent client after the idle bound', async () => {
    const refused = buildRequest(server.url, m, 'POST', '/orders', { merchant_order_no: 'x' });
    const refusedHeaders = { ...(refused.init.headers as Record<string, string>) };
    refusedHeaders['App-ID'] = `${refusedHeaders['App-ID']!.slice(0, -6)}ffffff`;
    const u = new URL(refused.url);
    // Half-open allowed: the client does not close when the server's FIN comes, so the server's
    // own bound is what ends the connection.
    const sock = net.connect({ port: Number(u.port), host: u.hostname, allowHalfOpen: true });
    const errors: string[] = [];
    let raw = '';
    sock.on('error', (e: NodeJS.ErrnoException) => errors.push(e.code ?? e.message));
    sock.on('data', (c: Buffer) => (raw += c.toString('latin1')));
    const head = (path: string, headers: Record<string, string>) =>
      `${path} HTTP/1.1\r\nHost: ${u.host}\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}`;
    sock.write(
      `${head(`POST ${u.pathname}${u.search}`, { ...refusedHeaders, 'content-length': '2' })}\r\n{}`,
    );
    while (!parse(raw).body) await sleep(10);
    expect(parse(raw)).toMatchObject({ status: 401, body: { code: 1002 } });
    const answered = raw.length;

    // A signed read sent on the same connection after the answer: RFC 9112 §9.6 says a server
    // that sent `close` processes no further request. Its nonce proves it: were the request
    // processed, the same signed request sent again would be a replay (1007).
    const signed = buildRequest(server.url, m, 'GET', '/credit');
    sock.write(
      `${head(`GET ${signed.url.slice(server.url.length)}`, signed.init.headers as Record<string, string>)}\r\n`,
    );
    await sleep(LINGER.idleMs + 500);
    expect(raw.length).toBe(answered);
    // Past the idle bound the server has closed: what the client sends now meets an RST.
    for (let i = 0; i < 60 && errors.length === 0; i++) {
      sock.write(BLOCK);
      await sleep(50);
    }
    expect(errors[0]).toMatch(/ECONNRESET|EPIPE/);
    sock.destroy();
    const again = decode(m, await send(signed.url, signed.init));
    expect(again.payload.code).toBe(0);
  });

  it(`is bounded: a client that never stops sending is cut after ${LINGER.maxBytes / MIB} MiB`, async () => {
    const u = new URL(`${server.url}/api/v1/orders`);
    const sock = net.connect({ port: Number(u.port), host: u.hostname, allowHalfOpen: true });
    let raw = '';
    let error: string | null = null;
    let written = 0;
    sock.on('data', (c: Buffer) => (raw += c.toString('latin1')));
    sock.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    const closed = new Promise((r) => sock.on('close', r));
    sock.write(
      `POST ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const started = Date.now();
    while (!sock.destroyed && written < 10 * LINGER.maxBytes) {
      if (!sock.write(chunk(BLOCK))) await Promise.race([new Promise((r) => sock.once('drain', r)), closed]);
      written += BLOCK.length;
    }
    await Promise.race([closed, sleep(LINGER.totalMs + 2_000)]);
    sock.destroy();
    expect(parse(raw).status).toBe(413);
    expect(error).toMatch(/ECONNRESET|EPIPE/);
    expect(written).toBeLessThan(LIMIT + LINGER.maxBytes + 8 * MIB); // + what the socket buffers hold
    expect(Date.now() - started).toBeLessThan(LINGER.totalMs + 2_000);
  });
});
