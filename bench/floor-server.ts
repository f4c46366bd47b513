/**
 * The floor yardstick for B-End `POST /orders` (bench/run.ts, `writes` and `pg`): a server on the
 * same stack that does only what any design must do for one order per bend-v1.md, and nothing else —
 *
 *   a Fastify route; the protocol package's own server functions: extract the auth fields, verify
 *   the timestamp and HMAC-SHA256 sign, claim the nonce in an in-memory Map (MemoryNonceStore),
 *   decrypt AES-256-GCM and JSON.parse the order; hand-written field checks; the order's writes as
 *   raw prepared statements (bench/floor-orders.ts); the answer encrypted and signed.
 *
 * No Kysely, no zod, no rate limiter, no logging, no metrics, no webhooks, no audit; Apps are known
 * from the start (what Tradepost's credential cache holds after the first request). Whatever
 * Tradepost spends beyond this server's cost is the price of its design; what this server cannot
 * reach, no design on this stack and machine reaches.
 *
 *   PORT=… FLOOR_APPS='[{"app_id","secret_key","sign_key","merchant_id"}, …]'
 *   (FLOOR_SQLITE=…/tradepost.db | DATABASE_URL=postgres://… [FLOOR_PG_POOL=10])
 *   node --import tsx bench/floor-server.ts
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import {
  type BendKeys,
  buildBendResponse,
  extractBendAuth,
  MemoryNonceStore,
  verifyBendRequest,
} from '@tradepost/protocol';
import { formatMoney } from '../apps/server/src/shared/money.ts';
import { type FloorOrderInput, pgOrders, sqliteOrders } from './floor-orders.ts';

type FloorApp = BendKeys & { appId: string; merchantId: string; status: 'active' };

const apps = new Map<string, FloorApp>(
  (
    JSON.parse(process.env.FLOOR_APPS ?? '[]') as {
      app_id: string;
      secret_key: string;
      sign_key: string;
      merchant_id: string;
    }[]
  ).map((a) => [
    a.app_id,
    {
      appId: a.app_id,
      secretKey: a.secret_key,
      signKey: a.sign_key,
      merchantId: a.merchant_id,
      status: 'active',
    },
  ]),
);
const nonceStore = new MemoryNonceStore({ maxEntries: 1_000_000 });
const lookupApp = async (appId: string) => apps.get(appId) ?? null;

let stopCheckpointer = async () => {};
const orders = process.env.FLOOR_SQLITE
  ? (() => {
      // As the server does: WAL checkpoints in a worker (its own plain-JS file), so the event loop
      // never copies the WAL back; the connection's autocheckpoint is only a safety net.
      const file = process.env.FLOOR_SQLITE;
      const worker = new Worker(
        fileURLToPath(new URL('../apps/server/src/db/sqlite-checkpointer.mjs', import.meta.url)),
        { workerData: { files: [file], intervalMs: 250 } },
      );
      worker.unref();
      stopCheckpointer = async () => {
        worker.ref();
        const exited = new Promise<void>((r) => worker.once('exit', () => r()));
        worker.postMessage('stop');
        await exited;
      };
      const o = sqliteOrders(file);
      return { place: o.place, close: async () => o.close() };
    })()
  : pgOrders(process.env.DATABASE_URL!, Number(process.env.FLOOR_PG_POOL ?? 10));

const HTTP: Record<number, number> = { 2001: 402, 2002: 409, 3001: 404, 3002: 409, 4001: 400 };
const str = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;

/** The order's fields, checked by hand (what zod does in the server), or the 4001 message. */
function orderInput(p: Record<string, unknown>): FloorOrderInput | string {
  if (!str(p['goods_id'], 64)) return 'goods_id: must be a non-empty string of at most 64 characters';
  if (!str(p['sku_id'], 64)) return 'sku_id: must be a non-empty string of at most 64 characters';
  const q = p['quantity'];
  if (typeof q !== 'number' || !Number.isInteger(q) || q < 1 || q > 999)
    return 'quantity: must be an integer from 1 to 999';
  const mon = p['merchant_order_no'] ?? null;
  if (mon !== null && !str(mon, 64)) return 'merchant_order_no: must be a string of 1 to 64 characters';
  const a = p['shipping_address'] as Record<string, unknown> | null;
  if (a === null || typeof a !== 'object') return 'shipping_address: must be an object';
  for (const [k, max] of [
    ['name', 200],
    ['phone', 50],
    ['address', 500],
    ['city', 100],
  ] as const)
    if (!str(a[k], max)) return `shipping_address.${k}: must be a non-empty string`;
  if (typeof a['country'] !== 'string' || !/^[A-Z]{2}$/.test(a['country']))
    return 'shipping_address.country: must be an ISO 3166-1 alpha-2 code like "US"';
  if (typeof a['postal_code'] !== 'string' || a['postal_code'].length > 20)
    return 'shipping_address.postal_code: must be a string of at most 20 characters';
  return {
    goods_id: p['goods_id'] as string,
    sku_id: p['sku_id'] as string,
    quantity: q,
    merchant_order_no: mon as string | null,
    shipping_address: {
      name: a['name'] as string,
      phone: a['phone'] as string,
      address: a['address'] as string,
      city: a['city'] as string,
      country: a['country'],
      postal_code: a['postal_code'],
    },
  };
}

