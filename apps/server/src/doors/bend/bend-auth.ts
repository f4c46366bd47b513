import {
  buildBendResponse,
  extractBendAuth,
  verifyBendRequest,
  type BendKeys,
  type BendResponsePayload,
} from '@tradepost/protocol';
import type { FastifyRequest } from 'fastify';
import type { Context } from '../../context.ts';
import { knownJson } from '../../shared/known-json.ts';
import type { AuthApp } from '../../services.ts';
import type { DoorAuth } from '../rest-door.ts';
import type { StandardResponse } from '../wire-errors.ts';

/**
 * The B-End App credentials: body encrypted under the Secret Key, request signed with the Sign Key,
 * and, once the caller is authenticated, every response encrypted and signed back (bend-v1.md).
 */
export function bendAuth(ctx: Context): DoorAuth {
  const lookupApp = (appId: string) => ctx.services.apps.lookupForAuth(appId);
  return {
    name: 'bend',
    matches: () => true,
    /**
     * The header transport puts App-ID, Timestamp, Nonce and Sign in headers: malformed fields
     * (1004), an unknown (1002) or disabled (1003) App and a stale timestamp (1005) are answered
     * before the body is read, in the verifier's order. The sign covers `data`, in the body, so it
     * waits; so does the envelope transport, whose fields are all in the body.
     */
    async beforeBody(req) {
      if (req.method === 'GET' || req.method === 'HEAD' || req.headers['app-id'] === undefined) return null;
      const fields = extractBendAuth({
        method: req.method,
        headers: req.headers,
        query: req.query as Record<string, string | string[] | undefined>,
        body: { data: '' }, // stands in for the unread body: only the header fields are checked
      });
      if (!fields.ok) return fields;
      const app = await lookupApp(fields.value.app_id);
      if (!app) return { ok: false, code: 1002, message: 'App not found' };
      if (app.status !== 'active') return { ok: false, code: 1003, message: 'App disabled' };
      const skew = Math.abs(Date.now() / 1000 - Number(fields.value.timestamp));
      if (!(skew <= ctx.config.timestampWindowSeconds))
        return { ok: false, code: 1005, message: 'Invalid timestamp' };
      return null;
    },
    async authenticate(req: FastifyRequest) {
      const fields = extractBendAuth({
        method: req.method,
        headers: req.headers,
        query: req.query as Record<string, string | string[] | undefined>,
        // The raw body text: the protocol parses it (and answers 1004 when it is not a JSON envelope).
        body: req.body,
      });
      if (!fields.ok) return fields;
      const verified = await verifyBendRequest(fields.value, {
        lookupApp,
        nonceStore: ctx.services.nonces,
        windowSeconds: ctx.config.timestampWindowSeconds,
        method: req.method,
      });
      if (!verified.ok) {
        // Past the replay check (e.g. GET params that are not strings) the caller is known:
        // the answer is encrypted to it like any business error.
        const { code, message, app } = verified;
        return app ? { ok: false, code, message, wrap: envelopeFor(app) } : { ok: false, code, message };
      }
      const { app, params } = verified.value;
      // "Last used" on the portal's Apps page: at most one write a minute per App, not awaited.
      ctx.services.apps.touch(app.appId);
      return {
        ok: true,
        value: {
          merchantId: app.merchantId,
          credential: `app:${app.appId}`,
          readOnly: false,
          params,
          wrap: envelopeFor(app),
        },
      };
    },
  };
}

/**
 * The UTF-8 plaintext of a cached page's success answer, kept with the page (weakly): the page
 * object lives while the catalog cache holds it, and every hit then encrypts these bytes instead
 * of encoding 20+ KB of text (non-ASCII titles make that as costly as the AES-GCM itself).
 * Only the plaintext is kept: each response still gets its own IV, nonce, timestamp and sign.
 */
const successBytes = new WeakMap<object, { message: string; bytes: Buffer }>();

function plaintextOf(payload: StandardResponse): BendResponsePayload {
  // A cached page carries its JSON text (catalog.cache.ts): same bytes as JSON.stringify(payload).
  const known = knownJson(payload.data);
  if (known === undefined) return payload;
  if (payload.code !== 0)
    return { json: `{"code":${payload.code},"message":${JSON.stringify(payload.message)},"data":${known}}` };
  const page = payload.data as object;
  const hit = successBytes.get(page);
  if (hit?.message === payload.message) return { bytes: hit.bytes };
  const bytes = Buffer.from(
    `{"code":0,"message":${JSON.stringify(payload.message)},"data":${known}}`,
    'utf8',
  );
  successBytes.set(page, { message: payload.message, bytes });
  return { bytes };
}

function envelopeFor(app: AuthApp): (payload: StandardResponse) => string {
  const keys: BendKeys = { secretKey: app.secretKey, signKey: app.signKey };
  return (payload) => {
    const e = buildBendResponse({ appId: app.appId, keys, payload: plaintextOf(payload) });
    // Serialized by hand: every field is from an alphabet JSON never escapes (app_ + hex, the
    // nonce's base64url, digits, standard Base64, hex), and `data` is the whole page: one pass
    // over it instead of a second JSON.stringify scan. Text, not a Buffer: a string is copied out
    // when written and freed at once, while a 27 KB Buffer per response lives outside the heap
    // until a GC and drove full collections (47 instead of 7 in a 9,000-read run).
    return `{"app_id":"${e.app_id}","nonce":"${e.nonce}","timestamp":"${e.timestamp}","data":"${e.data}","sign":"${e.sign}"}`;
  };
}
