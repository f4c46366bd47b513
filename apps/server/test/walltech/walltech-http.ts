/* eslint-disable @typescript-eslint/no-explicit-any -- wire envelopes read as untyped data, in both their JSON and XML shapes */
/** WallTech-signed HTTP for tests: signs with the protocol package's client helper, sends with fetch. */
import { buildWalltechHeaders } from '@tradepost/protocol';

export interface TokenCredentials {
  token: string;
  secret_key: string;
}

export interface PlainResult {
  status: number;
  body: { code: number; message: string; data: any };
}

export async function walltech(
  url: string,
  cred: TokenCredentials,
  opts: {
    method?: 'GET' | 'POST';
    body?: unknown;
    now?: Date;
    /** Sign this URL instead of the one requested (what a client behind a proxy would see). */
    signedUrl?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<PlainResult> {
  const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST');
  const auth = buildWalltechHeaders({
    token: cred.token,
    secretKey: cred.secret_key,
    method,
    url: opts.signedUrl ?? url,
    ...(opts.now ? { now: opts.now } : {}),
  });
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...auth, ...opts.headers },
    ...(opts.body === undefined
      ? {}
      : { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }),
  });
  return { status: res.status, body: (await res.json()) as PlainResult['body'] };
}
