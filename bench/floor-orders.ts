/**
 * The floor yardstick's order writes (bench/floor-server.ts): the writes one B-End order must make
 * (duplicate check, guarded stock take, guarded credit debit, order row, ledger entry), as raw
 * prepared statements with no query builder, on either database. Same rows and same money rules
 * as modules/orders/orders.place.ts: the debit and its ledger entry commit together or not at all.
 *
 * SQLite: better-sqlite3, WAL, synchronous=FULL; orders that arrive in the same tick share one
 * BEGIN IMMEDIATE … COMMIT (one fsync), and nobody is answered before that COMMIT returned.
 * PostgreSQL: a pg Pool, one order = one round trip (`tradepost_place_order`, the server's own
 * function, as a named prepared statement), autocommit.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { newId } from '../apps/server/src/shared/ids.ts';
import { formatMoney, MAX_BALANCE_MINOR } from '../apps/server/src/shared/money.ts';

export interface FloorOrderInput {
  goods_id: string;
  sku_id: string;
  quantity: number;
  merchant_order_no: string | null;
  shipping_address: Record<string, string>;
}

/** A placed order's row, or why not (a bend-v1 code with its message; 2002 names the existing order). */
export type FloorOutcome =
  | {
      ok: true;
      orderNo: string;
      referenceNo: string;
      price: number;
      currency: string;
      now: string;
    }
  | { ok: false; code: number; message: string; orderNo?: string };

export type PlaceOrder = (merchantId: string, o: FloorOrderInput) => Promise<FloorOutcome>;

const refused = (code: number, message: string, orderNo?: string): FloorOutcome => ({
  ok: false,
  code,
  message,
  ...(orderNo ? { orderNo } : {}),
});

