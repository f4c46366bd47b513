/** The B-End v1 endpoint table and response codes as the guide (docs/api/bend-v1.md) lists them. */
export const ENDPOINTS = [
  ['GET', '/products', '—', 'listProducts'],
  ['GET', '/products/:id', '—', 'getProduct'],
  ['GET', '/products/sku/:sku', '—', 'getProductBySku'],
  ['POST', '/orders', 'CreateOrderRequest', 'createOrder'],
  ['POST', '/batch-orders', 'CreateBatchOrderRequest', 'createBatch'],
  ['GET', '/orders', '—', 'listOrders'],
  ['GET', '/orders/:order_no', '—', 'getOrder'],
  ['GET', '/orders/merchant/:merchant_order', '—', 'getOrderByMerchantNo'],
  ['POST', '/orders/:order_no/cancel', '—', 'cancelOrder'],
  ['GET', '/batch-orders/:batch_no', '—', 'getBatch'],
  ['GET', '/credit', '—', 'getCredit'],
  ['GET', '/credit/transactions', '—', 'listTransactions'],
] as const;

/** Kept equal to the protocol's BEND_CODES by apps/web/test/i18n.test.ts. */
export const RESPONSE_CODES = [
  0, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 2001, 2002, 2003, 3001, 3002, 3003, 3004, 4001, 4029, 5001,
] as const;

export const CREATE_ORDER_REQUEST = `{
  "goods_id": "string",          // required: product ID
  "sku_id": "string",            // required: SKU ID
  "quantity": 1,                 // required: 1..999
  "merchant_order_no": "string", // optional: your reference, unique per merchant
  "shipping_address": {          // required
    "name": "string",
    "phone": "string",
    "address": "string",
    "city": "string",
    "country": "US",             // ISO 3166-1 alpha-2
    "postal_code": "string"
  }
}`;

export const STANDARD_RESPONSE = `{
  "code": 0,            // 0 = success, else an error code below
  "message": "success",
  "data": { … },        // the endpoint's result
  "nonce": "…", "timestamp": "…",
  "sign": "…"           // HMAC-SHA256 over the response, verify before you decrypt
}`;

export const SIGN_STRING = `data      = Base64(iv ‖ AES-256-GCM(json, Secret Key) ‖ tag)
signStr   = {"app_id":"…","data":"…","nonce":"…","timestamp":"…"}   // keys in ASCII order, no spaces
sign      = hex(HMAC-SHA256(signStr, Sign Key))`;
