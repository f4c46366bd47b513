import { buildBendRequest, verifyBendResponse, type BendKeys } from '@tradepost/protocol';
import {
  ConnectionError,
  ConnectionTimeoutError,
  SignatureVerificationError,
  UserAbortError,
  errorFromResponse,
  type TradepostError,
} from '../errors.ts';
import type { ClientOptions, RequestOptions } from '../options.ts';
import type { StandardResponse } from '../types.ts';
import { isRetryableStatus, retryDelayMs, sleep } from './retry.ts';

export type FetchLike = NonNullable<ClientOptions['fetch']>;

export interface TransportConfig {
  baseUrl: string;
  appId: string;
  keys: BendKeys;
  fetch: FetchLike;
  timeout: number;
  maxRetries: number;
  transport: 'headers' | 'envelope';
  responseWindowSeconds: number;
}

export interface Call<T> {
  method: 'GET' | 'POST';
  /** Path below the base URL, parameters already URL-encoded. */
  path: string;
  params?: Record<string, unknown> | undefined;
  /**
   * Whether repeating the call cannot do anything twice: reads, and writes carrying the
   * caller's idempotency key (merchant_order_no / merchant_batch_no).
   */
  retryable: boolean;
  /**
   * Called when a retry of this call answers 2002: the earlier attempt most likely went through,
   * so the duplicate is our own and this resolves to what it created.
   */
  recoverDuplicate?: (err: TradepostError) => Promise<T>;
}

interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** Plain (unencrypted) bodies are only legitimate for the failures before authentication. */
const PLAIN_CODES = new Set([1001, 1002, 1003, 1004, 1005, 1006, 1007]);

/**
 * Sends one B-End call: builds a freshly signed request per attempt (new nonce, timestamp and IV,
 * so a retry is never a replay), retries what is safe to retry, verifies and decrypts the answer,
 * and turns every non-zero code into a TradepostError.
 */
export class Transport {
  constructor(private readonly config: TransportConfig) {}

  async call<T>(call: Call<T>, options: RequestOptions = {}): Promise<T> {
    const maxRetries = call.retryable ? Math.max(0, options.maxRetries ?? this.config.maxRetries) : 0;
    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < maxRetries;
      let answer: RawAnswer;
      try {
        answer = await this.send(call, options);
      } catch (err) {
        if (err instanceof ConnectionError && canRetry) {
          await this.pause(retryDelayMs(attempt), options.signal);
          continue;
        }
        throw err;
      }
      if (isRetryableStatus(answer.status) && canRetry) {
        await this.pause(retryDelayMs(attempt, answer.headers), options.signal);
        continue;
      }
      const { payload, requestId } = this.open(answer);
      if (payload.code === 0) return payload.data as T;
      const error = errorFromResponse({
        code: payload.code,
        message: payload.message,
        status: answer.status,
        data: payload.data,
        requestId,
      });
      if (error.code === 2002 && attempt > 0 && call.recoverDuplicate) return call.recoverDuplicate(error);
      throw error;
    }
  }

  private async pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch (reason) {
      throw new UserAbortError({ code: null, message: 'Request aborted by the caller', cause: reason });
    }
  }

  /** One attempt; network failures and timeouts become ConnectionError, the caller's abort UserAbortError. */
  private async send(call: Call<unknown>, options: RequestOptions): Promise<RawAnswer> {
    const { config } = this;
    const built = buildBendRequest({
      appId: config.appId,
      keys: config.keys,
      method: call.method,
      ...(call.params && Object.keys(call.params).length > 0 ? { params: call.params } : {}),
      transport: config.transport,
    });
    const query = new URLSearchParams(built.query).toString();
    const url = `${config.baseUrl}${call.path}${query ? `?${query}` : ''}`;
    const headers: Record<string, string> = { Accept: 'application/json', ...built.headers };
    if (built.body !== undefined) headers['Content-Type'] = 'application/json';

    const userSignal = options.signal;
    if (userSignal?.aborted) {
      throw new UserAbortError({
        code: null,
        message: 'Request aborted by the caller',
        cause: userSignal.reason,
      });
    }
    const controller = new AbortController();
    const onUserAbort = () => controller.abort(userSignal?.reason);
    userSignal?.addEventListener('abort', onUserAbort, { once: true });
    const timeout = options.timeout ?? config.timeout;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout);
    try {
      const init: RequestInit = { method: call.method, headers, signal: controller.signal };
      if (built.body !== undefined) init.body = built.body;
      const response = await config.fetch(url, init);
      // The body is read inside the timeout too: a server that stalls mid-body is no answer.
      const text = await response.text();
      return { status: response.status, headers: response.headers, text };
    } catch (err) {
      if (userSignal?.aborted) {
        throw new UserAbortError({ code: null, message: 'Request aborted by the caller', cause: err });
      }
      if (timedOut) {
        throw new ConnectionTimeoutError({
          code: null,
          message: `Request timed out after ${timeout} ms`,
          cause: err,
        });
      }
      throw new ConnectionError({ code: null, message: `Connection error: ${describe(err)}`, cause: err });
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', onUserAbort);
    }
  }

  /**
   * Verifies and decrypts an answer. Nothing of an unverified body is believed except the
   * pre-authentication failures, which the spec sends in plain JSON (and which can only ever make
   * the call fail, never succeed).
   */
  private open(answer: RawAnswer): { payload: StandardResponse; requestId: string | undefined } {
    const { config } = this;
    const status = answer.status;
    const headerId = answer.headers.get('x-request-id') ?? answer.headers.get('request-id') ?? undefined;
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      body = undefined;
    }
    const record = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
    const refuse = (code: number, message: string): never => {
      throw new SignatureVerificationError({ code, message, status, requestId: headerId });
    };

    if (record && 'sign' in record) {
      const requestId = headerId ?? (typeof record['nonce'] === 'string' ? record['nonce'] : undefined);
      if (record['app_id'] !== config.appId) refuse(1001, 'Refused a response addressed to another App');
      const verified = verifyBendResponse(record, { appId: config.appId, keys: config.keys });
      if (!verified.ok)
        refuse(verified.code, `Refused a response that failed verification: ${verified.message}`);
      else {
        // A valid but old envelope could be an attacker replaying an earlier answer.
        const age = Math.abs(Date.now() / 1000 - Number(record['timestamp']));
        if (!(age <= config.responseWindowSeconds)) {
          refuse(1005, `Refused a response whose timestamp is ${Math.round(age)} s from local time`);
        }
        const payload = verified.value;
        if (typeof payload.code !== 'number' || typeof payload.message !== 'string') {
          refuse(1006, 'Refused a response whose decrypted body is not a standard response');
        }
        return { payload, requestId };
      }
    }
    if (record && typeof record['code'] === 'number' && PLAIN_CODES.has(record['code'])) {
      const message = typeof record['message'] === 'string' ? record['message'] : 'Authentication failed';
      throw errorFromResponse({ code: record['code'], message, status, data: null, requestId: headerId });
    }
    // The unverified text is quoted for diagnosis only (a wrong baseUrl shows up here), never used.
    const said = answer.text.length > 0 ? `; it said: ${answer.text.slice(0, 200)}` : '';
    return refuse(
      1001,
      `Refused an unsigned response (HTTP ${status}): only pre-authentication failures (1001-1007) may be unsigned${said}`,
    );
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}
