import type { VerifyResult } from '../errors.ts';
import { isPlainObject } from '../internal/headers.ts';
import { fail, ok } from '../internal/result.ts';
import { decryptBendObject, sealBendData } from './crypto.ts';
import { sealHeader, toJson } from './envelope.ts';
import { checkBendFields, type BendAuthFields } from './fields.ts';
import type { BendKeys } from './keys.ts';
import { bendSignMac } from './sign.ts';
import { bendSignMatches } from './verify.ts';

/**
 * What a response encrypts: the standard `{ code, message, data }`, or, when the server already
 * holds it serialized (a cached page), its JSON text or that text's UTF-8 bytes, encrypted as is.
 *
 * @example
 * ```ts
 * import type { BendResponsePayload } from '@tradepost/protocol';
 *
 * const payload: BendResponsePayload = { code: 0, message: 'success', data: order };
 * const cached: BendResponsePayload = { bytes: Buffer.from('{"code":0,"message":"success","data":{"items":[]}}') };
 * ```
 */
export type BendResponsePayload =
  { code: number; message: string; data: unknown } | { json: string } | { bytes: Uint8Array };

/** The plaintext of a response: the given text or bytes, else the payload serialized here. */
function responsePlaintext(payload: BendResponsePayload): string | Uint8Array {
  if (payload !== null && typeof payload === 'object') {
    if ('bytes' in payload && payload.bytes instanceof Uint8Array) return payload.bytes;
    if ('json' in payload && typeof payload.json === 'string') return payload.json;
  }
  const p = payload as { code?: unknown; message?: unknown; data?: unknown } | null | undefined;
  return toJson({ code: p?.code, message: p?.message, data: p?.data ?? null }, 'B-End response payload');
}

interface ResponseOptions {
  appId: string;
  keys: BendKeys;
  payload: BendResponsePayload;
  now?: Date;
  nonce?: string;
  iv?: Uint8Array;
}

/**
 * Server side: the encrypted, signed response envelope sent once the caller is authenticated
 * (success or business error). `payload` is the standard `{ code, message, data }`; it is encrypted
 * with the App's Secret Key and signed like a request, with a fresh server nonce and timestamp.
 * Throws {@link ProtocolError} on a malformed key or app ID, or a payload JSON cannot hold.
 *
 * @example
 * ```ts
 * import { buildBendResponse } from '@tradepost/protocol';
 *
 * const envelope = buildBendResponse({ appId: app.appId, keys: app, payload: { code: 0, message: 'success', data: order } });
 * reply.status(200).send(envelope);
 * ```
 */
export function buildBendResponse(opts: ResponseOptions): BendAuthFields {
  const plaintext = responsePlaintext(opts.payload);
  const { nonce, timestamp } = sealHeader(opts);
  const data = sealBendData(plaintext, opts.keys.secretKey, opts.iv);
  const sign = bendSignMac({ app_id: opts.appId, data, nonce, timestamp }, opts.keys.signKey, true).toString(
    'hex',
  );
  // Field order as the spec shows the envelope on the wire.
  return { app_id: opts.appId, nonce, timestamp, data, sign };
}

/**
 * Client side: checks a response envelope and decrypts it. 1004 if it is not an envelope of five
 * well-formed fields, 1001 if it is for another App or its `sign` does not match (constant time),
 * 1006 if `data` does not decrypt to a standard `{ code, message, data }` object. Accepts the parsed
 * body or its raw JSON text. Never throws.
 *
 * @example
 * ```ts
 * import { verifyBendResponse } from '@tradepost/protocol';
 *
 * const r = verifyBendResponse(await res.json(), { appId, keys });
 * if (r.ok && r.value.code === 0) console.log(r.value.data);
 * ```
 */
export function verifyBendResponse(
  envelope: unknown,
  opts: { appId: string; keys: BendKeys },
): VerifyResult<{ code: number; message: string; data: unknown }> {
  let input = envelope;
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input);
    } catch {
      return fail(1004, 'Missing auth header');
    }
  }
  if (!isPlainObject(input)) return fail(1004, 'Missing auth header');
  const checked = checkBendFields(input);
  if (!checked.ok) return checked;
  const f = checked.value;
  const keys: Partial<BendKeys> = opts?.keys !== null && typeof opts?.keys === 'object' ? opts.keys : {};
  if (f.app_id !== opts?.appId || !bendSignMatches(f, keys.signKey)) return fail(1001, 'Invalid signature');
  const decrypted = decryptBendObject(f.data, keys.secretKey as string);
  if (!decrypted.ok) return decrypted;
  const { code, message, data } = decrypted.value;
  if (
    typeof code !== 'number' ||
    !Number.isInteger(code) ||
    typeof message !== 'string' ||
    !('data' in decrypted.value)
  ) {
    return fail(1006, 'Decryption failed');
  }
  return ok({ code, message, data });
}