/** SQLite with group commit: returns the order function and a close. */
export function sqliteOrders(file: string): { place: PlaceOrder; close(): void } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  const s = {
    dup: db.prepare('select order_no from orders where merchant_id = ? and merchant_order_no = ?').pluck(),
    take: db.prepare(
      `update skus set stock = stock - ?, updated_at = ?
       where sku_id = ? and goods_id = ? and status = 'on_sale' and stock >= ?
         and exists (select 1 from products p where p.goods_id = skus.goods_id and p.status = 'on_sale')
       returning price, (select currency from products p where p.goods_id = skus.goods_id) as currency`,
    ),
    untake: db.prepare('update skus set stock = stock + ? where sku_id = ?'),
    orderable: db.prepare(
      `select 1 from skus where sku_id = ? and goods_id = ? and status = 'on_sale'
         and exists (select 1 from products p where p.goods_id = skus.goods_id and p.status = 'on_sale')`,
    ),
    debit: db.prepare(
      `update credit_accounts set used = used + ?, ledger_seq = ledger_seq + 1, updated_at = ?
       where merchant_id = ? and credit_limit - (used + ?) >= 0 and credit_limit between 0 and ?
         and status = 'active' and currency = ?
       returning credit_limit, used, ledger_seq, currency`,
    ),
    account: db.prepare('select status, currency from credit_accounts where merchant_id = ?'),
    order: db.prepare(
      `insert into orders (order_no, merchant_id, merchant_order_no, batch_no, goods_id, sku_id, quantity,
         unit_price, amount, currency, status, shipping_address_json, tracking_no, credit_reference_no,
         created_at, updated_at)
       values (?, ?, ?, null, ?, ?, ?, ?, ?, ?, 'pending', ?, null, ?, ?, ?)`,
    ),
    entry: db.prepare(
      `insert into credit_transactions (reference_no, merchant_id, seq, type, amount, balance_before,
         balance_after, currency, order_no, description, created_at)
       values (?, ?, ?, 'order', ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };

  const placeOne = (merchantId: string, o: FloorOrderInput, now: string): FloorOutcome => {
    if (o.merchant_order_no !== null) {
      const existing = s.dup.get(merchantId, o.merchant_order_no) as string | undefined;
      if (existing) return refused(2002, 'Duplicate order', existing);
    }
    const sku = s.take.get(o.quantity, now, o.sku_id, o.goods_id, o.quantity) as
      { price: number; currency: string } | undefined;
    if (!sku) {
      return s.orderable.get(o.sku_id, o.goods_id)
        ? refused(3002, 'Product out of stock')
        : refused(3001, 'Product not found');
    }
    const amount = sku.price * o.quantity;
    const acct = Number.isSafeInteger(amount)
      ? (s.debit.get(amount, now, merchantId, amount, MAX_BALANCE_MINOR, sku.currency) as
          { credit_limit: number; used: number; ledger_seq: number; currency: string } | undefined)
      : undefined;
    if (!acct) {
      // No savepoint per order: the one write made so far is undone by hand, in the same transaction.
      s.untake.run(o.quantity, o.sku_id);
      const a = s.account.get(merchantId) as { status: string; currency: string } | undefined;
      if (a && a.status === 'active' && a.currency !== sku.currency)
        return refused(4001, `goods_id: priced in ${sku.currency}, the credit account is in ${a.currency}`);
      return refused(2001, 'Insufficient credit');
    }
    const orderNo = newId('ORD');
    const referenceNo = newId('CTX');
    s.order.run(
      orderNo,
      merchantId,
      o.merchant_order_no,
      o.goods_id,
      o.sku_id,
      o.quantity,
      sku.price,
      amount,
      sku.currency,
      JSON.stringify(o.shipping_address),
      referenceNo,
      now,
      now,
    );
    const after = acct.credit_limit - acct.used;
    s.entry.run(
      referenceNo,
      merchantId,
      acct.ledger_seq,
      -amount,
      after + amount,
      after,
      acct.currency,
      orderNo,
      `Order ${orderNo}: ${o.quantity} × ${o.sku_id} @ ${formatMoney(sku.price)} ${sku.currency}`,
      now,
    );
    return { ok: true, orderNo, referenceNo, price: sku.price, currency: sku.currency, now };
  };

  type Pending = {
    merchantId: string;
    order: FloorOrderInput;
    resolve(o: FloorOutcome): void;
    reject(e: unknown): void;
  };
  let queue: Pending[] = [];
  const commit = db.transaction((batch: Pending[]) => {
    const now = new Date().toISOString();
    return batch.map((p) => placeOne(p.merchantId, p.order, now));
  });
  const flush = () => {
    const batch = queue;
    queue = [];
    try {
      // .immediate: BEGIN IMMEDIATE; the COMMIT (one fsync) returns before anyone is answered.
      const outcomes = commit.immediate(batch);
      batch.forEach((p, i) => p.resolve(outcomes[i]!));
    } catch (e) {
      for (const p of batch) p.reject(e);
    }
  };
  return {
    place: (merchantId, order) =>
      new Promise((resolve, reject) => {
        if (queue.push({ merchantId, order, resolve, reject }) === 1) setImmediate(flush);
      }),
    close: () => db.close(),
  };
}

/** PostgreSQL: one statement per order through a pool of `max` connections. */
export function pgOrders(url: string, max: number): { place: PlaceOrder; close(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => undefined);
  const text = 'select * from tradepost_place_order($1, $2, null, $3, $4, $5, $6, $7, $8, $9, $10)';
  return {
    async place(merchantId, o) {
      const now = new Date().toISOString();
      const orderNo = newId('ORD');
      const referenceNo = newId('CTX');
      const { rows } = await pool.query<{
        r_outcome: string;
        r_detail: string | null;
        r_price: string | null;
        r_currency: string | null;
      }>({
        name: 'floor_place_order',
        text,
        values: [
          merchantId,
          o.merchant_order_no,
          o.goods_id,
          o.sku_id,
          o.quantity,
          orderNo,
          referenceNo,
          JSON.stringify(o.shipping_address),
          now,
          MAX_BALANCE_MINOR,
        ],
      });
      const r = rows[0]!;
      switch (r.r_outcome) {
        case 'placed':
          return { ok: true, orderNo, referenceNo, price: Number(r.r_price), currency: r.r_currency!, now };
        case 'duplicate':
          return refused(2002, 'Duplicate order', r.r_detail!);
        case 'not_found':
          return refused(3001, 'Product not found');
        case 'out_of_stock':
          return refused(3002, 'Product out of stock');
        case 'currency':
          return refused(4001, `goods_id: priced in ${r.r_currency}, the credit account is in ${r.r_detail}`);
        default:
          return refused(2001, 'Insufficient credit');
      }
    },
    close: () => pool.end(),
  };
}
