import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { isRefusedValue } from '../../db/errors.ts';
import { PREPARED } from '../../db/pg-prepared.ts';
import { MAX_BALANCE_MINOR } from '../../shared/money.ts';

/** One order's arguments to `tradepost_place_order`, named as `tradepost_place_orders` reads them. */
export interface PlaceArgs {
  merchant_id: string;
  merchant_order_no: string | null;
  batch_no: string | null;
  goods_id: string;
  sku_id: string;
  quantity: number;
  order_no: string;
  reference_no: string;
  shipping_address_json: string;
  now: string;
  /** `p_event`: the outbox event to write with the order, with the price it expects. */
  event?: object;
}

/** What the function answers for one order (orders.place.ts reads it). */
export interface PlaceOutcome {
  r_outcome: string;
  r_detail: string | null;
  r_price: number | null;
  r_currency: string | null;
  r_stock: number | null;
}

/** Orders per `tradepost_place_orders` call: a tick's worth at 32 connections, bounded. */
const MAX_GROUP = 64;

type Waiter = { args: PlaceArgs; resolve(r: PlaceOutcome): void; reject(e: unknown): void };

/** The orders waiting for the next tick, per pool. */
const waiting = new WeakMap<Kysely<Database>, Waiter[]>();

/**
 * PostgreSQL: places one order with the migration's function. Inside a transaction (a batch
 * item, a unit with more to write) it is one statement of it. On the pool, the orders that arrive
 * in the same event-loop tick are sent together, as one transaction of `tradepost_place_orders`
 * (migration 2026-11-29-orders-pg-place-group): each order's outcome is the one it would have had
 * alone, and a merchant's orders queued behind its credit row's lock commit in one WAL flush.
 */
export function placeStatement(
  db: Kysely<Database> | Transaction<Database>,
  args: PlaceArgs,
): Promise<PlaceOutcome> {
  if (db.isTransaction) return placeOne(db, args);
  return new Promise((resolve, reject) => {
    let group = waiting.get(db);
    if (!group) {
      group = [];
      waiting.set(db, group);
      setImmediate(() => {
        const all = waiting.get(db)!;
        waiting.delete(db);
        for (let i = 0; i < all.length; i += MAX_GROUP) void placeGroup(db, all.slice(i, i + MAX_GROUP));
      });
    }
    group.push({ args, resolve, reject });
  });
}

async function placeOne(db: Kysely<Database>, a: PlaceArgs): Promise<PlaceOutcome> {
  const { rows } = await sql<PlaceOutcome>`${sql.raw(PREPARED)}select * from tradepost_place_order(
    ${a.merchant_id}, ${a.merchant_order_no}, ${a.batch_no}, ${a.goods_id}, ${a.sku_id}, ${a.quantity},
    ${a.order_no}, ${a.reference_no}, ${a.shipping_address_json}, ${a.now}, ${MAX_BALANCE_MINOR},
    ${a.event ? JSON.stringify(a.event) : null}::jsonb)`.execute(db);
  return rows[0]!;
}

async function placeGroup(db: Kysely<Database>, group: Waiter[]): Promise<void> {
  if (group.length === 1) {
    const [w] = group as [Waiter];
    return placeOne(db, w.args).then(w.resolve, w.reject);
  }
  try {
    const { rows } = await sql<PlaceOutcome & { r_index: number }>`${sql.raw(PREPARED)}
      select * from tradepost_place_orders(${JSON.stringify(group.map((w) => w.args))}::jsonb,
        ${MAX_BALANCE_MINOR})`.execute(db);
    if (rows.length !== group.length) throw new Error('tradepost_place_orders: one row per order expected');
    for (const { r_index, ...outcome } of rows) group[r_index - 1]!.resolve(outcome);
  } catch (e) {
    // An order the database refused by raising (a unique merchant_order_no a racing transaction
    // committed first, a value it rejects) rolled the whole group back, so nothing was written:
    // each order goes again alone, and only the one at fault hears the error, as it would have.
    // Anything else (a lost connection, a deadlock the writer retries) is every order's answer.
    const byOrder = isRefusedValue(e);
    for (const w of group) {
      if (byOrder) placeOne(db, w.args).then(w.resolve, w.reject);
      else w.reject(e);
    }
  }
}
