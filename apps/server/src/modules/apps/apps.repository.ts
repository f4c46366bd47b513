import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { MerchantStatus } from '../merchants/merchants.table.ts';
import type { AppRow, AppStatus } from './apps.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertApp(trx: Transaction<Database>, row: AppRow): Promise<void> {
  await trx.insertInto('apps').values(row).execute();
}

/** The app with its merchant's status, which also gates authentication. */
export function findAppForAuth(
  db: Db,
  appId: string,
): Promise<(AppRow & { merchant_status: MerchantStatus }) | undefined> {
  return db
    .selectFrom('apps')
    .innerJoin('merchants', 'merchants.merchant_id', 'apps.merchant_id')
    .selectAll('apps')
    .select('merchants.status as merchant_status')
    .where('apps.app_id', '=', appId)
    .executeTakeFirst();
}

export function findMerchantApp(db: Db, merchantId: string, appId: string): Promise<AppRow | undefined> {
  return db
    .selectFrom('apps')
    .selectAll()
    .where('app_id', '=', appId)
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
}

export async function updateKeys(
  trx: Transaction<Database>,
  k: { merchantId: string; appId: string; secretSealed: string; signSealed: string; now: string },
): Promise<boolean> {
  const r = await trx
    .updateTable('apps')
    .set({
      secret_key_sealed: k.secretSealed,
      sign_key_sealed: k.signSealed,
      keys_rotated_at: k.now,
      updated_at: k.now,
    })
    .where('app_id', '=', k.appId)
    .where('merchant_id', '=', k.merchantId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function updateStatus(
  trx: Transaction<Database>,
  merchantId: string,
  appId: string,
  status: AppStatus,
  now: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('apps')
    .set({ status, updated_at: now })
    .where('app_id', '=', appId)
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export function listApps(db: Db, merchantId: string): Promise<AppRow[]> {
  return db
    .selectFrom('apps')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy('created_at', 'asc')
    .execute();
}

/** Moves last_used_at forward only if it is older than `staleBefore` (a no-op otherwise). */
export async function touchApp(
  trx: Transaction<Database>,
  appId: string,
  now: string,
  staleBefore: string,
): Promise<void> {
  await trx
    .updateTable('apps')
    .set({ last_used_at: now })
    .where('app_id', '=', appId)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}
