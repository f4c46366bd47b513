import { ProtocolError } from '../errors.ts';
import { hmac } from '../internal/mac.ts';
import { walltechDate } from './date.ts';

const TOKEN = /^[A-Za-z0-9]{26}$/;

/**
 * True when `value` has the form of a WallTech API token: exactly 26 chars from `[A-Za-z0-9]`.
 * Says nothing about whether such a token exists.
 *
 * @example
 * ```ts
 * import { isWalltechToken } from '@tradepost/protocol';
 *
 * isWalltechToken('pclK2Vq0kWUMaNmTWTOWXt7ApN'); // true
 * isWalltechToken('pclK2Vq0kWUMaNmTWTOWXt7Ap');  // false: 25 chars
 * ```
 */
export function isWalltechToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}
const SECRET = /^[A-Za-z0-9]{22,}$/;

export function isWalltechSecret(secretKey: unknown): secretKey is string {
  return typeof secretKey === 'string' && SECRET.test(secretKey);
}

/**
 * The WallTech string to sign: `METHOD\nX-WallTech-Date\nURL`, the method upper-cased (as fetch and
 * every HTTP stack send it) and the URL exactly as the client addressed it.
 *
 * @example
 * ```ts
 * import { walltechStringToSign } from '@tradepost/protocol';
 *
 * walltechStringToSign('POST', 'Fri, 16 Dec 2022 18:38:45 GMT', 'http://qa.etowertech.com/services/shipper/orders');
 * // 'POST\nFri, 16 Dec 2022 18:38:45 GMT\nhttp://qa.etowertech.com/services/shipper/orders'
 * ```
 */
export function walltechStringToSign(method: string, date: string, url: string): string {
  for (const [what, value] of [
    ['method', method],
    ['date', date],
    ['url', url],
  ] as const) {
    if (typeof value !== 'string' || value === '') {
      throw new ProtocolError('ERR_INVALID_ARGUMENT', `WallTech ${what} must be a non-empty string`);
    }
  }
  return `${method.toUpperCase()}\n${date}\n${url}`;
}

/**
 * The WallTech signature: standard Base64 of HMAC-SHA1 over {@link walltechStringToSign}, keyed with
 * the secret's UTF-8 bytes. Throws {@link ProtocolError} if the secret is not 22+ chars `[A-Za-z0-9]`.
 *
 * @example
 * ```ts
 * import { signWalltech } from '@tradepost/protocol';
 *
 * signWalltech('POST', 'Fri, 16 Dec 2022 18:38:45 GMT', 'http://qa.etowertech.com/services/shipper/orders', 'I7MIjTQBMZNXToMTA2PkOw');
 * // 'yWUH6sTKY3tDqfRMhnNZIWIVY6c='
 * ```
 */
export function signWalltech(method: string, date: string, url: string, secretKey: string): string {
  if (!isWalltechSecret(secretKey)) {
    throw new ProtocolError(
      'ERR_INVALID_KEY',
      'WallTech secret key must be 22 or more chars from [A-Za-z0-9]',
    );
  }
  return hmac('sha1', secretKey, walltechStringToSign(method, date, url)).toString('base64');
}

/**
 * Client side: the two headers of a WallTech-signed request, dated `now` (default: the clock).
 * Add `Content-Type`/`Accept: application/json` yourself. Throws {@link ProtocolError} on a
 * malformed token (26 chars `[A-Za-z0-9]`) or secret.
 *
 * @example
 * ```ts
 * import { buildWalltechHeaders } from '@tradepost/protocol';
 *
 * const url = 'https://tradepost.example.com/api/v1/orders';
 * const headers = buildWalltechHeaders({ token, secretKey, method: 'POST', url });
 * await fetch(url, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body });
 * ```
 */
export function buildWalltechHeaders(opts: {
  token: string;
  secretKey: string;
  method: string;
  url: string;
  now?: Date;
}): { Authorization: string; 'X-WallTech-Date': string } {
  if (!isWalltechToken(opts.token)) {
    throw new ProtocolError('ERR_INVALID_ARGUMENT', 'WallTech token must be 26 chars from [A-Za-z0-9]');
  }
  const date = walltechDate(opts.now ?? new Date());
  const signature = signWalltech(opts.method, date, opts.url, opts.secretKey);
  return { Authorization: `WallTech ${opts.token}:${signature}`, 'X-WallTech-Date': date };
}

/**
 * Parses `Authorization: WallTech <token>:<signature>`. The scheme is matched case-insensitively
 * (RFC 9110); anything else — another scheme, no colon, two colons, an empty part, whitespace
 * inside — is null. The parts' own forms are checked by the verifier.
 *
 * @example
 * ```ts
 * import { parseWalltechAuthorization } from '@tradepost/protocol';
 *
 * parseWalltechAuthorization('WallTech abc:c2ln'); // { token: 'abc', signature: 'c2ln' }
 * parseWalltechAuthorization('WallTech a:b:c');    // null
 * ```
 */
export function parseWalltechAuthorization(header: string): { token: string; signature: string } | null {
  if (typeof header !== 'string' || header.length > 1024) return null;
  const m = /^walltech +([^\s:]+):([^\s:]+)$/i.exec(header.trim());
  return m === null ? null : { token: m[1] as string, signature: m[2] as string };
}
