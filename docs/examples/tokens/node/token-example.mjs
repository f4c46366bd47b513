// Tradepost API tokens (WallTech header signing) — a first client in plain Node.js (>= 20): node:crypto + global fetch.
// Run: TRADEPOST_BASE_URL=http://127.0.0.1:8080/api/v1 TRADEPOST_TOKEN=… TRADEPOST_TOKEN_SECRET=… node token-example.mjs
//
// Reads your credit, lists a page of products, places one order (with a merchant_order_no, so a
// retry can never charge twice) and reads it back. An error answer is printed and exits 1.
import { createHmac } from 'node:crypto';
import process from 'node:process';
/* global fetch, console, URLSearchParams */

const { TRADEPOST_BASE_URL, TRADEPOST_TOKEN: TOKEN, TRADEPOST_TOKEN_SECRET: SECRET } = process.env;
if (!TRADEPOST_BASE_URL || !TOKEN || !SECRET) {
  console.error(
    "set TRADEPOST_BASE_URL, TRADEPOST_TOKEN and TRADEPOST_TOKEN_SECRET (the token's Secret Key)",
  );
  process.exit(1);
}
const BASE = TRADEPOST_BASE_URL.replace(/\/+$/, ''); // …/api/v1, the B-End API's paths
if (!BASE.endsWith('/api/v1')) {
  console.error(
    'TRADEPOST_BASE_URL must be the B-End API base URL, ending in /api/v1 (e.g. http://127.0.0.1:8080/api/v1)',
  );
  process.exit(1);
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

/** Signs and sends one request; returns the answer's data, or exits when its code is not 0. */
async function call(method, path, body = undefined) {
  const url = BASE + path; // exactly the URL sent, query included: it is what is signed
  const date = new Date().toUTCString(); // RFC 1123: Wed, 02 Dec 2026 10:00:00 GMT
  const signature = createHmac('sha1', SECRET).update(`${method}\n${date}\n${url}`).digest('base64');
  const res = await fetch(url, {
    method,
    headers: {
      'X-WallTech-Date': date,
      Authorization: `WallTech ${TOKEN}:${signature}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // 4xx answers carry the same {code, message, data}; anything unreadable is not this API.
  const answer = await res
    .json()
    .catch(() => fail(`${method} ${path}: HTTP ${res.status} ${res.statusText}`));
  if (answer.code !== 0) fail(`${method} ${path} failed: code ${answer.code}: ${answer.message}`);
  return answer.data;
}

const QUANTITY = 2;
const credit = await call('GET', '/credit');
const page = await call('GET', `/products?${new URLSearchParams({ page: '1', page_size: '10' })}`);
// The first SKU on the page that can be ordered: on sale, with the quantity in stock.
const orderable = (p, s) => p.status === 'on_sale' && s.status === 'on_sale' && s.stock >= QUANTITY;
const product = page.items.find((p) => p.skus.some((s) => orderable(p, s)));
if (!product)
  fail(`No product on the first page has a SKU on sale with ${QUANTITY} in stock: nothing to order.`);
const sku = product.skus.find((s) => orderable(product, s));

const order = await call('POST', '/orders', {
  goods_id: product.goods_id,
  sku_id: sku.sku_id,
  quantity: QUANTITY,
  // Always send one: a retried (or replayed) order then answers 2002 and charges nothing.
  merchant_order_no: process.env.MERCHANT_ORDER_NO || `node-${Date.now()}`,
  shipping_address: {
    name: 'Ada Lovelace',
    phone: '+44 20 7946 0000',
    address: '12 St James Square',
    city: 'London',
    country: 'GB',
    postal_code: 'SW1Y 4JH',
  },
});
const readBack = await call('GET', `/orders/${encodeURIComponent(order.order_no)}`);
const after = await call('GET', '/credit');

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
