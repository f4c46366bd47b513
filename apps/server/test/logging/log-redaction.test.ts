/**
 * Secrets out of the logs (issue #9): a real server process, its log at `trace`, called through
 * every door — B-End (header and envelope transports), Action API, WallTech, the portal and the
 * console API — on success and failure paths; then the whole log is searched for every secret
 * value those calls carried: signatures, keys, token Secret Keys, the B-End `sign` and `data`, session
 * cookies and CSRF tokens, passwords, e-mail addresses (plain and percent-encoded) and bodies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildActionQuery, buildBendRequest, buildWalltechHeaders } from '@tradepost/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createContext } from '../../src/context.ts';
import Fastify from 'fastify';
import { loggableUrl, loggerOptions, scrubUrls } from '../../src/logging.ts';
import { docLine } from '../helpers/docs.ts';
import { testProduct } from '../helpers/factories.ts';

/** The operator CLI as `npx tradepost` runs it. */
const BIN = fileURLToPath(new URL('../../bin/tradepost.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'tradepost-log-'));
const email = 'log.secrets+buyer@example.com';
const password = 'pw-never-logged-7f3a9c21';
const operatorEmail = 'log.operator@example.com';
const operatorPassword = 'operator-pw-never-logged-41d2';

/** Every value that must not appear in the log, by what it is. */
const secrets: Record<string, string> = {};
const remember = (name: string, value: string | null | undefined) => {
  if (value) secrets[name] = value;
};

let server: ChildProcess;
let baseUrl = '';
let revokedToken = '';
let log = '';

beforeAll(async () => {
  // The credentials are made in the data dir first; the server process then opens the same files.
  const ctx = await createContext(loadConfig({ TRADEPOST_DATA_DIR: dataDir, TRADEPOST_DEMO: '0' }));
  const sv = ctx.services;
  const { merchantId } = await sv.merchants.create({
    email,
    password,
    name: 'Log Co',
    creditLimit: '500.00',
  });
  const app = await sv.apps.create(merchantId, 'erp');
  const apiKey = await sv.apiKeys.create(email);
  const token = await sv.tokens.create(merchantId, { name: 'wms' });
  await sv.operators.create({ email: operatorEmail, password: operatorPassword, role: 'admin' });
  const product = testProduct({ price: '1.00', stock: 100 });
  await sv.catalog.upsertProducts([product]);
  await ctx.close();
  Object.assign(secrets, {
    email,
    password,
    operatorEmail,
    operatorPassword,
    appSecretKey: app.secret_key,
    appSignKey: app.sign_key,
    apiKey: apiKey.api_key,
    // Not the token itself: it is public (walltech.md), sent in every Authorization header.
    tokenSecret: token.secret_key,
  });
  revokedToken = token.token;

  server = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TRADEPOST_DATA_DIR: dataDir,
      TRADEPOST_DEMO: '0',
      LOG_LEVEL: 'trace',
      PORT: '0',
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  server.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/[\d.:]+)/.exec(log);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      }
    }, 50);
    server.once('exit', (code) => reject(new Error(`server exited (${code}):\n${log}`)));
  });

  const order = (name: string) => ({
    goods_id: product.goods_id,
    sku_id: product.skus[0].sku_id,
    quantity: 1,
    merchant_order_no: `LOG-${name}`,
    shipping_address: {
      name: `Body Marker ${name}`,
      phone: '+1 555 0100',
      address: '1 Secret Lane',
      city: 'X',
      country: 'US',
      postal_code: '12345',
    },
  });
  const bodyMarker = (name: string) => remember(`body ${name}`, `Body Marker ${name}`);

  // B-End, both transports, GET with params (data in the query) and POST, and a bad signature.
  for (const transport of ['headers', 'envelope'] as const) {
    for (const [method, path, params] of [
      ['GET', '/products', { page: 1, page_size: 2 }],
      ['POST', '/orders', order(`bend-${transport}`)],
    ] as const) {
      const req = buildBendRequest({
        appId: app.app_id,
        keys: { secretKey: app.secret_key, signKey: app.sign_key },
        method,
        params,
        transport,
      });
      const f = {
        ...req.headers,
        ...req.query,
        ...(req.body ? (JSON.parse(req.body) as Record<string, string>) : {}),
      };
      remember(`bend ${transport} ${method} sign`, f.Sign ?? f.sign);
      remember(`bend ${transport} ${method} data`, f.data);
      const qs = new URLSearchParams(req.query).toString();
      const headers = {
        ...req.headers,
        ...(req.body && !req.headers['Content-Type'] ? { 'content-type': 'application/json' } : {}),
      };
      const res = await fetch(`${baseUrl}/api/v1${path}${qs ? `?${qs}` : ''}`, {
        method,
        headers,
        ...(req.body ? { body: req.body } : {}),
      });
      remember(`bend ${transport} ${method} response`, ((await res.json()) as { data?: string }).data);
    }
  }
  bodyMarker('bend-headers');
  bodyMarker('bend-envelope');
  await fetch(`${baseUrl}/api/v1/credit`, {
    headers: { 'App-ID': app.app_id, Timestamp: '1', Nonce: 'n', Sign: 'f'.repeat(64) },
  });

  // Action API: signed GET and POST, a tampered signature, a malformed body.
  for (const [action, body] of [
    ['GetCredit', undefined],
    ['CreateOrder', JSON.stringify(order('action'))],
    ['CreateOrder', '{"not json'],
  ] as const) {
    const qs = buildActionQuery({ action, userId: email, apiKey: apiKey.api_key });
    remember(`action ${action} Signature`, new URLSearchParams(qs).get('Signature'));
    await fetch(`${baseUrl}/api/action?${qs}`, body ? { method: 'POST', body } : {});
  }
  bodyMarker('action');
  await fetch(
    `${baseUrl}/api/action?${buildActionQuery({ action: 'GetCredit', userId: email, apiKey: 'f'.repeat(40) })}`,
  );

  // WallTech: GET and POST, and a wrong signature.
  for (const [method, path, body] of [
    ['GET', '/credit', undefined],
    ['POST', '/orders', JSON.stringify(order('walltech'))],
  ] as const) {
    const url = `${baseUrl}/api/v1${path}`;
    const headers = buildWalltechHeaders({ token: token.token, secretKey: token.secret_key, method, url });
    remember(`walltech ${method} Authorization`, headers.Authorization.split(':')[1]);
    await fetch(url, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      ...(body ? { body } : {}),
    });
  }
  bodyMarker('walltech');
  await fetch(`${baseUrl}/api/v1/credit`, {
    headers: {
      authorization: `WallTech ${token.token}:${'A'.repeat(27)}=`,
      'x-walltech-date': new Date().toUTCString(),
    },
  });

  // Portal and console: sign in (e-mail and password in the body), a signed-in read, a bad password.
  for (const [prefix, who, pw, read] of [
    ['/portal/api', email, password, '/credit'],
    ['/admin/api', operatorEmail, operatorPassword, '/merchants'],
  ] as const) {
    const signIn = await fetch(`${baseUrl}${prefix}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl },
      body: JSON.stringify({ email: who, password: pw }),
    });
    const cookie = signIn.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    remember(`${prefix} session cookie`, cookie.split('=')[1]);
    const csrf = ((await signIn.json()) as { csrf_token?: string }).csrf_token;
    remember(`${prefix} csrf`, csrf);
    await fetch(`${baseUrl}${prefix}${read}`, { headers: { cookie } });
    if (prefix === '/portal/api') {
      // The path names the token revoked: its public id, never its Secret Key.
      const revoked = await fetch(`${baseUrl}${prefix}/tokens/${revokedToken}/revoke`, {
        method: 'POST',
        headers: { cookie, origin: baseUrl, 'x-csrf-token': csrf ?? '' },
      });
      if (revoked.status !== 200) throw new Error(`revoke answered ${revoked.status}`);
    }
    // An e-mail typed where an id goes, in a path (a 404) and in a web app page's path.
    await fetch(`${baseUrl}${prefix}/merchants/${who}`, { headers: { cookie } });
    await fetch(`${baseUrl}${prefix.replace('/api', '')}/merchants/${encodeURIComponent(who)}`);
    await fetch(`${baseUrl}${prefix}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl },
      body: JSON.stringify({ email: who, password: `${pw}-wrong` }),
    });
  }
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a trace-level log of calls through every door', () => {
  it('was written (every request logged, with its path)', () => {
    for (const path of [
      '/api/v1/products',
      '/api/v1/orders',
      '/api/action',
      '/api/v1/credit',
      '/portal/api/session',
      '/admin/api/session',
    ]) {
      expect(log).toContain(path);
    }
    // The session cookies and CSRF tokens were really issued, so the search below means something.
    expect(Object.keys(secrets)).toEqual(
      expect.arrayContaining(['/portal/api session cookie', '/portal/api csrf', '/admin/api session cookie']),
    );
  });

  it('holds no signature, key, token, sign, data, cookie, password, e-mail or body', () => {
    // As sent and as a URL would carry it (Base64's + / = and an e-mail's @ are escaped there).
    const forms = (v: string) => [v, encodeURIComponent(v), new URLSearchParams({ v }).toString().slice(2)];
    const found = Object.entries(secrets).filter(([, value]) => forms(value).some((f) => log.includes(f)));
    expect(found.map(([name]) => name)).toEqual([]);
  });

  it("names a WallTech token by its public id (the portal's revoke path), as the README says", () => {
    expect(log).toContain(`"url":"/portal/api/tokens/${revokedToken}/revoke"`);
    expect(docLine('README.md', '| `LOG_LEVEL` |')).toContain(
      'the token being the 26 characters a client sends in every `Authorization` header, like an App ID; the Secret Key behind it never appears',
    );
  });

  it('keeps what helps read it: the action, the format, paging', () => {
    expect(log).toMatch(
      /"url":"\/api\/action\?Action=GetCredit&Timestamp=[^"&]+&UserID=\[redacted\]&Version=1.0&Signature=\[redacted\]"/,
    );
  });
});

