import type { VerifyResult } from '../errors.ts';
import { isPlainObject, singleValue } from '../internal/headers.ts';
import { fail } from '../internal/result.ts';
import { checkBendFields, type BendAuthFields } from './fields.ts';

const HEADER_NAMES = { app_id: 'App-ID', timestamp: 'Timestamp', nonce: 'Nonce', sign: 'Sign' } as const;
const ENVELOPE_NAMES = ['app_id', 'nonce', 'timestamp', 'data', 'sign'] as const;

/**
 * Server side, step 1: pulls the five auth fields out of an HTTP request, whichever transport the
 * client chose. Headers transport: `App-ID`, `Timestamp`, `Nonce`, `Sign` (any case), with `data` in
 * the JSON body (POST) or the `data` query parameter (GET; absent means `""`). Envelope transport:
 * the five fields in the JSON body (POST) or the query (GET). The body may be the parsed object or
 * the raw JSON text/bytes. Fails with 1004 when fields are missing, repeated or malformed, and with
 * 4001 when plain parameters travel beside them (everything the server acts on must be signed).
 *
 * @example
 * ```ts
 * import { extractBendAuth, verifyBendRequest } from '@tradepost/protocol';
 *
 * const fields = extractBendAuth({ method: req.method, headers: req.headers, query: req.query, body: req.body });
 * if (!fields.ok) return reply.status(fields.code === 4001 ? 400 : 401).send({ code: fields.code, message: fields.message, data: null });
 * const verified = await verifyBendRequest(fields.value, { lookupApp, nonceStore });
 * ```
 */
export function extractBendAuth(req: {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | string[] | undefined>;
  body: unknown;
}): VerifyResult<BendAuthFields> {
  const input: unknown = req;
  if (input === null || typeof input !== 'object') return fail(1004, 'Missing auth header');
  const method = typeof req.method === 'string' ? req.method.toUpperCase() : '';
  const inQuery = method === 'GET' || method === 'HEAD';
  const query = isPlainObject(req.query) ? req.query : {};
  const queryNames = Object.keys(query).filter((name) => query[name] !== undefined);
  const body = parseBody(req.body);

  const fromHeaders: Record<string, string | null | undefined> = {};
  let headerSeen = false;
  for (const [field, header] of Object.entries(HEADER_NAMES)) {
    const value = singleValue(req.headers, header, true);
    if (value === null) return fail(1004, `Malformed auth header: ${header} must appear once, as a string`);
    fromHeaders[field] = value;
    if (value !== undefined) headerSeen = true;
  }

  let candidate: Record<string, unknown>;
  let extras: string[];
  if (headerSeen) {
    let data: unknown;
    if (inQuery) {
      const value = singleValue(query, 'data', false);
      if (value === null) return fail(1004, 'Malformed auth header: data must appear once, as a string');
      data = value ?? '';
      extras = queryNames.filter((name) => name !== 'data');
    } else {
      // Said as what it is: a body that is not a JSON object read as "Missing auth header: data".
      if (body === null)
        return fail(1004, 'Malformed auth header: data travels as the JSON body {"data":"…"}');
      data = body['data'];
      extras = [...queryNames, ...Object.keys(body).filter((name) => name !== 'data')];
    }
    candidate = fromHeaders; // not a copy with `data` added: ~1.3 µs a request in Node 20's V8
    candidate['data'] = data;
  } else {
    const source: Record<string, unknown> = inQuery ? query : (body ?? {});
    if (!ENVELOPE_NAMES.some((name) => source[name] !== undefined)) return fail(1004, 'Missing auth header');
    candidate = {};
    for (const name of ENVELOPE_NAMES) {
      const value = inQuery ? singleValue(source, name, false) : source[name];
      if (value === null && inQuery)
        return fail(1004, `Malformed auth header: ${name} must appear once, as a string`);
      candidate[name] = value;
    }
    if (inQuery && candidate['data'] === undefined) candidate['data'] = '';
    extras = Object.keys(source).filter((name) => !(ENVELOPE_NAMES as readonly string[]).includes(name));
    if (!inQuery) extras.push(...queryNames);
  }

  const fields = checkBendFields(candidate);
  if (!fields.ok) return fields;
  if (extras.length > 0) {
    return fail(
      4001,
      `Invalid parameters: with B-End auth every parameter travels inside the encrypted data; refused: ${nameList(extras)}`,
    );
  }
  return fields;
}

/** Names are the peer's text: echo a few, shortened, so a hostile request cannot balloon the reply. */
function nameList(names: string[]): string {
  const unique = [...new Set(names)];
  const shown = unique.slice(0, 5).map((name) => (name.length > 40 ? `${name.slice(0, 40)}…` : name));
  return unique.length > shown.length ? `${shown.join(', ')}, …` : shown.join(', ');
}

/** The parsed JSON body object, or null when there is none or it is not a JSON object. */
function parseBody(body: unknown): Record<string, unknown> | null {
  if (isPlainObject(body)) return body;
  let text: string;
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array)
    text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  else return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return isPlainObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}
