import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { isRefusedValue } from '../../db/errors.ts';
import { PREPARED } from '../../db/pg-prepared.ts';
import { MAX_BALANCE_MINOR } from '../../shared/money.ts';
import { perTick, type TickWaiter } from '../../shared/per-tick.ts';
import type { NewOrderFields } from './orders.table.ts';

/** One order as `tradepost_place_orders` reads it: the new order's fields, and its outbox event. */
export type PlaceArgs = NewOrderFields & {
  /** `p_event`: the outbox event to write with the order, with the price it expects. */
  event?: object;
};

/** What the function answers for one order (orders.place.ts reads it). */
export interface PlaceOutcome {
  r_outcome: string;
  r_detail: string | null;
  r_price: number | null;
  r_currency: string | null;
  r_stock: number | null;
}

/** Orders per `tradepost_place_orders` call at most: a tick's worth at 32 connections, bounded. */
const MAX_GROUP = 64;
/** Orders with no row in common are packed this many to a call, the calls running side by side. */
const PACK = 8;

type Waiter = TickWaiter<PlaceArgs, PlaceOutcome>;

/** Per pool: its orders of the current tick, placed on the next turn. */
const placeInTick = new WeakMap<Kysely<Database>, (args: PlaceArgs) => Promise<PlaceOutcome>>();

/**
 * PostgreSQL: places one order with the migration's function. Inside a transaction (a batch
 * item, a unit with more to write) it is one statement of it. On the pool, the orders that arrive
 * in the same event-loop tick are sent together (`groupsOf`), each call one transaction of
 * `tradepost_place_orders` (migration 2026-11-29-orders-pg-place-group): each order's outcome is
 * the one it would have had alone, and a merchant's orders queued behind its credit row's lock
 * commit in one WAL flush.
 */
export function placeStatement(
  db: Kysely<Database> | Transaction<Database>,
  args: PlaceArgs,
): Promise<PlaceOutcome> {
  if (db.isTransaction) return placeOne(db, args);
  let place = placeInTick.get(db);
  if (!place) {
    place = perTick<PlaceArgs, PlaceOutcome>((batch) => {
      for (const group of groupsOf(batch)) void placeGroup(db, group);
    });
    placeInTick.set(db, place);
  }
  return place(args);
}

/**
 * A tick's orders as calls. Orders linked by a row they lock (a merchant's credit row, a SKU's
 * stock row), directly or through others, go in one call: apart, they would only wait on each
 * other's lock, each with a commit of its own. Orders with no row in common are packed PACK to a
 * call and the calls run side by side on the pool's connections, so one transaction's commit does
 * not hold up orders it shares nothing with. (Measured against one call per tick: 32 merchants on
 * 32 SKUs 1.19–1.23×, bench/RESULTS.md.) A linked set larger than MAX_GROUP is cut.
 */
function groupsOf(orders: Waiter[]): Waiter[][] {
  // Union-find over the rows: each order joins its merchant's row and its SKU's row.
  const parent = new Map<string, string>();
  const root = (key: string): string => {
    let r = key;
    while (parent.get(r) !== r) r = parent.get(r)!;
    for (let k = key; k !== r;) {
      const next = parent.get(k)!;
      parent.set(k, r);
      k = next;
    }
    return r;
  };
  const rowsOf = (a: PlaceArgs) => [`credit\n${a.merchant_id}`, `sku\n${a.sku_id}`] as const;
  for (const { arg } of orders) {
    const [credit, sku] = rowsOf(arg);
    if (!parent.has(credit)) parent.set(credit, credit);
    if (!parent.has(sku)) parent.set(sku, sku);
    parent.set(root(credit), root(sku));
  }
  const linked = new Map<string, Waiter[]>();
  for (const w of orders) {
    const r = root(rowsOf(w.arg)[0]);
    const set = linked.get(r);
    if (set) set.push(w);
    else linked.set(r, [w]);
  }
  const groups: Waiter[][] = [];
  let packed: Waiter[] = [];
  for (const set of linked.values()) {
    if (set.length >= PACK) {
      for (let i = 0; i < set.length; i += MAX_GROUP) groups.push(set.slice(i, i + MAX_GROUP));
      continue;
    }
    if (packed.length + set.length > PACK) {
      groups.push(packed);
      packed = [];
    }
    packed.push(...set);
  }
  if (packed.length > 0) groups.push(packed);
  return groups;
}

async function placeOne(db: Kysely<Database>, a: PlaceArgs): Promise<PlaceOutcome> {
  const { rows } = await sql<PlaceOutcome>`${sql.raw(PREPARED)}select * from tradepost_place_order(
    ${a.merchant_id}, ${a.merchant_order_no}, ${a.batch_no}, ${a.goods_id}, ${a.sku_id}, ${a.quantity},
    ${a.order_no}, ${a.credit_reference_no}, ${a.shipping_address_json}, ${a.created_at}, ${MAX_BALANCE_MINOR},
    ${a.event ? JSON.stringify(a.event) : null}::jsonb)`.execute(db);
  return rows[0]!;
}

async function placeGroup(db: Kysely<Database>, group: Waiter[]): Promise<void> {
  if (group.length === 1) {
    const [w] = group as [Waiter];
    return placeOne(db, w.arg).then(w.resolve, w.reject);
  }
  try {
    const { rows } = await sql<PlaceOutcome & { r_index: number }>`${sql.raw(PREPARED)}
      select * from tradepost_place_orders(${JSON.stringify(group.map((w) => w.arg))}::jsonb,
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
      if (byOrder) placeOne(db, w.arg).then(w.resolve, w.reject);
      else w.reject(e);
    }
  }
}
