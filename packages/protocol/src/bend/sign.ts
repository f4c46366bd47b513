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

/** `"value"` as JSON.stringify writes it, without its scan when the value is JSON-plain. */
const quoted = (value: string, plain: boolean) =>
  plain || JSON_PLAIN.test(value) ? `"${value}"` : JSON.stringify(value);

/** Below this, `data` goes into the one sign string: each MAC update is a call into C++. */
const SMALL_DATA = 2048;

/**
 * HMAC-SHA256 of {@link bendSignString}: the same bytes, but a large `data` (a response's tens of
 * KB of Base64) is fed to the MAC on its own instead of being copied into one more string.
 */
export function bendSignMac(
  f: Omit<BendAuthFields, 'sign'>,
  signKey: string,
  /** The caller made every field itself from JSON-plain alphabets (sealBend): skip the scan. */
  plain = false,
): Buffer {
  for (const name of ['app_id', 'data', 'nonce', 'timestamp'] as const) {
    if (typeof f[name] !== 'string') {
      throw new ProtocolError('ERR_INVALID_ARGUMENT', `B-End field ${name} must be a string`);
    }
  }
  const head = `{"app_id":${quoted(f.app_id, plain)},"data":`;
  const tail = `,"nonce":${quoted(f.nonce, plain)},"timestamp":${quoted(f.timestamp, plain)}}`;
  const mac = createHmac('sha256', Buffer.from(signKey, 'utf8'));
  if (f.data.length < SMALL_DATA || !(plain || JSON_PLAIN.test(f.data))) {
    return mac.update(`${head}${quoted(f.data, plain)}${tail}`, 'utf8').digest();
  }
  return mac.update(`${head}"`, 'utf8').update(f.data, 'latin1').update(`"${tail}`, 'utf8').digest();
}
