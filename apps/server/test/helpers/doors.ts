/**
 * One merchant reachable through every door of a running server, and the order calls the race,
 * crash and fuzz suites make through them, each answer reduced to one shape: the HTTP status and
 * the protocol's numeric code (0 = success; the console answers its HTTP status instead, since
 * its contract speaks string codes).
 *
 *   const d = await doorsFor(server.url, server.services, m);
 *   await placeVia('action', d, orderRequest(product));   // → { status, code, orderNo }
 *   await cancelVia('walltech', d, orderNo);
 *   await operatorMove(d, orderNo, 'shipped');
 */
import type { Services } from '../../src/services.ts';
import { callAction, type ActionKey } from '../action/action-http.ts';
import { walltech, type TokenCredentials } from '../walltech/walltech-http.ts';
import { bend } from './bend-http.ts';
import type { TestMerchant } from './test-server.ts';
import { webClient, type WebClient } from './web-client.ts';

export const MERCHANT_DOORS = ['bend', 'action', 'walltech'] as const;
export type MerchantDoor = (typeof MERCHANT_DOORS)[number];

/** A merchant's three credentials on one server (a server process's URL changes at each restart). */
export interface MerchantDoors {
  readonly url: string;
  readonly m: TestMerchant;
  readonly key: ActionKey;
  readonly token: TokenCredentials;
}

export interface Doors extends MerchantDoors {
  /** An admin operator signed in to the console API. */
  readonly console: WebClient;
}

export interface DoorAnswer {
  status: number;
  code: number;
  orderNo?: string | undefined;
  /** The answer's data (Order, BatchOrder…), when it succeeded. */
  data?: unknown;
}

/** Gives merchant `m` an Action API key and a WallTech token, and signs in a fresh admin operator. */
export async function doorsFor(
  url: string,
  services: Pick<Services, 'apiKeys' | 'tokens' | 'operators'>,
  m: TestMerchant,
): Promise<Doors> {
  const key = await services.apiKeys.create(m.email);
  const token = await services.tokens.create(m.merchantId, { name: 'doors' });
  const email = `op-${m.merchantId.toLowerCase()}-${Math.random().toString(36).slice(2)}@ops.example`;
  const password = 'operator password for doors';
  await services.operators.create({ email, password, role: 'admin' });
  const console = webClient(url, 'admin');
  const signed = await console.signIn(email, password);
  if (signed.status !== 200) throw new Error(`operator sign-in answered ${signed.status}`);
  return { url, m, key, token, console };
}

function fromAction(r: Awaited<ReturnType<typeof callAction>>): DoorAnswer {
  if (r.error) {
    const body = (r.envelope.ErrorResponse as { Body?: { order_no?: string } | '' } | undefined)?.Body;
    return { status: r.status, code: Number(r.error.ErrorCode), orderNo: body ? body.order_no : undefined };
  }
  return { status: r.status, code: 0, orderNo: (r.body as { order_no?: string }).order_no, data: r.body };
}

/** POST /orders (B-End, WallTech) or CreateOrder (Action API, JSON body). */
export async function placeVia(
  door: MerchantDoor,
  d: MerchantDoors,
  body: Record<string, unknown>,
): Promise<DoorAnswer> {
  if (door === 'bend') {
    const r = await bend(d.url, d.m, 'POST', '/orders', body);
    const data = r.payload.data as { order_no?: string } | null;
    return { status: r.status, code: r.payload.code, orderNo: data?.order_no, data };
  }
  if (door === 'action') {
    return fromAction(
      await callAction(d.url, d.key, 'CreateOrder', {
        body: JSON.stringify(body),
        contentType: 'application/json',
      }),
    );
  }
  const r = await walltech(`${d.url}/api/v1/orders`, d.token, { body });
  return { status: r.status, code: r.body.code, orderNo: r.body.data?.order_no, data: r.body.data };
}

/** POST /batch-orders (B-End, WallTech) or CreateBatchOrder (Action API, JSON body). */
export async function batchVia(
  door: MerchantDoor,
  d: MerchantDoors,
  body: Record<string, unknown>,
): Promise<DoorAnswer> {
  if (door === 'bend') {
    const r = await bend(d.url, d.m, 'POST', '/batch-orders', body);
    return { status: r.status, code: r.payload.code, data: r.payload.data };
  }
  if (door === 'action') {
    return fromAction(
      await callAction(d.url, d.key, 'CreateBatchOrder', {
        body: JSON.stringify(body),
        contentType: 'application/json',
      }),
    );
  }
  const r = await walltech(`${d.url}/api/v1/batch-orders`, d.token, { body });
  return { status: r.status, code: r.body.code, data: r.body.data };
}

/** The merchant cancels its order: POST /orders/:no/cancel (B-End, WallTech) or CancelOrder. */
export async function cancelVia(
  door: MerchantDoor,
  d: MerchantDoors,
  orderNo: string,
  reason = 'race',
): Promise<DoorAnswer> {
  if (door === 'bend') {
    const r = await bend(d.url, d.m, 'POST', `/orders/${orderNo}/cancel`, { reason });
    return { status: r.status, code: r.payload.code, data: r.payload.data };
  }
  if (door === 'action') {
    return fromAction(
      await callAction(d.url, d.key, 'CancelOrder', { params: { OrderNo: orderNo, Reason: reason } }),
    );
  }
  const r = await walltech(`${d.url}/api/v1/orders/${orderNo}/cancel`, d.token, { body: { reason } });
  return { status: r.status, code: r.body.code, data: r.body.data };
}

/** An operator moves the order in the console (POST /orders/:no/transition); code = HTTP status unless 200. */
export async function operatorMove(
  d: Doors,
  orderNo: string,
  status: 'processing' | 'shipped' | 'delivered' | 'cancelled' | 'failed',
  console: WebClient = d.console,
): Promise<DoorAnswer> {
  const body =
    status === 'shipped'
      ? { status, carrier: 'DHL', tracking_no: `T${orderNo.slice(-12)}` }
      : status === 'cancelled' || status === 'failed'
        ? { status, reason: 'operator race' }
        : { status };
  const r = await console.call('POST', `/orders/${orderNo}/transition`, body);
  return { status: r.status, code: r.status === 200 ? 0 : r.status, data: r.body };
}
