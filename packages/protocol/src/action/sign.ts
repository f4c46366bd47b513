import { ProtocolError } from '../errors.ts';
import { hmac } from '../internal/mac.ts';
import { compareParams, rfc3986 } from './encoding.ts';
import { formatActionTimestamp, parseActionTimestamp } from './timestamp.ts';

/**
 * Parameters to sign: decoded names and values, as pairs (repeats allowed) or as a record.
 *
 * @example
 * ```ts
 * import type { ActionParams } from '@tradepost/protocol';
 *
 * const params: ActionParams = { Action: 'GetCredit', UserID: 'look@me.com', Version: '1.0', Timestamp: '2015-07-01T11:11:11+00:00' };
 * ```
 */
export type ActionParams = Iterable<[string, string]> | Record<string, string>;

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

function toPairs(params: ActionParams): [string, string][] {
  if (params === null || typeof params !== 'object') {
    throw new ProtocolError('ERR_INVALID_ARGUMENT', 'Action params must be pairs or a record of strings');
  }
  const pairs: [string, string][] =
    Symbol.iterator in params
      ? Array.from(params as Iterable<[string, string]>, (pair) => [pair[0], pair[1]])
      : Object.entries(params);
  for (const [name, value] of pairs) {
    if (typeof name !== 'string' || typeof value !== 'string') {
      throw new ProtocolError('ERR_INVALID_ARGUMENT', `Action param ${String(name)} must be a string`);
    }
  }
  return pairs;
}

/** The caller's own key must be usable; the verifier checks stored keys without throwing. */
export function isActionKey(apiKey: unknown): apiKey is string {
  return typeof apiKey === 'string' && PRINTABLE_ASCII.test(apiKey);
}

/**
 * The Action API string to sign: `Signature` dropped, parameters sorted by the bytes of their
 * names (then values), each name and value RFC 3986-encoded, `name=value` joined with `&`.
 * Takes decoded values; {@link verifyActionRequest} decodes the wire query first.
 *
 * @example
 * ```ts
 * import { actionStringToSign } from '@tradepost/protocol';
 *
 * actionStringToSign({ UserID: 'look@me.com', Action: 'FeedList', Version: '1.0' });
 * // 'Action=FeedList&UserID=look%40me.com&Version=1.0'
 * ```
 */
export function actionStringToSign(params: ActionParams): string {
  return toPairs(params)
    .filter(([name]) => name !== 'Signature')
    .sort(compareParams)
    .map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`)
    .join('&');
}

/**
 * The Action API `Signature`: lowercase hex HMAC-SHA256 of {@link actionStringToSign}, keyed with the
 * API key's ASCII bytes. Throws {@link ProtocolError} if the key is empty or not printable ASCII.
 *
 * @example
 * ```ts
 * import { signAction } from '@tradepost/protocol';
 *
 * signAction(
 *   { Action: 'FeedList', Format: 'XML', Timestamp: '2015-07-01T11:11:11+00:00', UserID: 'look@me.com', Version: '1.0' },
 *   'b1bdb357ced10fe4e9a69840cdd4f0e9c03d77fe',
 * ); // '3ceb8ed91049dfc718b0d2d176fb2ed0e5fd74f76c5971f34cdab48412476041'
 * ```
 */
export function signAction(params: ActionParams, apiKey: string): string {
  if (!isActionKey(apiKey)) {
    throw new ProtocolError('ERR_INVALID_KEY', 'Action API key must be non-empty printable ASCII');
  }
  return hmac('sha256', apiKey, actionStringToSign(params)).toString('hex');
}

const COMMON = ['Action', 'UserID', 'Version', 'Timestamp', 'Format', 'Signature'];

/**
 * Client side: a complete, signed Action API query string (no leading `?`), RFC 3986-encoded in
 * signing order with `Signature` last. `timestamp` defaults to now; a string is sent as given.
 * `Format` is only sent when asked for (the server's default is JSON); `version` defaults to `1.0`.
 *
 * @example
 * ```ts
 * import { buildActionQuery } from '@tradepost/protocol';
 *
 * const qs = buildActionQuery({ action: 'GetProducts', userId: 'look@me.com', apiKey, params: { Page: '1', PageSize: '20' } });
 * const res = await fetch(`${baseUrl}/api/action?${qs}`);
 * ```
 */
export function buildActionQuery(opts: {
  action: string;
  userId: string;
  apiKey: string;
  params?: Record<string, string>;
  format?: 'JSON' | 'XML';
  version?: string;
  timestamp?: Date | string;
}): string {
  for (const [what, value] of [
    ['action', opts.action],
    ['userId', opts.userId],
  ] as const) {
    if (typeof value !== 'string' || value === '') {
      throw new ProtocolError('ERR_INVALID_ARGUMENT', `Action ${what} must be a non-empty string`);
    }
  }
  const timestamp = opts.timestamp ?? new Date();
  let stamp: string;
  if (timestamp instanceof Date) {
    if (Number.isNaN(timestamp.getTime()))
      throw new ProtocolError('ERR_INVALID_ARGUMENT', 'Action timestamp is an invalid Date');
    stamp = formatActionTimestamp(timestamp);
  } else if (parseActionTimestamp(timestamp) !== null) {
    stamp = timestamp;
  } else {
    throw new ProtocolError(
      'ERR_INVALID_ARGUMENT',
      `Action timestamp ${JSON.stringify(timestamp)} is not ISO 8601 with an offset`,
    );
  }
  const params: Record<string, string> = {
    Action: opts.action,
    UserID: opts.userId,
    Version: opts.version ?? '1.0',
    Timestamp: stamp,
  };
  if (opts.format !== undefined) params['Format'] = opts.format;
  for (const [name, value] of toPairs(opts.params ?? {})) {
    if (COMMON.includes(name)) {
      throw new ProtocolError(
        'ERR_INVALID_ARGUMENT',
        `Action param ${name} is set by buildActionQuery itself`,
      );
    }
    params[name] = value;
  }
  const signature = signAction(params, opts.apiKey);
  return `${actionStringToSign(params)}&Signature=${signature}`;
}
