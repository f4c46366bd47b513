import type { VerifyResult } from '../errors.ts';
import { fail, ok } from '../internal/result.ts';

/**
 * The five B-End auth fields, as they travel in headers or in the envelope.
 *
 * @example
 * ```ts
 * import type { BendAuthFields } from '@tradepost/protocol';
 *
 * const envelope: BendAuthFields = JSON.parse(responseText);
 * ```
 */
export interface BendAuthFields {
  app_id: string;
  nonce: string;
  timestamp: string;
  data: string;
  sign: string;
}

export const APP_ID = /^app_[0-9a-f]{24}$/;

/**
 * True when `value` has the form of a B-End App ID: `app_` followed by 24 lowercase hex chars.
 * Says nothing about whether such an App exists.
 *
 * @example
 * ```ts
 * import { isBendAppId } from '@tradepost/protocol';
 *
 * isBendAppId('app_0123456789abcdef01234567'); // true
 * isBendAppId('app_0123456789ABCDEF01234567'); // false: upper-case hex
 * ```
 */
export function isBendAppId(value: unknown): value is string {
  return typeof value === 'string' && APP_ID.test(value);
}
export const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
// Seconds, no sign, no leading zeros; 15 digits keeps it a safe integer.
export const TIMESTAMP = /^(?:0|[1-9][0-9]{0,14})$/;
export const SIGN = /^[0-9a-fA-F]{64}$/;

const RULES: readonly [keyof BendAuthFields, RegExp | null, string][] = [
  ['app_id', APP_ID, "'app_' + 24 lowercase hex chars"],
  ['nonce', NONCE, '16-64 chars from [A-Za-z0-9_-]'],
  ['timestamp', TIMESTAMP, 'Unix time in seconds, decimal digits'],
  ['data', null, 'a string'],
  ['sign', SIGN, '64 hex chars'],
];

/** Step 1 of the verification order: every field present, a string, and of its form (1004). */
export function checkBendFields(input: unknown): VerifyResult<BendAuthFields> {
  if (input === null || typeof input !== 'object') return fail(1004, 'Missing auth header');
  const record = input as Record<string, unknown>;
  for (const [name, pattern, form] of RULES) {
    const value = record[name];
    if (value === undefined || value === null || value === '') {
      if (name === 'data' && value === '') continue;
      return fail(1004, `Missing auth header: ${name}`);
    }
    if (typeof value !== 'string' || (pattern !== null && !pattern.test(value))) {
      return fail(1004, `Malformed auth header: ${name} must be ${form}`);
    }
  }
  return ok({
    app_id: record['app_id'] as string,
    nonce: record['nonce'] as string,
    timestamp: record['timestamp'] as string,
    data: record['data'] as string,
    sign: record['sign'] as string,
  });
}
