import { createCipheriv, createDecipheriv } from 'node:crypto';
import { ProtocolError, type VerifyResult } from '../errors.ts';
import { decodeBase64Strict } from '../internal/base64.ts';
import { isPlainObject } from '../internal/headers.ts';
import { pooledRandomBytes } from '../internal/random.ts';
import { fail, ok } from '../internal/result.ts';
import { assertBendKey, isBendKey } from './keys.ts';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Encrypts a plaintext (the UTF-8 JSON of the business parameters) into the B-End `data` field:
 * `Base64(iv || ciphertext || tag)`, AES-256-GCM, a fresh 12-byte IV, no AAD.
 * Throws {@link ProtocolError} if the Secret Key is not 32 chars `[A-Za-z0-9]` or `iv` is not 12 bytes.
 *
 * @example
 * ```ts
 * import { encryptBendData } from '@tradepost/protocol';
 *
 * const data = encryptBendData(JSON.stringify({ goods_id: 'G1', sku_id: 'S1', quantity: 2 }), keys.secretKey);
 * ```
 */
export function encryptBendData(plaintext: string, secretKey: string, opts?: { iv?: Uint8Array }): string {
  assertBendKey(secretKey, 'Secret Key');
  if (typeof plaintext !== 'string') {
    throw new ProtocolError('ERR_INVALID_ARGUMENT', 'B-End plaintext must be a string');
  }
  return sealBendData(plaintext, secretKey, opts?.iv);
}

/**
 * {@link encryptBendData} of a plaintext given as text or as its UTF-8 bytes (a cached page:
 * encoding 20 KB of text with non-ASCII titles cost as much as encrypting it). Base64 is taken of
 * the pieces, cut at multiples of 3 bytes so the text is the same as of `iv || ciphertext || tag`,
 * instead of copying the ciphertext into one more buffer: large buffers live outside V8's heap
 * until a GC, and one per response was enough to trigger full collections under load.
 */
export function sealBendData(
  plaintext: string | Uint8Array,
  secretKey: string,
  givenIv?: Uint8Array,
): string {
  assertBendKey(secretKey, 'Secret Key');
  const iv = givenIv ?? pooledRandomBytes(IV_BYTES);
  if (!(iv instanceof Uint8Array) || iv.length !== IV_BYTES) {
    throw new ProtocolError('ERR_INVALID_ARGUMENT', `B-End IV must be ${IV_BYTES} bytes`);
  }
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(secretKey, 'ascii'), iv, {
    authTagLength: TAG_BYTES,
  });
  const ciphertext =
    typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext);
  const final = cipher.final(); // GCM holds nothing back: empty
  const whole = ciphertext.length - (ciphertext.length % 3);
  const rest = Buffer.concat([ciphertext.subarray(whole), final, cipher.getAuthTag()]);
  // 12 IV bytes and `whole` are multiples of 3: no padding inside, same text as one Base64 pass.
  return (
    Buffer.from(iv.buffer, iv.byteOffset, IV_BYTES).toString('base64') +
    ciphertext.toString('base64', 0, whole) +
    rest.toString('base64')
  );
}

/**
 * Decrypts a B-End `data` field back to its UTF-8 plaintext. Every failure (not strict Base64,
 * too short, GCM authentication, invalid UTF-8, a malformed key) is the same opaque
 * `{ ok: false, code: 1006, message: 'Decryption failed' }`, so nothing leaks about which step failed.
 *
 * @example
 * ```ts
 * import { decryptBendData } from '@tradepost/protocol';
 *
 * const r = decryptBendData(envelope.data, keys.secretKey);
 * if (r.ok) console.log(JSON.parse(r.value));
 * ```
 */
export function decryptBendData(data: string, secretKey: string): VerifyResult<string> {
  const failed = fail(1006, 'Decryption failed');
  if (!isBendKey(secretKey)) return failed;
  const bytes = decodeBase64Strict(data);
  if (bytes === null || bytes.length < IV_BYTES + TAG_BYTES) return failed;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      Buffer.from(secretKey, 'ascii'),
      bytes.subarray(0, IV_BYTES),
      {
        authTagLength: TAG_BYTES,
      },
    );
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return ok(utf8.decode(plain));
  } catch {
    return failed;
  }
}

/** Decrypts and parses: 1006 unless `data` is Base64 that GCM authenticates and UTF-8 JSON (bend-v1 step 6). */
export function decryptBendJson(data: string, secretKey: string): VerifyResult<unknown> {
  const plain = decryptBendData(data, secretKey);
  if (!plain.ok) return plain;
  try {
    return ok(JSON.parse(plain.value) as unknown);
  } catch {
    return fail(1006, 'Decryption failed');
  }
}

/**
 * Decrypts and parses a response; its plaintext is always a JSON object (1006 otherwise: a
 * server's answer that is not one is as unreadable as one that does not decrypt).
 */
export function decryptBendObject(data: string, secretKey: string): VerifyResult<Record<string, unknown>> {
  const parsed = decryptBendJson(data, secretKey);
  if (!parsed.ok) return parsed;
  return isPlainObject(parsed.value) ? ok(parsed.value) : fail(1006, 'Decryption failed');
}
