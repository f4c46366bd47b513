// Tradepost Action API (SellerCenter signing) — a first client in plain Node.js (>= 20): node:crypto + global fetch.
// Run: TRADEPOST_BASE_URL=http://127.0.0.1:8080/api/v1 TRADEPOST_USER_ID=buyer@acme.test TRADEPOST_API_KEY=… node action-example.mjs
//
// Reads your credit, lists a page of products, places one order (with a merchant_order_no, so a
// retry can never charge twice) and reads it back. An error answer is printed and exits 1.
import { createHmac } from 'node:crypto';
import process from 'node:process';
/* global fetch, console */

const { TRADEPOST_BASE_URL: BASE_URL, TRADEPOST_USER_ID: USER_ID, TRADEPOST_API_KEY: API_KEY } = process.env;
if (!BASE_URL || !USER_ID || !API_KEY) {
  console.error('set TRADEPOST_BASE_URL, TRADEPOST_USER_ID (your login e-mail) and TRADEPOST_API_KEY');
  process.exit(1);
}
if (!/\/api\/v1\/*$/.test(BASE_URL)) {
  console.error(
    'TRADEPOST_BASE_URL must be the B-End API base URL, ending in /api/v1 (e.g. http://127.0.0.1:8080/api/v1)',
  );
  process.exit(1);
}
// The Action API is beside the B-End API: …/api/v1 → …/api/action.
const ACTION_URL = BASE_URL.replace(/\/+$/, '').replace(/\/[^/]*$/, '') + '/action';

function fail(message) {
  console.error(message);
  process.exit(1);
}

// RFC 3986: every byte but A-Z a-z 0-9 - _ . ~ as %XX (upper case) of its UTF-8.
const rfc3986 = (s) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Signs and sends one action; returns the SuccessResponse's Body, or exits on an ErrorResponse. */
async function call(action, params = {}, body = undefined) {
  const query = {
    Action: action,
    UserID: USER_ID,
    Version: '1.0',
    Format: 'JSON',
    Timestamp: new Date().toISOString().replace(/\.\d+Z$/, '+00:00'),
    ...params,
  };
  // The string to sign: every parameter but Signature, sorted by name, RFC 3986-encoded, joined by &.
  // (sort() compares UTF-16 code units: the same as bytes for these ASCII names.)
  const toSign = Object.keys(query)
    .sort()
    .map((k) => `${rfc3986(k)}=${rfc3986(query[k])}`)
    .join('&');
  const signature = createHmac('sha256', API_KEY).update(toSign).digest('hex');
  const res = await fetch(`${ACTION_URL}?${toSign}&Signature=${signature}`, {
    method: body === undefined ? 'GET' : 'POST', // CreateOrder must be a POST
    ...(body === undefined
      ? {}
      : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  });
  // The Action API answers 200 even for errors: anything else is not it.
  if (res.status !== 200) fail(`Action API ${action}: HTTP ${res.status} ${res.statusText}`);
  const answer = await res.json();
  if (answer.ErrorResponse) {
    const head = answer.ErrorResponse.Head;
    fail(`Action API ${action} failed: ErrorCode ${head.ErrorCode}: ${head.ErrorMessage}`);
  }
  return answer.SuccessResponse.Body;
}

const QUANTITY = 2;
const credit = await call('GetCredit');
const page = await call('GetProducts', { Page: '1', PageSize: '10' });
// The first SKU on the page that can be ordered: on sale, with the quantity in stock.
const orderable = (p, s) => p.status === 'on_sale' && s.status === 'on_sale' && s.stock >= QUANTITY;
const product = page.items.find((p) => p.skus.some((s) => orderable(p, s)));
if (!product)
  fail(`No product on the first page has a SKU on sale with ${QUANTITY} in stock: nothing to order.`);
const sku = product.skus.find((s) => orderable(product, s));

const order = await call(
  'CreateOrder',
  {},
  {
    goods_id: product.goods_id,
    sku_id: sku.sku_id,
    quantity: QUANTITY,
    // Always send one: a retried (or replayed) CreateOrder then answers 2002 and charges nothing.
    merchant_order_no: process.env.MERCHANT_ORDER_NO || `node-${Date.now()}`,
    shipping_address: {
      name: 'Ada Lovelace',
      phone: '+44 20 7946 0000',
      address: '12 St James Square',
      city: 'London',
      country: 'GB',
      postal_code: 'SW1Y 4JH',
    },
  },
);
const readBack = await call('GetOrder', { OrderNo: order.order_no });
const after = await call('GetCredit');

console.log(
  JSON.stringify({
    available_before: credit.available,
    products_total: page.total,
    goods_id: product.goods_id,
    sku_id: sku.sku_id,
    order_no: order.order_no,
    merchant_order_no: order.merchant_order_no,
    amount: order.amount,
    read_back_order_no: readBack.order_no,
    read_back_status: readBack.status,
    available_after: after.available,
  }),
);
