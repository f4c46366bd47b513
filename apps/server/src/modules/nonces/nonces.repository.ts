import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';

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

export async function purgeExpired(db: Kysely<Database>, nowSeconds: number): Promise<number> {
  const r = await db.deleteFrom('nonces').where('expires_at', '<=', nowSeconds).executeTakeFirst();
  return Number(r.numDeletedRows);
}
