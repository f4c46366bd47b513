import type { Services } from '../../services.ts';
import type { Actor } from '../../shared/actor.ts';
import { ActionFailure } from './action-failure.ts';
import { parseBatchBody, parseOrderBody } from './request-body.ts';

/**
 * The actions of action-api.md (and its v1.1 GetOrders/CancelOrder) as data, each a thin translation onto the same service
 * call as its B-End endpoint (doors/bend/endpoints.ts): identical results, identical rules.
 */
export interface ActionDef {
  /** Writes are refused (E009) for read-only API keys and need a POST body. */
  readonly writes: boolean;
  /** `Head.ResponseType` of the success envelope. */
  readonly responseType: string;
  handle(call: ActionCall): Promise<unknown>;
}

export interface ActionCall {
  readonly services: Services;
  readonly merchantId: string;
  /** Decoded, verified query parameters (Signature removed). */
  readonly query: Readonly<Record<string, string>>;
  /** The raw request body (a string, or undefined when there was none). */
  readonly body: unknown;
  /** The merchant behind the API key, and its address: for the audit log of a change. */
  readonly actor: Actor;
}

/** A query parameter by its convention name (`PageSize`) or its B-End name (`page_size`). */
function param(query: Readonly<Record<string, string>>, pascal: string, snake: string): string | undefined {
  const v = query[pascal] ?? query[snake];
  return v === undefined || v === '' ? undefined : v;
}

/** Only the parameters that were sent, so the services' defaults apply to the rest. */
function pick(
  query: Readonly<Record<string, string>>,
  names: [pascal: string, snake: string][],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [pascal, snake] of names) {
    const v = param(query, pascal, snake);
    if (v !== undefined) out[snake] = v;
  }
  return out;
}

const PAGE: [string, string][] = [
  ['Page', 'page'],
  ['PageSize', 'page_size'],
];

const read = (responseType: string, handle: ActionDef['handle']): ActionDef => ({
  writes: false,
  responseType,
  handle,
});
const write = (responseType: string, handle: ActionDef['handle']): ActionDef => ({
  writes: true,
  responseType,
  handle,
});

export const actions: Readonly<Record<string, ActionDef>> = Object.freeze({
  GetProducts: read('Products', ({ services, query }) =>
    services.catalog.listProducts(pick(query, [...PAGE, ['Keyword', 'keyword'], ['Category', 'category']])),
  ),
  GetProduct: read('Product', ({ services, query }) => {
    const goodsId = param(query, 'GoodsId', 'goods_id');
    if (goodsId !== undefined) return services.catalog.getProduct(goodsId);
    const skuId = param(query, 'SkuId', 'sku_id');
    if (skuId !== undefined) return services.catalog.getProductBySku(skuId);
    throw new ActionFailure('E001', 'GoodsId or SkuId');
  }),
  CreateOrder: write('Order', ({ services, merchantId, body }) =>
    services.orders.create(merchantId, parseOrderBody(body)),
  ),
  CreateBatchOrder: write('BatchOrder', ({ services, merchantId, body }) =>
    services.orders.createBatch(merchantId, parseBatchBody(body)),
  ),
  GetOrder: read('Order', ({ services, merchantId, query }) => {
    const orderNo = param(query, 'OrderNo', 'order_no');
    if (orderNo !== undefined) return services.orders.get(merchantId, orderNo);
    const merchantOrderNo = param(query, 'MerchantOrderNo', 'merchant_order_no');
    if (merchantOrderNo !== undefined)
      return services.orders.getByMerchantOrderNo(merchantId, merchantOrderNo);
    throw new ActionFailure('E001', 'OrderNo or MerchantOrderNo');
  }),
  GetOrders: read('Orders', ({ services, merchantId, query }) =>
    services.orders.list(
      merchantId,
      pick(query, [
        ...PAGE,
        ['Status', 'status'],
        ['CreatedFrom', 'created_from'],
        ['CreatedTo', 'created_to'],
        ['BatchNo', 'batch_no'],
      ]),
    ),
  ),
  // Parameters from the signed query only (the POST body is not signed): a cancel is a change.
  CancelOrder: write('Order', async ({ services, merchantId, query, actor }) => {
    const input = pick(query, [['Reason', 'reason']]);
    const orderNo = param(query, 'OrderNo', 'order_no');
    if (orderNo !== undefined) return services.orders.cancel(merchantId, orderNo, input, { actor });
    const merchantOrderNo = param(query, 'MerchantOrderNo', 'merchant_order_no');
    if (merchantOrderNo === undefined) throw new ActionFailure('E001', 'OrderNo or MerchantOrderNo');
    const order = await services.orders.getByMerchantOrderNo(merchantId, merchantOrderNo);
    return services.orders.cancel(merchantId, order.order_no, input, { actor });
  }),
  GetBatchOrder: read('BatchOrder', ({ services, merchantId, query }) => {
    const batchNo = param(query, 'BatchNo', 'batch_no');
    if (batchNo === undefined) throw new ActionFailure('E001', 'BatchNo');
    return services.orders.getBatch(merchantId, batchNo);
  }),
  GetCredit: read('Credit', ({ services, merchantId }) => services.credit.get(merchantId)),
  GetCreditTransactions: read('CreditTransactions', ({ services, merchantId, query }) =>
    services.credit.listTransactions(merchantId, pick(query, [...PAGE, ['Type', 'type']])),
  ),
});

export function findAction(name: string): ActionDef | undefined {
  return Object.prototype.hasOwnProperty.call(actions, name) ? actions[name] : undefined;
}
