import { verifyWalltechRequest } from '@tradepost/protocol';
import type { FastifyRequest } from 'fastify';
import type { Context } from '../../context.ts';
import type { AuthToken } from '../../services.ts';
import type { DoorAuth } from '../rest-door.ts';

const WALLTECH = /^\s*walltech\s/i;
const SKEW_SECONDS = 15 * 60; // walltech.md: "more than 15 minutes" is refused

/**
 * WallTech API tokens (walltech.md) on the B-End REST paths: plain JSON in, plain JSON out, the
 * request authenticated by an HMAC-SHA1 over method, date and the URL the client addressed.
 */
export function tokenAuth(ctx: Context): DoorAuth {
  const tokens = ctx.services.tokens;
  type TokenCheck = { ok: true; token: AuthToken } | { ok: false; code: number; message: string };
  // The signature covers method, date and URL, not the body: the whole check runs before the body
  // is read (beforeBody), and authenticate takes its result from here.
  const checked = new WeakMap<FastifyRequest, TokenCheck>();
  const verify = async (req: FastifyRequest): Promise<TokenCheck> => {
    let found: AuthToken | null = null;
    const verified = await verifyWalltechRequest(
      { method: req.method, url: addressedUrl(req), headers: req.headers },
      {
        lookupToken: async (token) => (found = await tokens.lookupForAuth(token)),
        skewSeconds: SKEW_SECONDS,
      },
    );
    if (verified.ok) return { ok: true, token: verified.value.token };
    // Same code as the B-End's suspended-merchant answer, but not the misleading "revoked".
    if (verified.code === 1003 && (found as AuthToken | null)?.inactiveReason === 'merchant_suspended') {
      return { ok: false, code: 1003, message: 'Merchant suspended' };
    }
    return verified;
  };
  return {
    name: 'walltech',
    matches: (req) => WALLTECH.test(headerValue(req.headers.authorization)),
    async beforeBody(req) {
      const result = await verify(req);
      checked.set(req, result);
      return result.ok ? null : result;
    },
    async authenticate(req: FastifyRequest) {
      const verified = checked.get(req) ?? (await verify(req));
      if (!verified.ok) return verified;
      const token = verified.token;
      const params = requestParams(req);
      if (params === null) {
        return {
          ok: false,
          code: 4001,
          message: 'Invalid parameters: the request body must be a JSON object',
        };
      }
      // walltech.md says nothing of a repeat, and the signature covers both values: neither is
      // picked for the caller (the Action API's last-wins is that spec's rule for its clients).
      const repeated =
        req.method === 'GET' ? Object.keys(params).find((name) => Array.isArray(params[name])) : undefined;
      if (repeated !== undefined) {
        return { ok: false, code: 4001, message: `${repeated}: is repeated in the query; send it once` };
      }
      tokens.touch(token.token);
      return {
        ok: true,
        value: {
          merchantId: token.merchantId,
          credential: `token:${token.token}`,
          readOnly: token.readOnly,
          readOnlyMessage: 'API token is read-only: it may not place or cancel orders',
          params,
          // Token callers get the standard response as it is: no envelope, no encryption.
          wrap: (payload) => payload,
        },
      };
    },
  };
}

/**
 * The URL as the client addressed it: scheme + Host + the raw path and query from the request
 * line. Fastify's `protocol`/`host` already follow X-Forwarded-Proto/Host only when the app was
 * built with `trustProxy` (config TRADEPOST_TRUST_PROXY), so no header is trusted by default.
 */
export function addressedUrl(req: FastifyRequest): string {
  const target = req.raw.url ?? req.url;
  // Absolute-form (RFC 9112 §3.2.2, sent through forward proxies) already is the addressed URL.
  if (/^https?:\/\//i.test(target)) return target;
  return `${req.protocol}://${req.host}${target}`;
}

/** GET: the query string's values as sent. POST: the JSON object body (empty body = no params). */
function requestParams(req: FastifyRequest): Record<string, unknown> | null {
  if (req.method === 'GET') return { ...(req.query as Record<string, unknown>) };
  const body = req.body;
  if (body === undefined || body === null || (typeof body === 'string' && body.trim() === '')) return {};
  if (typeof body !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const headerValue = (h: string | string[] | undefined): string =>
  Array.isArray(h) ? (h[0] ?? '') : (h ?? '');
