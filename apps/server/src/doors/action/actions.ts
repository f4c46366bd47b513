import type { Services } from '../../services.ts';
import type { Actor } from '../../shared/actor.ts';
import { ActionFailure } from './action-failure.ts';
import { byOffset, type Page } from './offset-paging.ts';
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

/**
 * Names a parameter is sent under: the convention's (`PageSize`), the spec's aliases that clients
 * in the wild use (`OrderId` for `OrderNo`, `Search` for `Keyword`), then the B-End's (`page_size`).
 */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  Page: ['Page', 'page'],
  PageSize: ['PageSize', 'page_size'],
  Keyword: ['Keyword', 'Search', 'keyword'],
  Category: ['Category', 'category'],
  Type: ['Type', 'type'],
  GoodsId: ['GoodsId', 'goods_id'],
  SkuId: ['SkuId', 'sku_id'],
  OrderNo: ['OrderNo', 'OrderId', 'order_no'],
  MerchantOrderNo: ['MerchantOrderNo', 'merchant_order_no'],
  BatchNo: ['BatchNo', 'batch_no'],
  Status: ['Status', 'status'],
  CreatedFrom: ['CreatedFrom', 'created_from'],
  CreatedTo: ['CreatedTo', 'created_to'],
  Reason: ['Reason', 'reason'],
  Limit: ['Limit', 'limit'],
  Offset: ['Offset', 'offset'],
  Cursor: ['Cursor', 'cursor'],
};

/** A query parameter by any of its names (first one sent wins); empty counts as absent. */
export function param(
  query: Readonly<Record<string, string>>,
  name: keyof typeof ALIASES,
): string | undefined {
  for (const alias of ALIASES[name] ?? [name]) {
    const v = query[alias];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/**
 * A refusal names the services' field (`page_size: …`); the client sent `PageSize`, or any other of
 * its names: the message names the one it sent. Anything else (a body field) is left as it is.
 */
export function inSentNames(query: Readonly<Record<string, string>>, message: string): string {
  const field = /^([a-z_]+): /.exec(message)?.[1];
  if (field === undefined) return message;
  for (const aliases of Object.values(ALIASES)) {
    if (!aliases.includes(field)) continue;
    const sent = aliases.find((alias) => query[alias] !== undefined && query[alias] !== '');
    if (sent !== undefined) return sent + message.slice(field.length);
  }
  return message;
}

/** Only the parameters that were sent, under the services' snake_case names, so their defaults apply. */
function pick(
  query: Readonly<Record<string, string>>,
  names: [name: string, snake: string][],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, snake] of names) {
    const v = param(query, name);
    if (v !== undefined) out[snake] = v;
  }
  return out;
}

const PAGE: [string, string][] = [
  ['Page', 'page'],
  ['PageSize', 'page_size'],
];

/**
 * A list action's paging: `Page`/`PageSize`, or `Limit`/`Offset` when either is sent. Where the
 * service pages by keyset too (`keyset`: products, credit transactions), a `Cursor` (a page's
 * `next_cursor`) wins over both, as `cursor` does over `page` on the B-End: the `PageSize` items
 * after it, so none is read twice while new ones arrive (an offset page shifts).
 */
function listed<T>(
  query: Readonly<Record<string, string>>,
  filters: Record<string, string>,
  list: (params: Record<string, string | number>) => Promise<Page<T>>,
  keyset = false,
): Promise<unknown> {
  const cursor = keyset ? param(query, 'Cursor') : undefined;
  if (cursor !== undefined) return list({ ...pick(query, [['PageSize', 'page_size']]), ...filters, cursor });
  if (param(query, 'Limit') === undefined && param(query, 'Offset') === undefined) {
    return list({ ...pick(query, PAGE), ...filters });
  }
  return byOffset(query, (paging) => list({ ...filters, ...paging }), keyset);
}

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
    listed(
      query,
      pick(query, [
        ['Keyword', 'keyword'],
        ['Category', 'category'],
      ]),
      (p) => services.catalog.listProducts(p),
      true,
    ),
  ),
  GetProduct: read('Product', ({ services, query }) => {
    const goodsId = param(query, 'GoodsId');
    if (goodsId !== undefined) return services.catalog.getProduct(goodsId);
    const skuId = param(query, 'SkuId');
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
    const orderNo = param(query, 'OrderNo');
    if (orderNo !== undefined) return services.orders.get(merchantId, orderNo);
    const merchantOrderNo = param(query, 'MerchantOrderNo');
    if (merchantOrderNo !== undefined)
      return services.orders.getByMerchantOrderNo(merchantId, merchantOrderNo);
    throw new ActionFailure('E001', 'OrderNo or MerchantOrderNo');
  }),
  GetOrders: read('Orders', ({ services, merchantId, query }) =>
    listed(
      query,
      pick(query, [
        ['Status', 'status'],
        ['CreatedFrom', 'created_from'],
        ['CreatedTo', 'created_to'],
        ['BatchNo', 'batch_no'],
      ]),
      (p) => services.orders.list(merchantId, p),
    ),
  ),
  // Parameters from the signed query only (the POST body is not signed): a cancel is a change.
  CancelOrder: write('Order', async ({ services, merchantId, query, actor }) => {
    const input = pick(query, [['Reason', 'reason']]);
    const orderNo = param(query, 'OrderNo');
    if (orderNo !== undefined) return services.orders.cancel(merchantId, orderNo, input, { actor });
    const merchantOrderNo = param(query, 'MerchantOrderNo');
    if (merchantOrderNo === undefined) throw new ActionFailure('E001', 'OrderNo or MerchantOrderNo');
    const order = await services.orders.getByMerchantOrderNo(merchantId, merchantOrderNo);
    return services.orders.cancel(merchantId, order.order_no, input, { actor });
  }),
  GetBatchOrder: read('BatchOrder', ({ services, merchantId, query }) => {
    const batchNo = param(query, 'BatchNo');
    if (batchNo === undefined) throw new ActionFailure('E001', 'BatchNo');
    return services.orders.getBatch(merchantId, batchNo);
  }),
  GetCredit: read('Credit', ({ services, merchantId }) => services.credit.get(merchantId)),
  GetCreditTransactions: read('CreditTransactions', ({ services, merchantId, query }) =>
    listed(
      query,
      pick(query, [['Type', 'type']]),
      (p) => services.credit.listTransactions(merchantId, p),
      true,
    ),
  ),
});

export function findAction(name: string): ActionDef | undefined {
  return Object.prototype.hasOwnProperty.call(actions, name) ? actions[name] : undefined;
}
