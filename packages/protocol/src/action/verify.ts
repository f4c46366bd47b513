import { decodeHex, hmac, macEqual } from '../internal/mac.ts';
import { actionError, type ActionError } from './errors.ts';
import { compareNames, decodeQuery, formEncode, rfc3986 } from './encoding.ts';
import { isActionKey } from './sign.ts';
import { parseActionTimestamp } from './timestamp.ts';

/**
 * The result of {@link verifyActionRequest}. A failure carries what the error envelope needs:
 * the `Action` if one was sent (for `RequestAction`) and the response `format`.
 *
 * @example
 * ```ts
 * import type { ActionVerifyResult } from '@tradepost/protocol';
 *
 * function head(r: ActionVerifyResult<{ apiKey: string }>) {
 *   return r.ok ? r.value.action : r.action ?? '';
 * }
 * ```
 */
export type ActionVerifyResult<K> =
  | { ok: true; value: { key: K; action: string; format: 'JSON' | 'XML'; params: Record<string, string> } }
  | { ok: false; error: ActionError; action?: string; format: 'JSON' | 'XML' };

const REQUIRED = ['Action', 'UserID', 'Version', 'Timestamp', 'Signature'] as const;
// Stands in for an unknown user's key so that answer costs the same HMAC as a wrong signature.
const DUMMY_KEY = '0000000000000000000000000000000000000000';
const SHA256_BYTES = 32;

/**
 * Server side: verifies an Action API request from its raw query string (as received, with or
 * without `?`), in the convention's order: E005 undecodable query or a repeated `Signature`, E001 a
 * mandatory parameter missing or empty, E002 `Version` not `1.0`, E004 unparseable `Timestamp`,
 * E003 `Timestamp` more than `windowSeconds` (default 300) from `now`, E007 unknown user, no key or
 * signature mismatch (one answer, so user IDs cannot be probed), E005 `Format` other than JSON/XML.
 * `Action` names are not checked here (the router answers E008). `params` holds every decoded
 * parameter but `Signature`; a repeated parameter counts with its last value. Never throws for
 * anything the peer sent.
 *
 * The signature is accepted over any of the strings clients in the wild sign (action-api.md,
 * "Clients in the wild"): the parameters RFC 3986- or form-encoded, and, when a name repeats, over
 * every pair as sent as well as over the last-value-wins set. Each of these strings covers every
 * value the server acts on, so none lets a signed request say something other than what was signed.
 *
 * @example
 * ```ts
 * import { verifyActionRequest } from '@tradepost/protocol';
 *
 * const rawQuery = req.raw.url!.split('?')[1] ?? '';
 * const r = await verifyActionRequest(rawQuery, { lookupKey: (userId) => apiKeys.lookup(userId) });
 * if (!r.ok) return sendActionError(r.format, r.action, r.error); // e.g. { errorCode: 7, message: 'E007: …' }
 * ```
 */
export async function verifyActionRequest<K extends { apiKey: string }>(
  rawQuery: string,
  opts: { lookupKey(userId: string): Promise<K | null>; windowSeconds?: number; now?: Date },
): Promise<ActionVerifyResult<K>> {
  const pairs = typeof rawQuery === 'string' ? decodeQuery(rawQuery) : null;
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  let repeated = false;
  let signatures = 0;
  for (const [name, value] of pairs ?? []) {
    if (Object.prototype.hasOwnProperty.call(params, name)) repeated = true;
    if (name === 'Signature') signatures++;
    params[name] = value;
  }
  const action = params['Action'] || undefined;
  const formatParam = params['Format'];
  const format = formatParam?.toUpperCase() === 'XML' ? 'XML' : 'JSON';
  const failure = (error: ActionError): ActionVerifyResult<K> =>
    action === undefined ? { ok: false, error, format } : { ok: false, error, action, format };

  // Two signatures would make "the" signature ambiguous.
  if (pairs === null || signatures > 1) return failure(actionError('E005'));
  for (const name of REQUIRED) {
    if (!params[name]) return failure(actionError('E001', name));
  }
  if (params['Version'] !== '1.0') return failure(actionError('E002'));
  const timestamp = parseActionTimestamp(params['Timestamp'] as string);
  if (timestamp === null) return failure(actionError('E004'));
  const windowMs = (opts.windowSeconds ?? 300) * 1000;
  const now = (opts.now ?? new Date()).getTime();
  if (!(Math.abs(now - timestamp.getTime()) <= windowMs)) return failure(actionError('E003'));

  const key = await opts.lookupKey(params['UserID'] as string);
  const usable = key !== null && typeof key === 'object' && isActionKey(key.apiKey);
  // The length is checked here, at the door, not only inside macEqual: a truncated or over-long
  // Signature is a mismatch whatever the compare does with it.
  const received = decodeHex(params['Signature'] as string);
  const wellFormed = received !== null && received.length === SHA256_BYTES;
  let matched = false;
  // Every candidate is computed and compared, so the time taken says nothing about which matched.
  for (const message of stringsToSign(pairs, repeated ? params : null)) {
    const expected = hmac('sha256', usable ? key.apiKey : DUMMY_KEY, message);
    if (macEqual(expected, wellFormed ? received : Buffer.alloc(0))) matched = true;
  }
  if (!matched || !wellFormed || !usable) return failure(actionError('E007'));

  if (formatParam !== undefined && format === 'JSON' && formatParam.toUpperCase() !== 'JSON') {
    return failure(actionError('E005'));
  }
  const rest: Record<string, string> = { ...params };
  delete rest['Signature'];
  return { ok: true, value: { key, action: action as string, format, params: rest } };
}

/**
 * The strings a client may have signed for these pairs: the pairs as sent (sorted by name; a
 * repeated name keeps its values in the order sent, so reordering them on the wire, which would
 * change the value acted on, breaks the signature) and, when a name repeats, the last-value-wins
 * set; each encoded the RFC 3986 way and the form way. Duplicates dropped.
 */
function stringsToSign(pairs: [string, string][], lastWins: Record<string, string> | null): Set<string> {
  const sets: [string, string][][] = [pairs];
  if (lastWins !== null) sets.push(Object.entries(lastWins));
  const out = new Set<string>();
  for (const set of sets) {
    const signed = set.filter(([name]) => name !== 'Signature');
    const ordered = signed.sort(compareNames);
    for (const encode of [rfc3986, formEncode]) {
      out.add(ordered.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&'));
    }
  }
  return out;
}
