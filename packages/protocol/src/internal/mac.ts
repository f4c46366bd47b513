import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmac(algorithm: 'sha1' | 'sha256', key: string, message: string): Buffer {
  return createHmac(algorithm, Buffer.from(key, 'utf8')).update(message, 'utf8').digest();
}

/**
 * Constant-time equality of two MACs: true only for the same bytes, same length. A prefix, a
 * longer value or an empty one is false (test/internal/mac.test.ts pins each); each door also
 * checks the received length itself. A length mismatch still runs one comparison so the early
 * exit does not stand out; lengths of MACs are public anyway.
 */
export function macEqual(expected: Uint8Array, received: Uint8Array): boolean {
  if (expected.length !== received.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(expected, received);
}

const HEX = /^[0-9a-fA-F]+$/;

/** Hex text to bytes, or null when it is not whole hex bytes. */
export function decodeHex(text: string): Buffer | null {
  return text.length % 2 === 0 && HEX.test(text) ? Buffer.from(text, 'hex') : null;
}
