import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { PREPARED } from '../../db/pg-prepared.ts';

/**
 * Insert-or-fail in one statement. A row whose window has passed may be reclaimed (the
 * conflict branch only updates when the old row has expired), so purging is an optimisation,
 * not a correctness requirement. True when this call now owns (appId, nonce).
 */
export async function claimNonce(
  db: Kysely<Database>,
  n: { appId: string; nonce: string; expiresAt: number; nowSeconds: number },
): Promise<boolean> {
  const row = await db
    .insertInto('nonces')
    .values({ app_id: n.appId, nonce: n.nonce, expires_at: n.expiresAt })
    .onConflict((oc) =>
      oc
        .columns(['app_id', 'nonce'])
        .doUpdateSet({ expires_at: n.expiresAt })
        .where('nonces.expires_at', '<=', n.nowSeconds),
    )
    .returning('app_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * PostgreSQL: many claims in ONE statement (the claims of one event-loop tick), each with the
 * rule of `claimNonce`; for each claim, whether it now owns its (appId, nonce). A pair named twice
 * in `claims` is owned by its first claim only: the later one is a replay (and an upsert may not
 * touch one row twice in a statement).
 */
export async function claimNonces(
  db: Kysely<Database>,
  claims: readonly { appId: string; nonce: string; expiresAt: number }[],
  nowSeconds: number,
): Promise<boolean[]> {
  const keys = claims.map((c) => `${c.appId}\n${c.nonce}`);
  const first = new Map<string, number>();
  keys.forEach((k, i) => {
    if (!first.has(k)) first.set(k, i);
  });
  const distinct = [...first.values()].map((i) => claims[i]!);
  const { rows } = await sql<{ app_id: string; nonce: string }>`${sql.raw(PREPARED)}
    insert into nonces (app_id, nonce, expires_at)
    select * from unnest(${distinct.map((c) => c.appId)}::varchar[], ${distinct.map((c) => c.nonce)}::varchar[],
      ${distinct.map((c) => c.expiresAt)}::bigint[])
    on conflict (app_id, nonce) do update set expires_at = excluded.expires_at
      where nonces.expires_at <= ${nowSeconds}
    returning app_id, nonce`.execute(db);
  const won = new Set(rows.map((r) => `${r.app_id}\n${r.nonce}`));
  return keys.map((k, i) => first.get(k) === i && won.has(k));
}

export async function purgeExpired(db: Kysely<Database>, nowSeconds: number): Promise<number> {
  const r = await db.deleteFrom('nonces').where('expires_at', '<=', nowSeconds).executeTakeFirst();
  return Number(r.numDeletedRows);
}
