// Tradepost B-End API v1 — complete client in plain Node.js (>= 20): node:crypto + global fetch.
// Run: TRADEPOST_BASE_URL=http://127.0.0.1:8080/api/v1 TRADEPOST_APP_ID=app_… TRADEPOST_SECRET_KEY=… TRADEPOST_SIGN_KEY=… node bend-example.mjs
import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import process from 'node:process';
/* global fetch, console */

const {
  TRADEPOST_BASE_URL: GIVEN_BASE_URL,
  TRADEPOST_APP_ID: APP_ID,
  TRADEPOST_SECRET_KEY: SECRET_KEY,
  TRADEPOST_SIGN_KEY: SIGN_KEY,
} = process.env;
if (!GIVEN_BASE_URL || !APP_ID || !SECRET_KEY || !SIGN_KEY) {
  console.error('set TRADEPOST_BASE_URL, TRADEPOST_APP_ID, TRADEPOST_SECRET_KEY, TRADEPOST_SIGN_KEY');
  process.exit(1);
}
if (!/\/api\/v1\/*$/.test(GIVEN_BASE_URL)) {
  console.error(
    'TRADEPOST_BASE_URL must be the B-End API base URL, ending in /api/v1 (e.g. http://127.0.0.1:8080/api/v1)',
  );
  process.exit(1);
}
const BASE_URL = GIVEN_BASE_URL.replace(/\/+$/, ''); // paths below start with "/"

// data = Base64(iv || ciphertext || tag), AES-256-GCM, key = the Secret Key's 32 ASCII bytes.
function encrypt(plaintext) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(SECRET_KEY, 'ascii'), iv);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64');
}

function decrypt(data) {
  const raw = Buffer.from(data, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(SECRET_KEY, 'ascii'), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

// sign = hex HMAC-SHA256(Sign Key, compact JSON of app_id, data, nonce, timestamp in ASCII key order).
function sign({ app_id, data, nonce, timestamp }) {
  const message = JSON.stringify({ app_id, data, nonce, timestamp });
  return createHmac('sha256', SIGN_KEY).update(message, 'utf8').digest('hex');
}

async function call(method, path, params) {
  // GET params are strings; no params at all = data "" (nothing is encrypted).
  const hasParams = params && Object.keys(params).length > 0;
  const data = hasParams ? encrypt(JSON.stringify(params)) : '';
  const nonce = randomBytes(16).toString('hex');
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers = {
    'App-ID': APP_ID,
    Timestamp: timestamp,
    Nonce: nonce,
    Sign: sign({ app_id: APP_ID, data, nonce, timestamp }),
  };
  let url = BASE_URL + path;
  let body;
  if (method === 'GET') {
    if (data) url += '?data=' + encodeURIComponent(data);
  } else {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify({ data });
  }
  const res = await fetch(url, { method, headers, body });
  const envelope = await res.json(); // business errors come with HTTP 4xx, still as an envelope

  if (envelope.sign === undefined) {
    // Only the pre-authentication failures 1001–1007 are sent unsigned.
    if (envelope.code >= 1001 && envelope.code <= 1007)
      throw new Error(`B-End ${envelope.code}: ${envelope.message}`);
    throw new Error(`unsigned response refused (HTTP ${res.status})`);
  }
  // Verify BEFORE decrypting: our App, a fresh timestamp, a matching signature.
  const expected = Buffer.from(sign(envelope), 'hex');
  const received = Buffer.from(String(envelope.sign), 'hex');
  if (envelope.app_id !== APP_ID || received.length !== 32 || !timingSafeEqual(expected, received))
    throw new Error('response signature mismatch');
  if (Math.abs(Date.now() / 1000 - Number(envelope.timestamp)) > 300) throw new Error('stale response');
  return JSON.parse(decrypt(envelope.data)); // { code, message, data }
}

function ok(response) {
  if (response.code !== 0) throw new Error(`B-End ${response.code}: ${response.message}`);
  return response.data;
}

const QUANTITY = 2;
const orderable = (p, s) => p.status === 'on_sale' && s.status === 'on_sale' && s.stock >= QUANTITY;

const page = ok(await call('GET', '/products', { page: '1', page_size: '10' }));
// The first SKU on the page that can be ordered: the first product may have none on sale or in stock.
const first = page.items.find((p) => p.skus.some((s) => orderable(p, s)));
if (!first) {
  console.error(
    `No product on the first page has a SKU on sale with ${QUANTITY} in stock: nothing to order.`,
  );
  process.exit(1);
}
const product = ok(await call('GET', `/products/${encodeURIComponent(first.goods_id)}`));
const sku = product.skus.find((s) => orderable(product, s));
if (!sku) {
  console.error(`${product.goods_id} has no SKU on sale with ${QUANTITY} in stock any more: run again.`);
  process.exit(1);
}

const orderRequest = {
  goods_id: product.goods_id,
  sku_id: sku.sku_id,
  quantity: QUANTITY,
  merchant_order_no: process.env.MERCHANT_ORDER_NO ?? `node-${Date.now()}`,
  shipping_address: {
    name: 'Ada Lovelace',
    phone: '+44 20 7946 0000',
    address: '12 St James Square',
    city: 'London',
    country: 'GB',
    postal_code: 'SW1Y 4JH',
  },
};
const order = ok(await call('POST', '/orders', orderRequest));

// Idempotency: the same merchant_order_no again is refused with 2002 and charges nothing.
const again = await call('POST', '/orders', orderRequest);

// Your pending orders, newest first (v1.1); then cancel this one: it is refunded at once.
const pending = ok(await call('GET', '/orders', { page: '1', page_size: '10', status: 'pending' }));
const orderPath = `/orders/${encodeURIComponent(order.order_no)}`;
const cancelled = ok(await call('POST', `${orderPath}/cancel`, { reason: 'example: changed my mind' }));

const credit = ok(await call('GET', '/credit'));

console.log(
  JSON.stringify({
    products_total: page.total,
    goods_id: product.goods_id,
    sku_id: sku.sku_id,
    order_no: order.order_no,
    merchant_order_no: order.merchant_order_no,
    amount: order.amount,
    duplicate_code: again.code,
    duplicate_order_no: again.data?.order_no ?? null,
    pending_total: pending.total,
    pending_first: pending.items[0]?.order_no ?? null,
    cancelled_status: cancelled.status,
    refund_reference_no: cancelled.refund_reference_no,
    available: credit.available,
  }),
);
