import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { MerchantStatus } from '../merchants/merchants.table.ts';
import type { ApiTokenRow } from './tokens.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertToken(trx: Transaction<Database>, row: ApiTokenRow): Promise<void> {
  await trx.insertInto('api_tokens').values(row).execute();
}

export function findToken(db: Db, token: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token', '=', token).executeTakeFirst();
}

export function findTokenForAuth(
  db: Db,
  token: string,
): Promise<(ApiTokenRow & { merchant_status: MerchantStatus }) | undefined> {
  return db
    .selectFrom('api_tokens')
    .innerJoin('merchants', 'merchants.merchant_id', 'api_tokens.merchant_id')
    .selectAll('api_tokens')
    .select('merchants.status as merchant_status')
    .where('api_tokens.token', '=', token)
    .executeTakeFirst();
}

/** Revokes an active token (of this merchant, when given); false if none matched. */
export async function revokeToken(
  trx: Transaction<Database>,
  token: string,
  merchantId: string | undefined,
  now: string,
): Promise<boolean> {
  let q = trx
    .updateTable('api_tokens')
    .set({ status: 'revoked', revoked_at: now })
    .where('token', '=', token)
    .where('status', '=', 'active');
  if (merchantId !== undefined) q = q.where('merchant_id', '=', merchantId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export function listTokens(db: Db, merchantId: string): Promise<ApiTokenRow[]> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy('created_at', 'asc')
    .orderBy('token', 'asc')
    .execute();
}

/** Moves last_used_at forward only if it is older than `staleBefore` (a no-op otherwise). */
export async function touchToken(
  trx: Transaction<Database>,
  token: string,
  now: string,
  staleBefore: string,
): Promise<void> {
  await trx
    .updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('token', '=', token)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}
