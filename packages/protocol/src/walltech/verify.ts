import type { VerifyResult } from '../errors.ts';
import { decodeBase64Strict } from '../internal/base64.ts';
import { singleValue } from '../internal/headers.ts';
import { hmac, macEqual } from '../internal/mac.ts';
import { fail, ok } from '../internal/result.ts';
import { parseWalltechDate } from './date.ts';
import {
  isWalltechSecret,
  isWalltechToken,
  parseWalltechAuthorization,
  walltechStringToSign,
} from './sign.ts';

const SHA1_BYTES = 20;

/**
 * Server side: verifies a WallTech-signed request. `url` is the full URL the client addressed
 * (`scheme://host[:port]/path[?query]`), rebuilt by the server; a signature over it with the
 * scheme's default port written (`:443`, `:80`) or left out is accepted either way, as the Host
 * header may have dropped it. In order: 1004 `Authorization` or
 * `X-WallTech-Date` missing, repeated or malformed (token 26 chars `[A-Za-z0-9]`, signature Base64
 * of 20 bytes, date RFC 1123 with GMT/UT/Z or a numeric zone); 1002 unknown token; 1003 token not active; 1005 date more
 * than `skewSeconds` (default 900) from `now`; 1001 signature mismatch (constant time, and a
 * malformed stored secret never matches). The token record comes back untouched, so fields such as
 * `readOnly` are there for the server to enforce. Never throws for anything the peer sent.
 *
 * @example
 * ```ts
 * import { verifyWalltechRequest } from '@tradepost/protocol';
 *
 * const r = await verifyWalltechRequest(
 *   { method: req.method, url: `${req.protocol}://${req.host}${req.url}`, headers: req.headers },
 *   { lookupToken: (token) => apiTokens.lookup(token) }, // { secretKey, status, readOnly?, ... } | null
 * );
 * if (!r.ok) return reply.status(r.code === 1003 ? 403 : 401).send({ code: r.code, message: r.message, data: null });
 * ```
 */
export async function verifyWalltechRequest<T extends { secretKey: string; status: 'active' | 'revoked' }>(
  req: { method: string; url: string; headers: Record<string, string | string[] | undefined> },
  opts: { lookupToken(token: string): Promise<T | null>; skewSeconds?: number; now?: Date },
): Promise<VerifyResult<{ token: T }>> {
  const authorization = singleValue(req?.headers, 'Authorization', true);
  const dateHeader = singleValue(req?.headers, 'X-WallTech-Date', true);
  if (authorization === undefined) return fail(1004, 'Missing auth header: Authorization');
  if (dateHeader === undefined) return fail(1004, 'Missing auth header: X-WallTech-Date');
  const parsed = authorization === null ? null : parseWalltechAuthorization(authorization);
  if (parsed === null || !isWalltechToken(parsed.token)) {
    return fail(1004, "Malformed auth header: Authorization must be 'WallTech <token>:<signature>'");
  }
  const received = decodeBase64Strict(parsed.signature);
  if (received === null || received.length !== SHA1_BYTES) {
    return fail(1004, 'Malformed auth header: the signature must be Base64 of an HMAC-SHA1');
  }
  const date = dateHeader === null ? null : parseWalltechDate(dateHeader);
  if (date === null) {
    return fail(
      1004,
      "Malformed auth header: X-WallTech-Date must be RFC 1123, e.g. 'Thu, 06 Aug 2020 06:01:26 GMT' or '… +0800'",
    );
  }
  if (typeof req.method !== 'string' || req.method === '' || typeof req.url !== 'string' || req.url === '') {
    return fail(1004, 'Missing auth header: request method and URL');
  }

  const token = await opts.lookupToken(parsed.token);
  if (token === null || token === undefined || typeof token !== 'object')
    return fail(1002, 'API token not found');
  if (token.status !== 'active') return fail(1003, 'API token revoked');

  const skewMs = (opts.skewSeconds ?? 900) * 1000;
  const now = (opts.now ?? new Date()).getTime();
  if (!(Math.abs(now - date.getTime()) <= skewMs))
    return fail(1005, 'Invalid timestamp: X-WallTech-Date is too far from server time');

  if (!isWalltechSecret(token.secretKey)) return fail(1001, 'Invalid signature');
  // Every form is checked (constant time each), so the answer takes the same time whichever matched.
  const matched = urlForms(req.url).map((url) =>
    macEqual(
      hmac('sha1', token.secretKey, walltechStringToSign(req.method, dateHeader as string, url)),
      received,
    ),
  );
  if (!matched.includes(true)) return fail(1001, 'Invalid signature');
  return ok({ token });
}

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' };

/**
 * The URL the server rebuilt, and the same URL with the scheme's default port written or left out
 * (`https://h:443/x` and `https://h/x` address the same thing, RFC 3986 §6.2.3). A client signs
 * the URL as it addressed it, but most HTTP stacks drop a default port from the Host header (and
 * some keep it), so the server cannot tell which of the two was signed. Any other port is part of
 * the URL and stays as it is.
 */
function urlForms(url: string): string[] {
  const parts = /^(https?):\/\/([^/?#]*)(.*)$/i.exec(url);
  if (!parts) return [url];
  const [, scheme = '', authority = '', rest = ''] = parts;
  const [, host = '', port] = /^(.*?)(?::(\d+))?$/.exec(authority) ?? [];
  const defaultPort = DEFAULT_PORTS[scheme.toLowerCase()]!;
  if (port === undefined) return [url, `${scheme}://${host}:${defaultPort}${rest}`];
  if (port === defaultPort) return [url, `${scheme}://${host}${rest}`];
  return [url];
}
