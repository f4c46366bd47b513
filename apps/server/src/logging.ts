/**
 * The server's logger configuration: what a log line may hold. The Action API and WallTech sign no
 * nonce, so a logged `Signature` (or `Authorization`) replays as a valid request for the whole
 * timestamp window; the e-mail in `UserID` is personal data; B-End `sign`/`data`, session cookies,
 * CSRF tokens and bodies are secrets or customer data. None of them may reach a log line, at any
 * level.
 *
 * Three layers: the request serializer writes only method, path, the names of the query's
 * parameters with the values of a short allowlist (paging, format, action: what helps read a log),
 * and the peer's address — never headers or bodies; pino's `redact` censors the known secret fields
 * wherever else something logs an object that holds them; and any URL quoted in a message or an
 * error's text loses its query values the same way (`scrubUrls`).
 */
import type { FastifyBaseLogger, FastifyRequest, FastifyServerOptions } from 'fastify';

export const REDACTED = '[redacted]';

/** Query parameters whose values are worth logging and hold nothing secret or personal. */
const LOGGED_VALUES = new Set([
  'Action',
  'Format',
  'Version',
  'Timestamp',
  'Page',
  'PageSize',
  'Limit',
  'Offset',
  'page',
  'page_size',
  'limit',
  'offset',
  'status',
  'Status',
  'type',
  'Type',
]);

/** A path segment that holds an e-mail address (as typed, or %-escaped): nobody's id looks so. */
const EMAIL_SEGMENT = /@|%40/i;

/** The path as it may be logged: a segment holding an e-mail address (`/merchants/a@b.c`) redacted. */
function loggablePath(path: string): string {
  if (!EMAIL_SEGMENT.test(path)) return path;
  return path
    .split('/')
    .map((segment) => (EMAIL_SEGMENT.test(segment) ? REDACTED : segment))
    .join('/');
}

/**
 * A request URL as it may be logged: the path as it is but for a segment holding an e-mail address,
 * each query parameter's value replaced by `[redacted]` unless its name is on the allowlist (so
 * `Signature`, `UserID`, `sign`, `data`, `token` and anything nobody thought of stay out).
 */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return loggablePath(url);
  const query = url
    .slice(q + 1)
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq === -1 ? part : part.slice(0, eq);
      if (LOGGED_VALUES.has(name)) return part;
      // Even a name could carry data (`?someone@example.com`): only plain identifiers are shown.
      return `${/^[\w.-]{1,40}$/.test(name) ? name : REDACTED}=${REDACTED}`;
    })
    .join('&');
  return `${loggablePath(url.slice(0, q))}?${query}`;
}

/** What the per-request log lines say about the request: no headers, no body, no secret query values. */
function requestSerializer(req: FastifyRequest | Record<string, unknown>): Record<string, unknown> {
  const r = req as Partial<FastifyRequest> & { socket?: { remoteAddress?: string; remotePort?: number } };
  return {
    method: r.method,
    url: typeof r.url === 'string' ? loggableUrl(r.url) : undefined,
    remoteAddress: r.ip ?? r.socket?.remoteAddress,
    remotePort: r.socket?.remotePort,
  };
}

/**
 * Fields censored wherever they appear in a logged object (one and two levels down, and inside
 * `req`/`res`/`err`): credentials, signatures, tokens, e-mail addresses, passwords and bodies.
 */
const SECRET_FIELDS = [
  'authorization',
  'Authorization',
  'cookie',
  'set-cookie',
  'x-csrf-token',
  'sign',
  'Sign',
  'signature',
  'Signature',
  'data',
  'token',
  'secret',
  'secret_key',
  'secretKey',
  'sign_key',
  'signKey',
  'api_key',
  'apiKey',
  'password',
  'current_password',
  'new_password',
  'email',
  'UserID',
  'user_id',
  'body',
  'payload',
  'query',
  'headers',
];

