/**
 * Options of `new Tradepost(...)`.
 *
 * @example
 * ```ts
 * const options: ClientOptions = {
 *   baseUrl: 'https://tradepost.example.com/api/v1',
 *   appId: process.env.TRADEPOST_APP_ID!, secretKey: process.env.TRADEPOST_SECRET_KEY!,
 *   signKey: process.env.TRADEPOST_SIGN_KEY!, timeout: 10_000, maxRetries: 3,
 * };
 * ```
 */
export interface ClientOptions {
  /** The B-End base URL including `/api/v1`, e.g. `http://localhost:8080/api/v1`. */
  baseUrl: string;
  /** `app_` + 24 lowercase hex chars. */
  appId: string;
  /** 32 chars `[A-Za-z0-9]`: the AES-256-GCM key. */
  secretKey: string;
  /** 32 chars `[A-Za-z0-9]`: the HMAC-SHA256 key. */
  signKey: string;
  /** Milliseconds per attempt before it is aborted (default 30 000). */
  timeout?: number;
  /** Retries after the first attempt for retryable calls (default 2). */
  maxRetries?: number;
  /** A `fetch` implementation (default the global one): for proxies, instrumentation, tests. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** How auth fields travel (default `headers`, as the spec recommends for SDKs). */
  transport?: 'headers' | 'envelope';
  /**
   * A signed response whose timestamp is further than this from local time is refused, so an old
   * answer cannot be replayed to a new request (default 300, the server's own request window).
   */
  responseWindowSeconds?: number;
}

/**
 * `RequestOptions`: per-call options, the last argument of every method.
 *
 * @example
 * ```ts
 * const ac = new AbortController();
 * const credit = await client.credit.retrieve({ timeout: 5_000, maxRetries: 0, signal: ac.signal });
 * ```
 */
export interface RequestOptions {
  /** Milliseconds per attempt; overrides the client's `timeout`. */
  timeout?: number;
  /** Overrides the client's `maxRetries` (ignored for calls that are never retried). */
  maxRetries?: number;
  /** Aborts the call (and any pending retry); rejects with UserAbortError. */
  signal?: AbortSignal;
}