const app = Fastify({ logger: false });
// The envelope's text goes to the protocol as is: it parses it once (JSON.parse).
app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
app.post('/api/v1/orders', async (req, reply) => {
  const fields = extractBendAuth({
    method: req.method,
    headers: req.headers,
    query: req.query as Record<string, string | undefined>,
    body: req.body,
  });
  const plain = (code: number, message: string) =>
    reply
      .status(code === 1006 || code === 4001 ? 400 : code === 1003 ? 403 : 401)
      .send({ code, message, data: null });
  if (!fields.ok) return plain(fields.code, fields.message);
  const v = await verifyBendRequest(fields.value, { lookupApp, nonceStore, method: 'POST' });
  if (!v.ok) return plain(v.code, v.message);
  const { app: a, params } = v.value;
  const seal = (status: number, code: number, message: string, data: unknown) => {
    const e = buildBendResponse({ appId: a.appId, keys: a, payload: { code, message, data } });
    return reply
      .status(status)
      .type('application/json')
      .send(
        `{"app_id":"${e.app_id}","nonce":"${e.nonce}","timestamp":"${e.timestamp}","data":"${e.data}","sign":"${e.sign}"}`,
      );
  };
  const input = orderInput(params);
  if (typeof input === 'string') return seal(400, 4001, `Invalid parameters: ${input}`, null);
  const r = await orders.place(a.merchantId, input);
  if (!r.ok) return seal(HTTP[r.code] ?? 400, r.code, r.message, r.orderNo ? { order_no: r.orderNo } : null);
  const price = formatMoney(r.price);
  const amount = formatMoney(r.price * input.quantity);
  const at = r.now.replace(/\.\d+Z$/, 'Z');
  // bend-v1.md's Order, with the v1.1 lifecycle fields (null for a new order).
  return seal(200, 0, 'success', {
    order_no: r.orderNo,
    merchant_order_no: input.merchant_order_no,
    goods_id: input.goods_id,
    sku_id: input.sku_id,
    quantity: input.quantity,
    unit_price: price,
    amount,
    currency: r.currency,
    status: 'pending',
    shipping_address: input.shipping_address,
    tracking_no: null,
    credit_reference_no: r.referenceNo,
    created_at: at,
    updated_at: at,
    carrier: null,
    shipped_at: null,
    delivered_at: null,
    cancelled_at: null,
    cancel_reason: null,
    refund_reference_no: null,
  });
});

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => orders.close())
    .then(() => stopCheckpointer())
    .then(() => process.exit(0));
});
