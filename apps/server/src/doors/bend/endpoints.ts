import type { Services } from '../../services.ts';
import type { Actor } from '../../shared/actor.ts';

/**
 * The B-End REST surface (bend-v1.md "Base URL and endpoints") as data. Each door that speaks
 * these paths (the encrypted B-End envelope, WallTech tokens) dispatches through this one table,
 * so an endpoint's behaviour is defined once, on top of the shared services.
 */
export interface Endpoint {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** Writes are refused for read-only credentials. */
  readonly writes: boolean;
  handle(call: EndpointCall): Promise<unknown>;
}

export interface EndpointCall {
  readonly services: Services;
  readonly merchantId: string;
  /** Business parameters: the decrypted `data` (B-End) or the plain query / JSON body (tokens). */
  readonly params: Record<string, unknown>;
  readonly pathParams: Record<string, string>;
  /** The merchant behind the credential, and its address: for the audit log of a change. */
  readonly actor: Actor;
}

const read = (path: string, handle: Endpoint['handle']): Endpoint => ({
  method: 'GET',
  path,
  writes: false,
  handle,
});
const write = (path: string, handle: Endpoint['handle']): Endpoint => ({
  method: 'POST',
  path,
  writes: true,
  handle,
});

export const endpoints: readonly Endpoint[] = [
  read('/products', ({ services, params }) => services.catalog.listProducts(params)),
  read('/products/:id', ({ services, pathParams }) => services.catalog.getProduct(pathParams.id ?? '')),
  read('/products/sku/:sku', ({ services, pathParams }) =>
    services.catalog.getProductBySku(pathParams.sku ?? ''),
  ),
  write('/orders', ({ services, merchantId, params }) => services.orders.create(merchantId, params)),
  write('/batch-orders', ({ services, merchantId, params }) =>
    services.orders.createBatch(merchantId, params),
  ),
  read('/orders', ({ services, merchantId, params }) => services.orders.list(merchantId, params)),
  write('/orders/:order_no/cancel', ({ services, merchantId, params, pathParams, actor }) =>
    services.orders.cancel(merchantId, pathParams.order_no ?? '', params, { actor }),
  ),
  read('/orders/:order_no', ({ services, merchantId, pathParams }) =>
    services.orders.get(merchantId, pathParams.order_no ?? ''),
  ),
  read('/orders/merchant/:merchant_order', ({ services, merchantId, pathParams }) =>
    services.orders.getByMerchantOrderNo(merchantId, pathParams.merchant_order ?? ''),
  ),
  read('/batch-orders/:batch_no', ({ services, merchantId, pathParams }) =>
    services.orders.getBatch(merchantId, pathParams.batch_no ?? ''),
  ),
  read('/credit', ({ services, merchantId }) => services.credit.get(merchantId)),
  read('/credit/transactions', ({ services, merchantId, params }) =>
    services.credit.listTransactions(merchantId, params),
  ),
];
