import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * PostgreSQL only (a no-op on SQLite): `tradepost_rate_take`, the GCRA of shared/rate-limit.pg.ts
 * for the requests of one event-loop tick in ONE statement: for each key (sorted by the caller, so
 * two processes lock shared keys in the same order), `count` requests arrived together. Each key's
 * row is locked, and of its requests the first `r_taken` fit the bucket (the same test, unit by
 * unit, as the one-request upsert it replaces: tat + interval − span ≤ now); the row then moves on
 * `r_taken` intervals. Answers, per key, the tat before (`r_t0`, at least now), `r_taken` and the
 * database's clock (`r_now`, ms), from which the caller derives each request's headers.
 */
// Migrations run on Kysely<any> (STYLE.md): they must not follow later changes to Database.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create or replace function tradepost_rate_take(
      p_keys text[], p_counts integer[], p_interval double precision, p_span double precision)
    returns table (r_key text, r_t0 double precision, r_taken integer, r_now double precision)
    language plpgsql as $fn$
    declare
      v_now double precision := extract(epoch from clock_timestamp()) * 1000;
      v_tat double precision;
    begin
      for i in 1 .. coalesce(array_length(p_keys, 1), 0) loop
        -- Locks the row (or creates it, full: tat = now) and reads its tat.
        insert into rate_limits as r (key, tat) values (p_keys[i], v_now)
          on conflict (key) do update set tat = r.tat
          returning r.tat into v_tat;
        r_key := p_keys[i];
        r_t0 := greatest(v_tat, v_now);
        r_now := v_now;
        -- The 1e-9 keeps an exact fit from being lost to rounding (the upsert compared directly).
        r_taken := least(p_counts[i], greatest(0, floor((v_now + p_span - r_t0) / p_interval + 1e-9)))::integer;
        if r_taken > 0 then
          update rate_limits set tat = r_t0 + r_taken * p_interval where key = p_keys[i];
        end if;
        return next;
      end loop;
    end
    $fn$`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop function if exists tradepost_rate_take(text[], integer[], double precision, double precision)`.execute(
    db,
  );
}
