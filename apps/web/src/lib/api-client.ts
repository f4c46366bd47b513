/**
 * The one fetch client of the web app. Every API hook calls `portal()` or `admin()` with an
 * endpoint object from @tradepost/web-contract, so paths, bodies and answers are typed from the
 * one definition the server registers its routes from.
 * - Same-origin cookies: the session cookie is HttpOnly; the browser sends it, we never read it.
 * - The CSRF token (from the session answer, kept in memory only) rides on every state change.
 * - Every failure becomes an `ApiError` with the HTTP status and the server's stable `code`, which
 *   the UI turns into words through i18n (`errors.<code>`), never a raw status line.
 */
import {
  ADMIN_API_PREFIX,
  CSRF_HEADER,
  PORTAL_API_PREFIX,
  isApiErrorBody,
  pathOf,
  type BodyOf,
  type Endpoint,
  type QueryOf,
  type ResponseOf,
} from '@tradepost/web-contract';

export type Area = 'portal' | 'admin';
export const PREFIX: Record<Area, string> = { portal: PORTAL_API_PREFIX, admin: ADMIN_API_PREFIX };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The server's stable error code (`unauthenticated`, `csrf_failed`, `rate_limited`, …). */
    readonly code: string,
    message: string,
    /** Seconds to wait, from Retry-After on 429. */
    readonly retryAfter?: number,
    /** Per-field (`shipping_address.city`) or per-line (`line 7`) problems the server reported. */
    readonly fields?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Whether the same request may succeed when sent again: the network or the server failed, or it
 * was throttled. A refusal of the request itself (a 400 for a filter, a 404) would fail again.
 */
export function mayRetry(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

// One CSRF token per area (separate sessions, separate cookies). Memory only: never in storage.
const csrfTokens: Partial<Record<Area, string>> = {};
export function setCsrfToken(area: Area, token: string | undefined): void {
  if (token) csrfTokens[area] = token;
  else delete csrfTokens[area];
}

type Listener = (area: Area, err: ApiError) => void;
const unauthorizedListeners = new Set<Listener>();
/** The app shell listens here to send a signed-out person to the sign-in page. */
export function onUnauthorized(fn: Listener): () => void {
  unauthorizedListeners.add(fn);
  return () => void unauthorizedListeners.delete(fn);
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

export interface CallOptions<E> {
  params?: Record<string, string>;
  query?: QueryOf<E>;
  body?: BodyOf<E>;
  signal?: AbortSignal;
}

/** The URL of an endpoint (downloads such as the CSV export are plain links). */
export function urlOf<E extends Endpoint>(
  area: Area,
  endpoint: E,
  opts: Pick<CallOptions<E>, 'params' | 'query'> = {},
): string {
  return withQuery(PREFIX[area] + pathOf(endpoint, opts.params), opts.query as Query | undefined);
}

export async function call<E extends Endpoint>(
  area: Area,
  endpoint: E,
  opts: CallOptions<E> = {},
): Promise<ResponseOf<E>> {
  const method = endpoint.method;
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | undefined;
  if (method !== 'GET') {
    // Every state change is JSON (the server refuses other media types), even an empty one.
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body ?? {});
    const token = csrfTokens[area];
    if (token) headers[CSRF_HEADER] = token;
  }
  let res: Response;
  try {
    res = await fetch(urlOf(area, endpoint, opts), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server could not be reached');
  }
  if (res.status === 204) return undefined as ResponseOf<E>;
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // A proxy's HTML error page: keep the status.
  }
  if (!res.ok) {
    const err = toApiError(res, json);
    if (err.status === 401) for (const fn of unauthorizedListeners) fn(area, err);
    throw err;
  }
  return json as ResponseOf<E>;
}

function toApiError(res: Response, json: unknown): ApiError {
  const retry = Number(res.headers.get('retry-after'));
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : undefined;
  if (isApiErrorBody(json)) {
    const { code, message, fields } = json.error;
    return new ApiError(res.status, code, message, retryAfter, fields);
  }
  return new ApiError(res.status, res.status >= 500 ? 'internal' : 'unknown', res.statusText, retryAfter);
}
