/* eslint-disable @typescript-eslint/no-explicit-any -- wire envelopes read as untyped data, in both their JSON and XML shapes */
/**
 * Raw Action API HTTP for tests: signs with the protocol package's client helper and sends with
 * fetch, so tests can also send what no client would (stale timestamps, tampered signatures).
 */
import { buildActionQuery } from '@tradepost/protocol';
import { XMLParser } from 'fast-xml-parser';

export interface ActionKey {
  user_id: string;
  api_key: string;
}

export interface ActionResult {
  status: number;
  contentType: string;
  text: string;
  /** The envelope as an object: JSON.parse, or the XML parsed (all values text). */
  envelope: Record<string, unknown>;
  /** SuccessResponse.Body, or undefined for an error. */
  body: any;
  /** ErrorResponse.Head, or undefined for a success. */
  error: { RequestAction: string; ErrorType: string; ErrorCode: string; ErrorMessage: string } | undefined;
}

const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, ignoreDeclaration: true });

export async function sendAction(url: string, init: RequestInit = {}): Promise<ActionResult> {
  const res = await fetch(url, init);
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  const envelope = (contentType.includes('xml') ? xml.parse(text) : JSON.parse(text)) as Record<string, any>;
  return {
    status: res.status,
    contentType,
    text,
    envelope,
    body: envelope.SuccessResponse?.Body,
    error: envelope.ErrorResponse?.Head,
  };
}

export function actionUrl(
  baseUrl: string,
  key: ActionKey,
  action: string,
  opts: { params?: Record<string, string>; format?: 'JSON' | 'XML'; timestamp?: Date | string } = {},
): string {
  const qs = buildActionQuery({
    action,
    userId: key.user_id,
    apiKey: key.api_key,
    ...(opts.params ? { params: opts.params } : {}),
    ...(opts.format ? { format: opts.format } : {}),
    ...(opts.timestamp ? { timestamp: opts.timestamp } : {}),
  });
  return `${baseUrl}/api/action?${qs}`;
}

/**
 * One signed call, as the guide says to send it: a GET for a read, a POST for a change or with a
 * `body` (Content-Type as given, default none in particular); `method` overrides.
 */
export function callAction(
  baseUrl: string,
  key: ActionKey,
  action: string,
  opts: {
    params?: Record<string, string>;
    format?: 'JSON' | 'XML';
    body?: string;
    contentType?: string;
    method?: 'GET' | 'POST';
  } = {},
): Promise<ActionResult> {
  const url = actionUrl(baseUrl, key, action, opts);
  const method = opts.method ?? (opts.body !== undefined || action === 'CancelOrder' ? 'POST' : 'GET');
  if (method === 'GET') return sendAction(url);
  if (opts.body === undefined) return sendAction(url, { method: 'POST' });
  return sendAction(url, {
    method: 'POST',
    body: opts.body,
    headers: { 'content-type': opts.contentType ?? 'application/x-www-form-urlencoded' },
  });
}

/** An order as the convention's XML request body (PascalCase elements). */
export function orderXml(o: {
  goods_id: string;
  sku_id: string;
  quantity: number | string;
  merchant_order_no?: string;
  address: Record<string, string>;
}): string {
  const a = o.address;
  return (
    `<Order><GoodsId>${o.goods_id}</GoodsId><SkuId>${o.sku_id}</SkuId><Quantity>${o.quantity}</Quantity>` +
    (o.merchant_order_no ? `<MerchantOrderNo>${o.merchant_order_no}</MerchantOrderNo>` : '') +
    `<ShippingAddress><Name>${a.name}</Name><Phone>${a.phone}</Phone><Address>${a.address}</Address>` +
    `<City>${a.city}</City><Country>${a.country}</Country><PostalCode>${a.postal_code}</PostalCode></ShippingAddress></Order>`
  );
}
