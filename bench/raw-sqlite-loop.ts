/**
 * The write benchmark's baseline: better-sqlite3 with no server, no HTTP and no Kysely, doing the
 * writes one B-End order makes (replay nonce, duplicate check, product and SKU reads, stock
 * decrement, guarded credit debit, order row, ledger entry), each order in its own transaction,
 * each commit fsync'd (WAL, synchronous=FULL) — the classic one-transaction-per-request loop.
 * With `webhook`, each order also writes its outbox event (an `order.created` payload of the real
 * shape) and one delivery row for the endpoint: bench/webhooks.ts's yardstick for "webhooks on".
 */
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';

export interface RawLoopFixture {
  merchantId: string;
  goodsId: string;
  skuId: string;
  appId: string;
}

export interface RawLoopOptions {
  /** Write the B-End replay nonce (default true; the services-level webhook bench has none). */
  nonce?: boolean;
  /** Also write the order's outbox event and its delivery to this endpoint. */
  webhook?: { endpointId: string };
}

export function runRawLoop(
  dbFile: string,
  f: RawLoopFixture,
  seconds: number,
  tag = 'RAW',
  opts: RawLoopOptions = {},
): { orders: number; seconds: number } {
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const s = {
    nonce: db.prepare('insert into nonces (app_id, nonce, expires_at) values (?, ?, ?)'),
    dup: db.prepare('select order_no from orders where merchant_id = ? and merchant_order_no = ?'),
    product: db.prepare('select * from products where goods_id = ?'),
    sku: db.prepare('select * from skus where sku_id = ?'),
    stock: db.prepare('update skus set stock = stock - ?, updated_at = ? where sku_id = ? and stock >= ?'),
    debit: db.prepare(
      `update credit_accounts set used = used + ?, ledger_seq = ledger_seq + 1, updated_at = ?
       where merchant_id = ? and status = 'active' and credit_limit - (used + ?) >= 0 returning *`,
    ),
    order: db.prepare(
      `insert into orders (order_no, merchant_id, merchant_order_no, batch_no, goods_id, sku_id, quantity,
         unit_price, amount, currency, status, shipping_address_json, tracking_no, credit_reference_no,
         created_at, updated_at)
       values (?, ?, ?, null, ?, ?, 1, ?, ?, ?, 'pending', ?, null, ?, ?, ?)`,
    ),
    entry: db.prepare(
      `insert into credit_transactions (reference_no, merchant_id, seq, type, amount, balance_before,
         balance_after, currency, order_no, description, created_at)
       values (?, ?, ?, 'order', ?, ?, ?, ?, ?, ?, ?)`,
    ),
    event: db.prepare(
      `insert into webhook_events (event_id, merchant_id, type, payload, endpoint_id, fanned_out, created_at)
       values (?, ?, 'order.created', ?, null, 1, ?)`,
    ),
    delivery: db.prepare(
      `insert into webhook_deliveries (delivery_id, event_id, endpoint_id, merchant_id, status, attempts,
         next_attempt_at, lease_until, give_up_at, last_status_code, last_error, created_at, updated_at)
       values (?, ?, ?, ?, 'pending', 0, ?, null, ?, null, null, ?, ?)`,
    ),
  };
  const address = JSON.stringify({
    name: 'A',
    phone: '1',
    address: 'x',
    city: 'y',
    country: 'US',
    postal_code: '',
  });
  const placeOrder = db.transaction((n: number) => {
    const now = new Date().toISOString();
    if (opts.nonce !== false)
      s.nonce.run(f.appId, `raw-${n}-${randomBytes(8).toString('hex')}`, Math.floor(Date.now() / 1000) + 300);
    const mon = `${tag}-${n}`;
    if (s.dup.get(f.merchantId, mon)) throw new Error('duplicate');
    const product = s.product.get(f.goodsId) as { currency: string } | undefined;
    const sku = s.sku.get(f.skuId) as { price: number } | undefined;
    if (!product || !sku) throw new Error('fixture missing');
    if (s.stock.run(1, now, f.skuId, 1).changes !== 1) throw new Error('out of stock');
    const acct = s.debit.get(sku.price, now, f.merchantId, sku.price) as
      { credit_limit: number; used: number; ledger_seq: number; currency: string } | undefined;
    if (!acct) throw new Error('insufficient credit');
    const orderNo = `ORDRAW${n}${randomBytes(6).toString('hex')}`;
    const ref = `CTXRAW${n}${randomBytes(6).toString('hex')}`;
    s.order.run(
      orderNo,
      f.merchantId,
      mon,
      f.goodsId,
      f.skuId,
      sku.price,
      sku.price,
      product.currency,
      address,
      ref,
      now,
      now,
    );
    const after = acct.credit_limit - acct.used;
    s.entry.run(
      ref,
      f.merchantId,
      acct.ledger_seq,
      -sku.price,
      after + sku.price,
      after,
      acct.currency,
      orderNo,
      'raw',
      now,
    );
    if (opts.webhook) {
      const eventId = `evt_RAW${n}${randomBytes(6).toString('hex')}`;
      const payload = JSON.stringify({
        id: eventId,
        type: 'order.created',
        created_at: now,
        data: { object: rawOrderObject(orderNo, mon, f, sku.price, product.currency, now) },
      });
      s.event.run(eventId, f.merchantId, payload, now);
      const giveUp = new Date(Date.now() + 3 * 86_400_000).toISOString();
      s.delivery.run(
        `whd_RAW${n}${randomBytes(6).toString('hex')}`,
        eventId,
        opts.webhook.endpointId,
        f.merchantId,
        now,
        giveUp,
        now,
        now,
      );
    }
  });
  placeOrder.immediate(-1);
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let orders = 0;
  while (process.hrtime.bigint() < deadline) {
    placeOrder.immediate(++orders);
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  return { orders, seconds: elapsed };
}

/** An order as the API shows it (the event's `data.object`): the payload's size is part of the cost. */
export function rawOrderObject(
  orderNo: string,
  merchantOrderNo: string,
  f: RawLoopFixture,
  price: number,
  currency: string,
  now: string,
): Record<string, unknown> {
  const amount = (price / 100).toFixed(2);
  return {
    order_no: orderNo,
    merchant_order_no: merchantOrderNo,
    goods_id: f.goodsId,
    sku_id: f.skuId,
    quantity: 1,
    unit_price: amount,
    amount,
    currency,
    status: 'pending',
    shipping_address: { name: 'A', phone: '1', address: 'x', city: 'y', country: 'US', postal_code: '' },
    tracking_no: null,
    credit_reference_no: `CTX${orderNo}`,
    created_at: now,
    updated_at: now,
    carrier: null,
    shipped_at: null,
    delivered_at: null,
    cancelled_at: null,
    cancel_reason: null,
    refund_reference_no: null,
  };
}
