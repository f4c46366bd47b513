import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptBendData, encryptBendData, ProtocolError } from '../../src/index.ts';
import { KEYS } from '../helpers/bend-fixtures.ts';

const FAILED = { ok: false, code: 1006, message: 'Decryption failed' };

/** Seals arbitrary bytes, so tests can put what encryptBendData never would (non-UTF-8) into data. */
function sealBytes(plain: Uint8Array, key = KEYS.secretKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'ascii'), iv);
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64');
}

describe('encryptBendData / decryptBendData', () => {
  it('round-trips unicode and uses a fresh 12-byte IV each time', () => {
    const text = JSON.stringify({ name: '张伟 🚚', note: 'a\u2028b' });
    const a = encryptBendData(text, KEYS.secretKey);
    const b = encryptBendData(text, KEYS.secretKey);
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64').length).toBe(12 + Buffer.byteLength(text) + 16);
    expect(decryptBendData(a, KEYS.secretKey)).toEqual({ ok: true, value: text });
  });

  it.each([
    ['31 chars', 'a'.repeat(31)],
    ['33 chars', 'a'.repeat(33)],
    ['a non-alphanumeric char', 'a'.repeat(31) + '-'],
    ['non-ASCII', 'é'.repeat(32)],
  ])('throws ProtocolError ERR_INVALID_KEY for a Secret Key of %s', (_label, key) => {
    expect(() => encryptBendData('{}', key)).toThrow(ProtocolError);
    expect(() => encryptBendData('{}', key)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_KEY', message: expect.stringContaining('32 chars') }),
    );
  });

  it('throws ERR_INVALID_ARGUMENT for an IV that is not 12 bytes', () => {
    expect(() => encryptBendData('{}', KEYS.secretKey, { iv: new Uint8Array(16) })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });

  const good = encryptBendData('{"a":"b"}', KEYS.secretKey);
  const raw = Buffer.from(good, 'base64');

  it.each([
    ['empty data', ''],
    ['truncated Base64', good.slice(0, -3)],
    ['Base64 without padding', good.replace(/=+$/, '')],
    ['base64url', raw.toString('base64url')],
    ['a space inside', `${good.slice(0, 8)} ${good.slice(8)}`],
    ['junk Buffer.from would skip', `${good.slice(0, 8)}!${good.slice(8)}`],
    ['fewer than iv+tag bytes', raw.subarray(0, 27).toString('base64')],
    ['exactly iv+tag bytes of zeros', Buffer.alloc(28).toString('base64')],
    ['a flipped ciphertext bit', Buffer.from(raw.map((b, i) => (i === 14 ? b ^ 1 : b))).toString('base64')],
    [
      'a flipped tag bit',
      Buffer.from(raw.map((b, i) => (i === raw.length - 1 ? b ^ 1 : b))).toString('base64'),
    ],
    ['1 MB of random data', randomBytes(1024 * 1024).toString('base64')],
    ['non-UTF-8 plaintext', sealBytes(Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]))],
    ['a lone surrogate encoded as UTF-8', sealBytes(Uint8Array.from([0xed, 0xa0, 0x80]))],
  ])('fails with the one opaque 1006 for %s', (_label, data) => {
    expect(decryptBendData(data, KEYS.secretKey)).toEqual(FAILED);
  });

  it('fails with 1006 under the wrong key', () => {
    expect(decryptBendData(good, 'Z'.repeat(32))).toEqual(FAILED);
  });

  it('fails with 1006, never throws, for a malformed stored key or non-string data', () => {
    for (const key of ['short', '', undefined, null, 42]) {
      expect(decryptBendData(good, key as string)).toEqual(FAILED);
    }
    for (const data of [undefined, null, 42, [good], { data: good }]) {
      expect(decryptBendData(data as unknown as string, KEYS.secretKey)).toEqual(FAILED);
    }
  });

  it('decrypts an empty plaintext (the object check is the verifier’s job)', () => {
    expect(decryptBendData(sealBytes(new Uint8Array(0)), KEYS.secretKey)).toEqual({ ok: true, value: '' });
  });
});
