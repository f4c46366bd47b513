import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { MerchantStatus } from '../merchants/merchants.table.ts';
import type { ApiKeyRow } from './api-keys.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertKey(trx: Transaction<Database>, row: ApiKeyRow): Promise<void> {
  await trx.insertInto('api_keys').values(row).execute();
}

/** Revokes the user's active key, if any; returns whether there was one. */
export async function revokeActive(
  trx: Transaction<Database>,
  userId: string,
  now: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('api_keys')
    .set({ status: 'revoked', revoked_at: now })
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export function findActiveKey(db: Db, userId: string): Promise<ApiKeyRow | undefined> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** The active key of the user with this (lowercased) email, with what else gates authentication. */
export function findActiveKeyByEmail(
  db: Db,
  email: string,
): Promise<
  | (ApiKeyRow & { email: string; user_status: 'active' | 'disabled'; merchant_status: MerchantStatus })
  | undefined
> {
  return db
    .selectFrom('api_keys')
    .innerJoin('merchant_users', 'merchant_users.user_id', 'api_keys.user_id')
    .innerJoin('merchants', 'merchants.merchant_id', 'api_keys.merchant_id')
    .selectAll('api_keys')
    .select([
      'merchant_users.email as email',
      'merchant_users.status as user_status',
      'merchants.status as merchant_status',
    ])
    .where('merchant_users.email', '=', email)
    .where('api_keys.status', '=', 'active')
    .executeTakeFirst();
}
