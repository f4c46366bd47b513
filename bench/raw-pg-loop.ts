/**
 * bench/webhooks.ts's PostgreSQL yardstick: `pg` with no server and no Kysely, `concurrency`
 * clients each placing orders one transaction at a time — the writes one order makes (duplicate
 * check, product and SKU reads, stock decrement, guarded credit debit, order row, ledger entry)
 * plus its outbox event and one delivery row, as raw-sqlite-loop.ts does for SQLite.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { rawOrderObject, type RawLoopFixture } from './raw-sqlite-loop.ts';

export async function runRawPgLoop(
  url: string,
  f: Omit<RawLoopFixture, 'appId'>,
  o: { orders: number; concurrency: number; tag: string; endpointId: string },
): Promise<{ orders: number; seconds: number }> {
  const pool = new pg.Pool({ connectionString: url, max: o.concurrency });
  const address = JSON.stringify({
    name: 'A',
    phone: '1',
    address: 'x',
    city: 'y',
    country: 'US',
    postal_code: '',
  });
  let next = 0;
  async function placeOrder(c: pg.PoolClient, n: number): Promise<void> {
    const now = new Date().toISOString();
    const mon = `${o.tag}-${n}`;
    await c.query('begin');
    try {
      const dup = await c.query(
        'select order_no from orders where merchant_id = $1 and merchant_order_no = $2',
        [f.merchantId, mon],
      );
      if (dup.rowCount) throw new Error('duplicate');
      const product = (await c.query('select * from products where goods_id = $1', [f.goodsId])).rows[0] as
        { currency: string } | undefined;
      const sku = (await c.query('select * from skus where sku_id = $1', [f.skuId])).rows[0] as
        { price: string | number } | undefined;
      if (!product || !sku) throw new Error('fixture missing');
      const price = Number(sku.price);
      const stock = await c.query(
        'update skus set stock = stock - $1, updated_at = $2 where sku_id = $3 and stock >= $1',
        [1, now, f.skuId],
      );
      if (stock.rowCount !== 1) throw new Error('out of stock');
      const acct = (
        await c.query(
          `update credit_accounts set used = used + $1, ledger_seq = ledger_seq + 1, updated_at = $2
           where merchant_id = $3 and status = 'active' and credit_limit - (used + $1) >= 0 returning *`,
          [price, now, f.merchantId],
        )
      ).rows[0] as
        { credit_limit: string; used: string; ledger_seq: string | number; currency: string } | undefined;
      if (!acct) throw new Error('insufficient credit');
      const orderNo = `ORDRAW${n}${randomBytes(6).toString('hex')}`;
      const ref = `CTXRAW${n}${randomBytes(6).toString('hex')}`;
      await c.query(
        `insert into orders (order_no, merchant_id, merchant_order_no, batch_no, goods_id, sku_id, quantity,
           unit_price, amount, currency, status, shipping_address_json, tracking_no, credit_reference_no,
           created_at, updated_at)
         values ($1, $2, $3, null, $4, $5, 1, $6, $6, $7, 'pending', $8, null, $9, $10, $10)`,
        [orderNo, f.merchantId, mon, f.goodsId, f.skuId, price, product.currency, address, ref, now],
      );
      const after = Number(acct.credit_limit) - Number(acct.used);
      await c.query(
        `insert into credit_transactions (reference_no, merchant_id, seq, type, amount, balance_before,
           balance_after, currency, order_no, description, created_at)
         values ($1, $2, $3, 'order', $4, $5, $6, $7, $8, 'raw', $9)`,
        [ref, f.merchantId, acct.ledger_seq, -price, after + price, after, acct.currency, orderNo, now],
      );
      const eventId = `evt_RAW${n}${randomBytes(6).toString('hex')}`;
      const payload = JSON.stringify({
        id: eventId,
        type: 'order.created',
        created_at: now,
        data: { object: rawOrderObject(orderNo, mon, { ...f, appId: '' }, price, product.currency, now) },
      });
      await c.query(
        `insert into webhook_events (event_id, merchant_id, type, payload, endpoint_id, fanned_out, created_at)
         values ($1, $2, 'order.created', $3, null, 1, $4)`,
        [eventId, f.merchantId, payload, now],
      );
      await c.query(
        `insert into webhook_deliveries (delivery_id, event_id, endpoint_id, merchant_id, status, attempts,
           next_attempt_at, lease_until, give_up_at, last_status_code, last_error, created_at, updated_at)
         values ($1, $2, $3, $4, 'pending', 0, $5, null, $6, null, null, $5, $5)`,
        [
          `whd_RAW${n}${randomBytes(6).toString('hex')}`,
          eventId,
          o.endpointId,
          f.merchantId,
          now,
          new Date(Date.now() + 3 * 86_400_000).toISOString(),
        ],
      );
      await c.query('commit');
    } catch (e) {
      await c.query('rollback');
      throw e;
    }
  }
  const started = performance.now();
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      const c = await pool.connect();
      try {
        while (next < o.orders) await placeOrder(c, next++);
      } finally {
        c.release();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  return { orders: o.orders, seconds };
}
