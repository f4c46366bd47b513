/* eslint-disable @typescript-eslint/no-explicit-any -- test bodies are asserted on, field by field */
/**
 * A browser-like client of the portal and console APIs over real HTTP: it keeps the session
 * cookie (as a browser's cookie jar would) and sends the CSRF token the session answered on every
 * state-changing request, unless told not to.
 *
 *   const web = webClient(server.url, 'portal');
 *   await web.signIn(m.email, m.password);
 *   const r = await web.call('GET', '/dashboard');   // → { status, body, headers }
 */
import { ADMIN_API_PREFIX, PORTAL_API_PREFIX } from '@tradepost/web-contract';
import type { Services } from '../../src/services.ts';
import { uid } from './factories.ts';
import type { TestMerchant, TestServer } from './test-server.ts';

export interface WebResponse<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface WebClient {
  cookie: string | null;
  csrf: string | null;
  signIn(email: string, password: string): Promise<WebResponse>;
  call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts?: { csrf?: string | null; headers?: Record<string, string> },
  ): Promise<WebResponse<T>>;
}

export function webClient(baseUrl: string, door: 'portal' | 'admin'): WebClient {
  const prefix = door === 'portal' ? PORTAL_API_PREFIX : ADMIN_API_PREFIX;
  const client: WebClient = {
    cookie: null,
    csrf: null,
    async signIn(email, password) {
      const r = await client.call('POST', '/session', { email, password });
      if (r.status === 200) client.csrf = r.body.csrf_token;
      return r;
    },
    async call(method, path, body, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (client.cookie) headers.cookie = client.cookie;
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const csrf = opts.csrf === undefined ? client.csrf : opts.csrf;
      if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
      const res = await fetch(`${baseUrl}${prefix}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      for (const c of res.headers.getSetCookie()) {
        const pair = c.split(';')[0]!;
        const value = pair.slice(pair.indexOf('=') + 1);
        client.cookie = value === '' ? null : pair;
      }
      const text = await res.text();
      let parsed: unknown = text;
      if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
      return { status: res.status, body: parsed as any, text, headers: res.headers };
    },
  };
  return client;
}

/** The password `operatorClient` gives every operator it creates. */
export const OPERATOR_PASSWORD = 'operator password 1';

/** A new operator of `role` (through the operators service, as the CLI does), signed in to the console. */
export async function operatorClient(
  server: { url: string; services: Pick<Services, 'operators'> },
  role: 'admin' | 'support',
): Promise<WebClient & { email: string }> {
  const email = `${role}-${uid()}@ops.example`;
  await server.services.operators.create({ email, password: OPERATOR_PASSWORD, role });
  const web = webClient(server.url, 'admin');
  const r = await web.signIn(email, OPERATOR_PASSWORD);
  if (r.status !== 200) throw new Error(`operator sign-in answered ${r.status}`);
  return Object.assign(web, { email });
}

/** A new merchant with `creditLimit`, signed in to the portal. */
export async function merchantClient(
  server: Pick<TestServer, 'url' | 'createMerchant'>,
  creditLimit = '1000.00',
): Promise<{ m: TestMerchant; web: WebClient }> {
  const m = await server.createMerchant({ creditLimit });
  const web = webClient(server.url, 'portal');
  const r = await web.signIn(m.email, m.password);
  if (r.status !== 200) throw new Error(`merchant sign-in answered ${r.status}`);
  return { m, web };
}
