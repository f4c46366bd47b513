import { ProtocolError } from '../errors.ts';
import { pooledRandomBytes } from '../internal/random.ts';
import { encryptBendData } from './crypto.ts';
import { APP_ID, NONCE, type BendAuthFields } from './fields.ts';
import { assertBendKey, type BendKeys } from './keys.ts';
import { bendSignMac } from './sign.ts';

export interface SealOptions {
  appId: string;
  keys: BendKeys;
  now?: Date | undefined;
  nonce?: string | undefined;
  iv?: Uint8Array | undefined;
}

/** The checks and fresh values every sealed message starts from: its nonce and timestamp. */
export function sealHeader(opts: SealOptions): { nonce: string; timestamp: string } {
  if (typeof opts.appId !== 'string' || !APP_ID.test(opts.appId)) {
    throw new ProtocolError('ERR_INVALID_ARGUMENT', "B-End app_id must be 'app_' + 24 lowercase hex chars");
  }
  if (opts.keys === null || typeof opts.keys !== 'object') {
    throw new ProtocolError('ERR_INVALID_KEY', 'B-End keys must be { secretKey, signKey }');
  }
  // Both keys are checked even when nothing is encrypted: a bad Secret Key should fail on the first call.
  assertBendKey(opts.keys.secretKey, 'Secret Key');
  assertBendKey(opts.keys.signKey, 'Sign Key');
  const nonce = opts.nonce ?? pooledRandomBytes(24).toString('base64url');
  if (typeof nonce !== 'string' || !NONCE.test(nonce)) {
    throw new ProtocolError('ERR_INVALID_ARGUMENT', 'B-End nonce must be 16-64 chars from [A-Za-z0-9_-]');
  }
  const now = opts.now ?? new Date();
  const millis = now instanceof Date ? now.getTime() : Number.NaN;
  if (!Number.isFinite(millis) || millis < 0) {
    throw new ProtocolError('ERR_INVALID_ARGUMENT', 'B-End now must be a valid Date after 1970');
  }
  return { nonce, timestamp: String(Math.floor(millis / 1000)) };
}

/** What a request and a response have in common: fresh nonce and timestamp, encrypt, sign. */
export function sealBend(
  opts: SealOptions & {
    plaintext: string | null; // null: nothing to encrypt, data is ""
  },
): BendAuthFields {
  const { nonce, timestamp } = sealHeader(opts);
  const data =
    opts.plaintext === null
      ? ''
      : encryptBendData(opts.plaintext, opts.keys.secretKey, opts.iv ? { iv: opts.iv } : {});
  const unsigned = { app_id: opts.appId, data, nonce, timestamp };
  // Every field was checked above or made here (Base64): all JSON-plain, so the sign string needs
  // no escaping scan over `data` (tens of KB for a page).
  const sign = bendSignMac(unsigned, opts.keys.signKey, true).toString('hex');
  // Not `{ ...unsigned, sign }`: a copy plus a property cost ~1 µs in Node 20's V8, this 0.08.
  return { app_id: unsigned.app_id, data, nonce, timestamp, sign };
}

export function toJson(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new ProtocolError(
      'ERR_INVALID_ARGUMENT',
      `${what} cannot be serialized to JSON: ${(err as Error).message}`,
    );
  }
  if (text === undefined)
    throw new ProtocolError('ERR_INVALID_ARGUMENT', `${what} cannot be serialized to JSON`);
  return text;
}
