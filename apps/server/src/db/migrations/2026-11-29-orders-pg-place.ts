import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * PostgreSQL only (a no-op on SQLite): `tradepost_place_order`, one order as ONE statement
 * (docs/scaling.md "PostgreSQL"). The SKU row and the merchant's credit row are locked inside
 * the call and released at its commit, so an order holds them for one round trip instead of the
 * six of a statement-by-statement unit. It does exactly what modules/orders/orders.place.ts does
 * on SQLite, in the same order:
 *
 * 1. a repeated merchant_order_no answers `duplicate` with the existing order_no, writing nothing;
 * 2. the orderable SKU row is locked (sku → credit, the lock order of every unit); not orderable
 *    → `not_found`, not enough stock → `out_of_stock`;
 * 3. the guarded debit (moveCredit's guard for an order: available stays ≥ 0, the limit within
 *    0..max, active, same currency); refused → why, in creditRefusal's order: `no_account`,
 *    `frozen`, `currency` (with the account's currency), `insufficient`;
 * 4. only then the writes: stock taken, the order row (its unique (merchant_id,
 *    merchant_order_no) index still raises 23505 for a racing twin), the ledger entry chained on
 *    the account's new ledger_seq.
 *
 * A refusal writes nothing, so a caller running the call on its own (autocommit) needs no
 * rollback. Table names are unqualified: they resolve in the caller's search_path, as every
 * other statement of the server does.
 */
// Migrations run on Kysely<any> (STYLE.md): they must not follow later changes to Database.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create or replace function tradepost_place_order(
      p_merchant_id text, p_merchant_order_no text, p_batch_no text, p_goods_id text, p_sku_id text,
      p_quantity integer, p_order_no text, p_reference_no text, p_shipping_address_json text,
      p_now text, p_max_balance bigint,
      out r_outcome text, out r_detail text, out r_price bigint, out r_currency text)
    language plpgsql as $fn$
    declare
      v_stock integer;
      v_amount numeric;
      v_acc credit_accounts%rowtype;
    begin
      if p_merchant_order_no is not null then
        select o.order_no into r_detail from orders o
          where o.merchant_id = p_merchant_id and o.merchant_order_no = p_merchant_order_no;
        if found then r_outcome := 'duplicate'; return; end if;
      end if;

      select s.price, s.stock, p.currency into r_price, v_stock, r_currency
        from skus s join products p on p.goods_id = s.goods_id
        where s.sku_id = p_sku_id and s.goods_id = p_goods_id and s.status = 'on_sale'
          and p.status = 'on_sale'
        for update of s;
      if not found then r_outcome := 'not_found'; return; end if;
      if v_stock < p_quantity then r_outcome := 'out_of_stock'; return; end if;

      -- An amount past 2^53 is refused as the JS path refuses it (not a safe integer).
      v_amount := r_price::numeric * p_quantity;
      if v_amount <= 9007199254740991 then
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
        else r_outcome := 'insufficient';
        end if;
        return;
      end if;

      update skus s set stock = s.stock - p_quantity, updated_at = p_now where s.sku_id = p_sku_id;
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
      r_outcome := 'placed';
    end
    $fn$`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop function if exists tradepost_place_order(text, text, text, text, text, integer, text,
    text, text, text, bigint)`.execute(db);
}
