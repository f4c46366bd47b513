import { isBendAppId, isBendKey } from '@tradepost/protocol';
import { Transport } from './internal/transport.ts';
import type { ClientOptions, RequestOptions } from './options.ts';
import { BatchOrders } from './resources/batch-orders.ts';
import { CreditResource } from './resources/credit.ts';
import { Orders } from './resources/orders.ts';
import { Products } from './resources/products.ts';

/**
 * The B-End API client. Every call is encrypted (AES-256-GCM) and signed (HMAC-SHA256) with the
 * App's keys; every answer's signature is verified before its body is decrypted or believed, and a
 * non-zero code rejects with a {@link TradepostError}.
 *
 * @example
 * ```ts
 * import { Tradepost } from '@tradepost/sdk';
 *
 * const client = new Tradepost({
 *   baseUrl: 'http://localhost:8080/api/v1',
 *   appId: process.env.TRADEPOST_APP_ID!,
 *   secretKey: process.env.TRADEPOST_SECRET_KEY!,
 *   signKey: process.env.TRADEPOST_SIGN_KEY!,
 * });
 * for await (const product of client.products.list({ page_size: 50 })) console.log(product.title);
 * const { available } = await client.credit.retrieve();
 * ```
 */
export class Tradepost {
  /** `GET /products`, `/products/:id`, `/products/sku/:sku`. */
  readonly products: Products;
  /** `POST /orders`, `GET /orders/:order_no`, `/orders/merchant/:merchant_order`. */
  readonly orders: Orders;
  /** `POST /batch-orders`, `GET /batch-orders/:batch_no`. */
  readonly batchOrders: BatchOrders;
  /** `GET /credit`, `/credit/transactions`. */
  readonly credit: CreditResource;
  readonly baseUrl: string;
  readonly appId: string;

  private readonly transport: Transport;

  constructor(options: ClientOptions) {
    const problems = checkOptions(options);
    if (problems.length > 0) throw new TypeError(`Tradepost: invalid client options: ${problems.join('; ')}`);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.appId = options.appId;
    const globalFetch = globalThis.fetch;
    this.transport = new Transport({
      baseUrl: this.baseUrl,
      appId: options.appId,
      keys: { secretKey: options.secretKey, signKey: options.signKey },
      fetch: options.fetch ?? ((input, init) => globalFetch(input, init)),
      timeout: options.timeout ?? 30_000,
      maxRetries: options.maxRetries ?? 2,
      transport: options.transport ?? 'headers',
      responseWindowSeconds: options.responseWindowSeconds ?? 300,
    });
    this.products = new Products(this.transport);
    this.orders = new Orders(this.transport);
    this.batchOrders = new BatchOrders(this.transport);
    this.credit = new CreditResource(this.transport);
  }

  /**
   * A raw B-End call, for endpoints newer than this SDK. `params` is the POST body or the GET
   * query (values stringified); `retryable` says whether repeating it is safe (default: GET only).
   *
   * @example
   * ```ts
   * const credit = await client.request<{ available: string }>('GET', '/credit');
   * ```
   */
  request<T = unknown>(
    method: 'GET' | 'POST',
    path: string,
    params?: Record<string, unknown>,
    options: RequestOptions & { retryable?: boolean } = {},
  ): Promise<T> {
    const { retryable = method === 'GET', ...rest } = options;
    return this.transport.call<T>(
      { method, path: path.startsWith('/') ? path : `/${path}`, params, retryable },
      rest,
    );
  }
}

/** Every bad option at once: a misconfigured client should not be fixed one error at a time. */
function checkOptions(o: ClientOptions): string[] {
  const problems: string[] = [];
  if (!o || typeof o !== 'object') return ['options must be an object'];
  if (typeof o.baseUrl !== 'string' || !/^https?:\/\//.test(o.baseUrl))
    problems.push('baseUrl must be an http(s) URL');
  if (typeof o.appId !== 'string' || !isBendAppId(o.appId))
    problems.push("appId must be 'app_' + 24 lowercase hex chars");
  if (!isBendKey(o.secretKey)) problems.push('secretKey must be 32 chars [A-Za-z0-9]');
  if (!isBendKey(o.signKey)) problems.push('signKey must be 32 chars [A-Za-z0-9]');
  if (o.timeout !== undefined && !(Number.isFinite(o.timeout) && o.timeout > 0))
    problems.push('timeout must be > 0 ms');
  if (o.maxRetries !== undefined && !(Number.isInteger(o.maxRetries) && o.maxRetries >= 0)) {
    problems.push('maxRetries must be an integer >= 0');
  }
  if (o.fetch !== undefined && typeof o.fetch !== 'function') problems.push('fetch must be a function');
  if (o.transport !== undefined && o.transport !== 'headers' && o.transport !== 'envelope') {
    problems.push("transport must be 'headers' or 'envelope'");
  }
  if (typeof globalThis.fetch !== 'function' && o.fetch === undefined)
    problems.push('no global fetch: pass options.fetch');
  return problems;
}
