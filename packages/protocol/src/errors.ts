/**
 * Why a {@link ProtocolError} was thrown. Stable strings: tests and callers branch on them.
 *
 * - `ERR_INVALID_KEY`: a key (Secret Key, Sign Key, API key, WallTech secret) has the wrong form.
 * - `ERR_INVALID_ARGUMENT`: any other argument a signer or builder cannot use.
 *
 * @example
 * ```ts
 * import type { ProtocolErrorCode } from '@tradepost/protocol';
 *
 * const isKeyProblem = (code: ProtocolErrorCode) => code === 'ERR_INVALID_KEY';
 * ```
 */
export type ProtocolErrorCode = 'ERR_INVALID_KEY' | 'ERR_INVALID_ARGUMENT';

/**
 * Thrown only for caller misuse (a malformed key, an unusable argument) by signers and builders.
 * Verifiers never throw it for anything a peer sent: they return a failed {@link VerifyResult}.
 *
 * @example
 * ```ts
 * import { ProtocolError, signBend } from '@tradepost/protocol';
 *
 * try {
 *   signBend({ app_id, data, nonce, timestamp }, 'too-short');
 * } catch (err) {
 *   if (err instanceof ProtocolError && err.code === 'ERR_INVALID_KEY') console.error(err.message);
 * }
 * ```
 */
export class ProtocolError extends Error {
  readonly code: ProtocolErrorCode;

  constructor(code: ProtocolErrorCode, message: string) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
  }
}

/**
 * The outcome of every verifier: a value, or the spec's numeric code with its message.
 *
 * @example
 * ```ts
 * import { decryptBendData, type VerifyResult } from '@tradepost/protocol';
 *
 * const r: VerifyResult<string> = decryptBendData(data, secretKey);
 * if (!r.ok) reply.send({ code: r.code, message: r.message, data: null });
 * ```
 */
export type VerifyResult<T> = { ok: true; value: T } | { ok: false; code: number; message: string };