describe('loggableUrl', () => {
  it.each([
    [
      '/api/action?Action=GetCredit&UserID=a%40b.c&Signature=abc',
      '/api/action?Action=GetCredit&UserID=[redacted]&Signature=[redacted]',
    ],
    [
      '/api/v1/products?app_id=x&sign=s&data=d&page=2',
      '/api/v1/products?app_id=[redacted]&sign=[redacted]&data=[redacted]&page=2',
    ],
    ['/api/v1/credit', '/api/v1/credit'],
    ['/x?a%40b.c', '/x?[redacted]=[redacted]'],
    ['/x?token', '/x?token=[redacted]'],
    // An e-mail typed where an id goes: its segment, not the path around it.
    ['/admin/api/merchants/demo@tradepost.local', '/admin/api/merchants/[redacted]'],
    ['/api/v1/x/demo%40tradepost.local/y?page=2', '/api/v1/x/[redacted]/y?page=2'],
  ])('%s → %s', (url, logged) => {
    expect(loggableUrl(url)).toBe(logged);
  });
});

describe('URLs quoted in text', () => {
  const fastifyWarning =
    'Reply was already sent, did you forget to "return reply" in "/portal/api/transactions.csv?from=2026-11-29&to=2026-11-30"';

  it('lose their query values as loggableUrl drops them; other text stays', () => {
    expect(scrubUrls(fastifyWarning)).toBe(
      'Reply was already sent, did you forget to "return reply" in "/portal/api/transactions.csv?from=[redacted]&to=[redacted]"',
    );
    expect(scrubUrls('no url here? fine')).toBe('no url here? fine');
    expect(scrubUrls('Route GET:/admin/merchants/a@b.c not found')).toBe(
      'Route GET:/admin/merchants/[redacted] not found',
    );
    expect(scrubUrls('a@b.c wrote to /x/y')).toBe('a@b.c wrote to /x/y');
    expect(scrubUrls('GET /api/v1/products?page=2&sign=s')).toBe(
      'GET /api/v1/products?page=2&sign=[redacted]',
    );
  });

  it('in a logged message, an error and an { err }: scrubbed in the line, the thrown error untouched', async () => {
    const lines: string[] = [];
    const app = Fastify({
      logger: { ...loggerOptions('warn'), stream: { write: (l: string) => void lines.push(l) } },
    });
    const thrown = new Error(fastifyWarning);
    app.log.warn(fastifyWarning);
    app.log.error(thrown);
    app.log.warn({ err: thrown }, 'while answering /x?email=a%40b.c');
    await app.close();
    const text = lines.join('');
    expect(text).not.toContain('2026-11-29');
    expect(text).not.toContain('a%40b.c');
    expect(text.match(/from=\[redacted\]/g)).toHaveLength(6); // each message and each stack
    expect(thrown.message).toBe(fastifyWarning);
  });
});
