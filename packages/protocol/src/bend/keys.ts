import { ProtocolError } from '../errors.ts';

const BEND_KEY = /^[A-Za-z0-9]{32}$/;

/**
 * True when `key` has the form of a B-End Secret Key or Sign Key: 32 chars from `[A-Za-z0-9]`
 * (used as its 32 ASCII bytes).
 *
 * @example
 * ```ts
 * import { isBendKey } from '@tradepost/protocol';
 *
 * if (!isBendKey(process.env.TRADEPOST_SIGN_KEY)) throw new Error('TRADEPOST_SIGN_KEY: 32 chars [A-Za-z0-9]');
 * ```
 */
export function isBendKey(key: unknown): key is string {
  return typeof key === 'string' && BEND_KEY.test(key);
}

/** Signers and builders refuse a malformed key loudly: it is the caller's bug, not the peer's. */
export function assertBendKey(key: unknown, name: 'Secret Key' | 'Sign Key'): asserts key is string {
  if (!isBendKey(key)) {
    throw new ProtocolError('ERR_INVALID_KEY', `B-End ${name} must be exactly 32 chars from [A-Za-z0-9]`);
  }
}

/**
 * Credentials of one App: the AES-256 Secret Key and the HMAC-SHA256 Sign Key, 32 chars each.
 *
 * @example
 * ```ts
 * import type { BendKeys } from '@tradepost/protocol';
 *
 * const keys: BendKeys = { secretKey: process.env.TP_SECRET_KEY!, signKey: process.env.TP_SIGN_KEY! };
 * ```
 */
export interface BendKeys {
  secretKey: string;
  signKey: string;
}
