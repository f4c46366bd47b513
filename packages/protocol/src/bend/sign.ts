import { ProtocolError } from '../errors.ts';
import { createHmac } from 'node:crypto';
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
  return bendSignMac(f, signKey).toString('hex');
}

/** Characters JSON.stringify never escapes inside a string, covering every well-formed field. */
const JSON_PLAIN = /^[A-Za-z0-9+/=_-]*$/;

/**
 * HMAC-SHA256 of {@link bendSignString}, fed to the MAC piece by piece: the same bytes, without
 * first copying a response's whole `data` (tens of KB of Base64) into one more string.
 */
export function bendSignMac(
  f: Omit<BendAuthFields, 'sign'>,
  signKey: string,
  /** The caller made every field itself from JSON-plain alphabets (sealBend): skip the scan. */
  plain = false,
): Buffer {
  const names = ['app_id', 'data', 'nonce', 'timestamp'] as const;
  for (const name of names) {
    if (typeof f[name] !== 'string') {
      throw new ProtocolError('ERR_INVALID_ARGUMENT', `B-End field ${name} must be a string`);
    }
  }
  const mac = createHmac('sha256', Buffer.from(signKey, 'utf8'));
  names.forEach((name, i) => {
    const value = f[name];
    mac.update(`${i === 0 ? '{' : ','}"${name}":`, 'utf8');
    if (plain || JSON_PLAIN.test(value)) mac.update('"', 'utf8').update(value, 'latin1').update('"', 'utf8');
    else mac.update(JSON.stringify(value), 'utf8');
  });
  return mac.update('}', 'utf8').digest();
}
