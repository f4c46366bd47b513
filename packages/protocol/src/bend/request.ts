import { ProtocolError } from '../errors.ts';
import { isPlainObject } from '../internal/headers.ts';
import { sealBend, toJson } from './envelope.ts';
import type { BendKeys } from './keys.ts';

/**
 * Client side: builds a ready-to-send B-End request. `params` is the POST body object, or the GET
 * query parameters (strings, numbers, booleans and bigints are stringified; `undefined` ones are
 * left out). A GET without parameters carries `data: ""`. With the default `headers` transport the
 * auth fields go in `App-ID`/`Timestamp`/`Nonce`/`Sign` and `data` in the body (POST) or the `data`
 * query parameter (GET, left out when empty); with `envelope` all five fields go in the JSON body
 * (POST) or the query (GET). `now`, `nonce` and `iv` exist for tests and known-answer vectors.
 * Throws {@link ProtocolError} on a malformed key, app ID, nonce or unserializable params.
 *
 * @example
 * ```ts
 * import { buildBendRequest } from '@tradepost/protocol';
 *
 * const req = buildBendRequest({ appId, keys, method: 'POST', params: { goods_id: 'G1', sku_id: 'S1', quantity: 1 } });
 * const res = await fetch(`${baseUrl}/orders`, { method: 'POST', headers: req.headers, body: req.body });
 * // GET: fetch(`${baseUrl}/products?${new URLSearchParams(req.query)}`, { headers: req.headers })
 * ```
 */
export function buildBendRequest(opts: {
  appId: string;
  keys: BendKeys;
  method: 'GET' | 'POST';
  params?: Record<string, unknown>;
  transport?: 'headers' | 'envelope';
  now?: Date;
  nonce?: string;
  iv?: Uint8Array;
}): { headers: Record<string, string>; query: Record<string, string>; body?: string } {
  const { method } = opts;
  if (method !== 'GET' && method !== 'POST') {
    throw new ProtocolError('ERR_INVALID_ARGUMENT', "B-End method must be 'GET' or 'POST'");
  }
  const transport = opts.transport ?? 'headers';
  if (transport !== 'headers' && transport !== 'envelope') {
    throw new ProtocolError('ERR_INVALID_ARGUMENT', "B-End transport must be 'headers' or 'envelope'");
  }
  if (opts.params !== undefined && !isPlainObject(opts.params)) {
    throw new ProtocolError('ERR_INVALID_ARGUMENT', 'B-End params must be a plain object');
  }
  const plaintext =
    method === 'GET' ? getPlaintext(opts.params ?? {}) : toJson(opts.params ?? {}, 'B-End params');
  const f = sealBend({ ...opts, plaintext });

  if (transport === 'envelope') {
    const envelope = { app_id: f.app_id, nonce: f.nonce, timestamp: f.timestamp, data: f.data, sign: f.sign };
    return method === 'GET'
      ? { headers: {}, query: envelope }
      : { headers: { 'Content-Type': 'application/json' }, query: {}, body: JSON.stringify(envelope) };
  }
  const headers: Record<string, string> = {
    'App-ID': f.app_id,
    Timestamp: f.timestamp,
    Nonce: f.nonce,
    Sign: f.sign,
  };
  if (method === 'GET') return { headers, query: f.data === '' ? {} : { data: f.data } };
  return {
    headers: { ...headers, 'Content-Type': 'application/json' },
    query: {},
    body: JSON.stringify({ data: f.data }),
  };
}

/** GET params travel as a JSON object of strings; none at all means nothing is encrypted. */
function getPlaintext(params: Record<string, unknown>): string | null {
  const strings: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (typeof value === 'string') strings[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
      strings[name] = String(value);
    } else {
      throw new ProtocolError(
        'ERR_INVALID_ARGUMENT',
        `B-End GET param ${name} must be a string, number or boolean`,
      );
    }
  }
  return Object.keys(strings).length === 0 ? null : JSON.stringify(strings);
}
