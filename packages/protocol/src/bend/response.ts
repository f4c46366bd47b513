import type { VerifyResult } from '../errors.ts';
import { isPlainObject } from '../internal/headers.ts';
import { fail, ok } from '../internal/result.ts';
import { decryptBendObject } from './crypto.ts';
import { sealBend, toJson } from './envelope.ts';
import { checkBendFields, type BendAuthFields } from './fields.ts';
import type { BendKeys } from './keys.ts';
import { bendSignMatches } from './verify.ts';

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
export function buildBendResponse(opts: {
  appId: string;
  keys: BendKeys;
  /**
   * The standard response, or its JSON text when the server already holds it serialized (a
   * cached page): then it is encrypted as is, saving one serialization of the whole page.
   */
  payload: { code: number; message: string; data: unknown } | { json: string };
  now?: Date;
  nonce?: string;
  iv?: Uint8Array;
}): BendAuthFields {
  const { payload } = opts;
  const plaintext =
    payload !== null && typeof payload === 'object' && 'json' in payload && typeof payload.json === 'string'
      ? payload.json
      : toJson(
          {
            code: (payload as { code?: unknown })?.code,
            message: (payload as { message?: unknown })?.message,
            data: (payload as { data?: unknown })?.data ?? null,
          },
          'B-End response payload',
        );
  const f = sealBend({ ...opts, plaintext });
  // Field order as the spec shows the envelope on the wire.
  return { app_id: f.app_id, nonce: f.nonce, timestamp: f.timestamp, data: f.data, sign: f.sign };
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
