import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { up as placeUncapped } from './2026-11-29-webhooks-deliveries-written-claimed.ts';

/**
 * PostgreSQL only (a no-op on SQLite): `tradepost_place_order` as in
 * 2026-11-29-webhooks-deliveries-written-claimed, except that an order whose amount
 * (price × quantity) is past `p_max_balance` (MAX_BALANCE_MINOR, 9999999999999.99: the most a
 * money string carries) is refused with the new outcome `amount` (4001 on the quantity,
 * orders.place.ts), writing nothing. Before, only an amount past 2^53 was refused (as
 * `insufficient`): with a credit balance (`used` below 0) at the largest limit, more than
 * `p_max_balance` was available, and an order no client could read back was placed. Same
 * parameters and result; `tradepost_place_orders` calls this function, so it takes the cap too.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create or replace function tradepost_place_order(
      p_merchant_id text, p_merchant_order_no text, p_batch_no text, p_goods_id text, p_sku_id text,
      p_quantity integer, p_order_no text, p_reference_no text, p_shipping_address_json text,
      p_now text, p_max_balance bigint, p_event jsonb default null,
      out r_outcome text, out r_detail text, out r_price bigint, out r_currency text,
      out r_stock integer)
    language plpgsql as $fn$
    declare
      v_amount numeric;
      v_acc credit_accounts%rowtype;
      v_at text;
    begin
      if p_merchant_order_no is not null then
        select o.order_no into r_detail from orders o
          where o.merchant_id = p_merchant_id and o.merchant_order_no = p_merchant_order_no;
        if found then r_outcome := 'duplicate'; return; end if;
      end if;

      select s.price, s.stock, p.currency into r_price, r_stock, r_currency
        from skus s join products p on p.goods_id = s.goods_id
        where s.sku_id = p_sku_id and s.goods_id = p_goods_id and s.status = 'on_sale'
          and p.status = 'on_sale'
        for update of s;
      if not found then r_outcome := 'not_found'; return; end if;
      if r_stock < p_quantity then r_outcome := 'out_of_stock'; return; end if;
      if p_event is not null and (r_price is distinct from (p_event->>'unit_price')::bigint
          or r_currency is distinct from p_event->>'currency') then
        r_outcome := 'repriced'; return;
      end if;

      -- An amount past p_max_balance (the most a money string carries, far inside 2^53) is never
      -- debited, whatever the credit: refused as 'amount', after the account's own checks.
      v_amount := r_price::numeric * p_quantity;
      if v_amount <= p_max_balance then
        update credit_accounts a
          set used = a.used + v_amount, ledger_seq = a.ledger_seq + 1, updated_at = p_now
          where a.merchant_id = p_merchant_id
            and a.credit_limit - (a.used + v_amount) >= 0
            and a.credit_limit between 0 and p_max_balance
            and a.status = 'active' and a.currency = r_currency
          returning a.* into v_acc;
      end if;
      if v_acc.merchant_id is null then
        select a.* into v_acc from credit_accounts a where a.merchant_id = p_merchant_id;
        if not found then r_outcome := 'no_account';
        elsif v_acc.status <> 'active' then r_outcome := 'frozen';
        elsif v_acc.currency <> r_currency then r_outcome := 'currency'; r_detail := v_acc.currency;
        elsif v_amount > p_max_balance then r_outcome := 'amount';
        else r_outcome := 'insufficient';
        end if;
        return;
      end if;

      update skus s set stock = s.stock - p_quantity, updated_at = p_now where s.sku_id = p_sku_id;
      r_stock := r_stock - p_quantity;
      insert into orders (order_no, merchant_id, merchant_order_no, batch_no, goods_id, sku_id,
          quantity, unit_price, amount, currency, status, shipping_address_json, tracking_no,
          credit_reference_no, created_at, updated_at)
        values (p_order_no, p_merchant_id, p_merchant_order_no, p_batch_no, p_goods_id, p_sku_id,
          p_quantity, r_price, v_amount, r_currency, 'pending', p_shipping_address_json, null,
          p_reference_no, p_now, p_now);
      -- The description is appendEntry's for an order; the price as formatMoney writes a
      -- non-negative amount (price >= 0 is a CHECK of skus).
      insert into credit_transactions (reference_no, merchant_id, seq, type, amount, balance_before,
          balance_after, currency, order_no, description, created_at)
        values (p_reference_no, v_acc.merchant_id, v_acc.ledger_seq, 'order', -v_amount,
          v_acc.credit_limit - v_acc.used + v_amount, v_acc.credit_limit - v_acc.used, v_acc.currency,
          p_order_no,
          'Order ' || p_order_no || ': ' || p_quantity || ' × ' || p_sku_id || ' @ '
            || (r_price / 100) || '.' || lpad((r_price % 100)::text, 2, '0') || ' ' || r_currency,
          p_now);

      if p_event is not null then
        v_at := p_event->>'created_at';
        insert into webhook_events (event_id, merchant_id, type, payload, endpoint_id, fanned_out,
            created_at)
          values (p_event->>'event_id', p_merchant_id, p_event->>'type', p_event->>'payload', null,
            case when exists (select 1 from webhook_endpoints e
                where e.merchant_id = p_merchant_id and e.status = 'enabled'
                  and not (p_event->'known_endpoints' ? e.endpoint_id))
              then 0 else 1 end,
            v_at);
        insert into webhook_deliveries (delivery_id, event_id, endpoint_id, merchant_id, status,
            attempts, next_attempt_at, lease_until, give_up_at, last_status_code, last_error,
            created_at, updated_at)
          select d.delivery_id, p_event->>'event_id', d.endpoint_id, p_merchant_id,
              case when d.lease_until is null then 'pending' else 'delivering' end, 0,
              v_at, d.lease_until, p_event->>'give_up_at', null, null, v_at, v_at
            from jsonb_to_recordset(p_event->'deliveries')
              as d(endpoint_id text, delivery_id text, lease_until text)
            join webhook_endpoints e on e.endpoint_id = d.endpoint_id
            where e.merchant_id = p_merchant_id and e.status = 'enabled';
      end if;
      r_outcome := 'placed';
    end
    $fn$`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  // The same signature: the earlier definition replaces this one.
  await placeUncapped(db);
}
