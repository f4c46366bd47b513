import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encryption at rest under the server's 32-byte master key: AES-256-GCM, fresh 12-byte IV.
 * Sealed form: `v1.` + base64url(iv || ciphertext || tag). The version prefix lets a later key
 * or algorithm change coexist with rows sealed under v1. The optional `context` is bound as
 * AAD so a sealed value cannot be copied into another row or column and still open.
 */
const VERSION = 'v1';

/** A master key as written in master.key or TRADEPOST_MASTER_KEY: 64 hex characters (32 bytes). */
export const MASTER_KEY_HEX = /^[0-9a-f]{64}$/i;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretBox {
  seal(plaintext: string, context?: string): string;
  /** Throws on a wrong key, wrong context, tampering or unknown version. */
  open(sealed: string, context?: string): string;
}

export function createSecretBox(masterKey: Buffer): SecretBox {
  if (masterKey.length !== 32) throw new RangeError('master key must be 32 bytes');
  const key = Buffer.from(masterKey);
  return {
    seal(plaintext, context = '') {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64url')}`;
    },
    open(sealed, context = '') {
      const dot = sealed.indexOf('.');
      if (dot < 0 || sealed.slice(0, dot) !== VERSION) throw new Error('unknown sealed format');
      const raw = Buffer.from(sealed.slice(dot + 1), 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value too short');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      const pt = Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return pt.toString('utf8');
    },
  };
}
