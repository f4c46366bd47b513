import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * PostgreSQL only (a no-op on SQLite): `tradepost_place_orders`, the orders that arrived together
 * (one event-loop tick of one server process) placed in ONE transaction: each item exactly as
 * `tradepost_place_order` (2026-11-29-orders-pg-place-events) places it alone, with the same
 * outcome per item (a refused item writes nothing and the others go on), but one round trip, one
 * commit and one WAL flush for all, and a hot merchant's credit row or a hot SKU's stock row locked
 * once for the group instead of once per order (issue #10 goal 5).
 *
 * Every SKU row, then every credit row, is locked up front in sorted order: the rule of single
 * orders (sku → credit) and of batch orders (sorted SKUs, then the credit row), so no pair of these
 * transactions can deadlock. `p_orders` items: the orders columns merchant_id, merchant_order_no,
 * batch_no, goods_id, sku_id, quantity, order_no, credit_reference_no, shipping_address_json and
 * created_at, and optionally event (the object `p_event` takes). Answers one row per item, `r_index` its 1-based position.
 */
// Migrations run on Kysely<any> (STYLE.md): they must not follow later changes to Database.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create or replace function tradepost_place_orders(p_orders jsonb, p_max_balance bigint)
    returns table (r_index integer, r_outcome text, r_detail text, r_price bigint, r_currency text,
      r_stock integer)
    language plpgsql as $fn$
    declare
      v_order jsonb;
      v_index integer;
    begin
      perform 1 from skus s
        where s.sku_id in (select x->>'sku_id' from jsonb_array_elements(p_orders) x)
        order by s.sku_id for update;
      perform 1 from credit_accounts a
        where a.merchant_id in (select x->>'merchant_id' from jsonb_array_elements(p_orders) x)
        order by a.merchant_id for update;
      for v_order, v_index in select x, n from jsonb_array_elements(p_orders) with ordinality t(x, n)
      loop
        return query select v_index, p.* from tradepost_place_order(v_order->>'merchant_id',
          v_order->>'merchant_order_no', v_order->>'batch_no', v_order->>'goods_id',
          v_order->>'sku_id', (v_order->>'quantity')::integer, v_order->>'order_no',
          v_order->>'credit_reference_no', v_order->>'shipping_address_json', v_order->>'created_at',
          p_max_balance, nullif(v_order->'event', 'null'::jsonb)) p;
      end loop;
    end
    $fn$`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop function if exists tradepost_place_orders(jsonb, bigint)`.execute(db);
}
