import { decodeHex, macEqual } from '../internal/mac.ts';
import { fail, ok } from '../internal/result.ts';
import { isPlainObject } from '../internal/headers.ts';
import { decryptBendJson } from './crypto.ts';
import { checkBendFields, type BendAuthFields } from './fields.ts';
import { isBendKey, type BendKeys } from './keys.ts';
import type { NonceStore } from './nonce-store.ts';
import { bendSignMac } from './sign.ts';

/**
 * The result of {@link verifyBendRequest}. A failure after step 5 (the caller is authenticated:
 * a 4001 for GET params that are not strings) also carries `app`, because from there on the
 * server answers with an encrypted envelope.
 *
 * @example
 * ```ts
 * import type { BendRequestResult } from '@tradepost/protocol';
 *
 * function reply(r: BendRequestResult<App>) {
 *   if (!r.ok && r.app) return buildBendResponse({ appId: r.app.appId, keys: r.app, payload: { code: r.code, message: r.message, data: null } });
 * }
 * ```
 */
export type BendRequestResult<A> =
  | { ok: true; value: { app: A; params: Record<string, unknown> } }
  | { ok: false; code: number; message: string; app?: A };

/** Sign check shared by request and response verification; a malformed stored key cannot match. */
export function bendSignMatches(fields: BendAuthFields, signKey: unknown): boolean {
  const received = decodeHex(fields.sign);
  // checkBendFields already insists on 64 hex chars; checked again where the compare happens.
  if (received === null || received.length !== 32 || !isBendKey(signKey)) return false;
  return macEqual(bendSignMac(fields, signKey), received);
}

/**
 * Server side, steps 2–6 of the B-End verification order: 1004 malformed fields, 1002 unknown App,
 * 1003 App not active, 1005 timestamp more than `windowSeconds` (default 300) from `now`, 1001 sign
 * mismatch (constant time), 1007 nonce already claimed (only asked once the sign is good, and kept
 * until `timestamp + windowSeconds`), 1006 `data` not decryptable to JSON, then 4001 (with the
 * App, to answer encrypted) for JSON that is not an object. `params` is the decrypted object, `{}`
 * when `data` is `""`. Pass `method: 'GET'` to also require the GET params to
 * be a JSON object of strings (4001 otherwise). Never throws for anything the peer sent; errors from
 * `lookupApp` or the nonce store propagate, since they are the server's, not the caller's.
 *
 * @example
 * ```ts
 * import { MemoryNonceStore, verifyBendRequest } from '@tradepost/protocol';
 *
 * const r = await verifyBendRequest(fields, {
 *   lookupApp: (appId) => apps.lookupForAuth(appId), // { secretKey, signKey, status, ... } | null
 *   nonceStore: new MemoryNonceStore(),
 *   windowSeconds: 300,
 * });
 * if (r.ok) await orders.create(r.value.app.merchantId, r.value.params);
 * ```
 */
export async function verifyBendRequest<A extends BendKeys & { status: 'active' | 'disabled' }>(
  fields: BendAuthFields,
  opts: {
    lookupApp(appId: string): Promise<A | null>;
    nonceStore: NonceStore;
    windowSeconds?: number;
    now?: Date;
    method?: string;
  },
): Promise<BendRequestResult<A>> {
  const checked = checkBendFields(fields);
  if (!checked.ok) return checked;
  const f = checked.value;

  const app = await opts.lookupApp(f.app_id);
  if (app === null || app === undefined || typeof app !== 'object') return fail(1002, 'App not found');
  if (app.status !== 'active') return fail(1003, 'App disabled');

  const windowSeconds = opts.windowSeconds ?? 300;
  const timestamp = Number(f.timestamp);
  const nowSeconds = (opts.now ?? new Date()).getTime() / 1000;
  if (!(Math.abs(nowSeconds - timestamp) <= windowSeconds)) return fail(1005, 'Invalid timestamp');

  if (!bendSignMatches(f, app.signKey)) return fail(1001, 'Invalid signature');

  if (!(await opts.nonceStore.claim(f.app_id, f.nonce, timestamp + windowSeconds))) {
    return fail(1007, 'Replayed request');
  }

  let params: Record<string, unknown> = {};
  if (f.data !== '') {
    const decrypted = decryptBendJson(f.data, app.secretKey);
    if (!decrypted.ok) return decrypted;
    // Decrypted JSON that is not an object is the business validation's (step 7): 4001, answered
    // encrypted to the App like any business error.
    if (!isPlainObject(decrypted.value))
      return { ...fail(4001, 'Invalid parameters: data must decrypt to a JSON object'), app };
    params = decrypted.value;
  }
  if (typeof opts.method === 'string' && opts.method.toUpperCase() === 'GET') {
    const bad = Object.keys(params).find((name) => typeof params[name] !== 'string');
    if (bad !== undefined) {
      return {
        ...fail(
          4001,
          `Invalid parameters: GET parameter ${JSON.stringify(bad.slice(0, 40))} must be a string`,
        ),
        app,
      };
    }
  }
  return ok({ app, params });
}
