import { ProtocolError } from '../errors.ts';
import { hmac } from '../internal/mac.ts';
import type { BendAuthFields } from './fields.ts';
import { assertBendKey } from './keys.ts';

/**
 * The canonical string the B-End `sign` covers: the four fields as one compact JSON object with
 * keys in ASCII order, `{"app_id":…,"data":…,"nonce":…,"timestamp":…}`, escaped as `JSON.stringify` does.
 *
 * @example
 * ```ts
 * import { bendSignString } from '@tradepost/protocol';
 *
 * bendSignString({ app_id: 'app_0123456789abcdef01234567', data: '', nonce: 'n0nce-0000000000', timestamp: '1763812345' });
 * // '{"app_id":"app_0123456789abcdef01234567","data":"","nonce":"n0nce-0000000000","timestamp":"1763812345"}'
 * ```
 */
export function bendSignString(f: Omit<BendAuthFields, 'sign'>): string {
  for (const name of ['app_id', 'data', 'nonce', 'timestamp'] as const) {
    if (typeof f[name] !== 'string') {
      throw new ProtocolError('ERR_INVALID_ARGUMENT', `B-End field ${name} must be a string`);
    }
  }
  // Built literally in sorted key order so the serialization cannot depend on the caller's object.
  return JSON.stringify({ app_id: f.app_id, data: f.data, nonce: f.nonce, timestamp: f.timestamp });
}

/**
 * Signs the four B-End fields: lowercase hex HMAC-SHA256 of {@link bendSignString} keyed with the
 * Sign Key. Throws {@link ProtocolError} if the Sign Key is not 32 chars `[A-Za-z0-9]`.
 *
 * @example
 * ```ts
 * import { signBend } from '@tradepost/protocol';
 *
 * const sign = signBend({ app_id, data, nonce, timestamp }, keys.signKey); // 64 lowercase hex chars
 * ```
 */
export function signBend(f: Omit<BendAuthFields, 'sign'>, signKey: string): string {
  assertBendKey(signKey, 'Sign Key');
  return hmac('sha256', signKey, bendSignString(f)).toString('hex');
}