export const REDACT_PATHS = SECRET_FIELDS.flatMap((f) => {
  const plain = /^[A-Za-z_$][\w$]*$/.test(f);
  const child = plain ? `.${f}` : `["${f}"]`;
  return [...(plain ? [f] : []), `*${child}`, `*.*${child}`];
});

/** A path, with its query if any, inside free text: Fastify's own messages name the request's (`… in "/x?a=1"`). */
const URL_IN_TEXT = /\/[^\s"'<>?]*(?:\?[^\s"'<>]*)?/g;

/** `text` with every URL in it redacted as `loggableUrl` does. */
export function scrubUrls(text: string): string {
  return text.includes('?') || EMAIL_SEGMENT.test(text) ? text.replace(URL_IN_TEXT, loggableUrl) : text;
}

/** The error as logged: its message and stack scrubbed, the thrown object itself untouched. */
function scrubbedError(e: Error): Error {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(e) as object) as Error, e);
  Object.defineProperty(copy, 'message', { value: scrubUrls(e.message), enumerable: false, writable: true });
  Object.defineProperty(copy, 'stack', {
    value: e.stack && scrubUrls(e.stack),
    enumerable: false,
    writable: true,
  });
  return copy;
}

/**
 * The third layer, for text: a line's message, and an error's message and stack, lose the query
 * values of any URL they quote. Runs only for lines that are written (at or above the level).
 */
function scrubLogArgs(this: unknown, args: unknown[], method: (...a: unknown[]) => void): void {
  const scrubbed = args.map((a) => {
    if (typeof a === 'string') return scrubUrls(a);
    if (a instanceof Error) return scrubbedError(a);
    if (typeof a === 'object' && a !== null && (a as { err?: unknown }).err instanceof Error)
      return { ...a, err: scrubbedError((a as { err: Error }).err) };
    return a;
  });
  method.apply(this, scrubbed);
}

/** The logger options of a server at `level` (pino, as Fastify takes them). */
export function loggerOptions(level: string): Record<string, unknown> {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { req: requestSerializer },
    hooks: { logMethod: scrubLogArgs },
  };
}

type LevelFn = (...args: unknown[]) => void;

/** The per-request logger below: one object per request, its methods on the prototype. */
class LazyChild {
  #child: FastifyBaseLogger | undefined;
  constructor(
    private readonly parent: FastifyBaseLogger & { isLevelEnabled?(level: string): boolean },
    private readonly bindings: Record<string, unknown>,
  ) {}
  #real(): FastifyBaseLogger {
    return (this.#child ??= this.parent.child(this.bindings, {}));
  }
  #write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', args: unknown[]): void {
    // Below the parent's level the child would drop the line too: do not build it for that.
    if (this.#child === undefined && this.parent.isLevelEnabled?.(level) === false) return;
    (this.#real()[level] as LevelFn)(...args);
  }
  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }
  set level(value: string) {
    this.#real().level = value;
  }
  fatal(...args: unknown[]): void {
    this.#write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#write('error', args);
  }
  warn(...args: unknown[]): void {
    this.#write('warn', args);
  }
  info(...args: unknown[]): void {
    this.#write('info', args);
  }
  debug(...args: unknown[]): void {
    this.#write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#write('trace', args);
  }
  silent(): void {}
  child(...args: Parameters<FastifyBaseLogger['child']>): FastifyBaseLogger {
    return this.#real().child(...args);
  }
}

/**
 * Fastify's per-request logger, built on the first line it writes. A pino child of a logger with
 * `redact` runs its bindings through the redactor: ~15 µs per request, and at the usual `warn`
 * level almost no request writes a line. Lines below the parent's level are dropped without
 * building it, as the child would drop them. A route-level option (log level, serializers) gets
 * its child at once.
 */
export const lazyChildLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = (
  logger,
  bindings,
  opts,
) =>
  Object.keys(opts).length > 0
    ? logger.child(bindings, opts)
    : (new LazyChild(logger, bindings) as unknown as FastifyBaseLogger);
