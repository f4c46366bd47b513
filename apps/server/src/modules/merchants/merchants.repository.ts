import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { MerchantRow, MerchantStatus, MerchantUserRow } from './merchants.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertMerchant(
  trx: Transaction<Database>,
  m: { merchantId: string; name: string; now: string },
): Promise<void> {
  await trx
    .insertInto('merchants')
    .values({
      merchant_id: m.merchantId,
      name: m.name,
      status: 'active',
      contact_name: null,
      contact_phone: null,
      company_address: null,
      country: null,
      bank_account_name: null,
      bank_account_number: null,
      bank_name: null,
      bank_swift: null,
      created_at: m.now,
      updated_at: m.now,
    })
    .execute();
}

export async function insertUser(
  trx: Transaction<Database>,
  u: { userId: string; merchantId: string; email: string; name: string; passwordHash: string; now: string },
): Promise<void> {
  await trx
    .insertInto('merchant_users')
    .values({
      user_id: u.userId,
      merchant_id: u.merchantId,
      email: u.email,
      name: u.name,
      password_hash: u.passwordHash,
      status: 'active',
      created_at: u.now,
      updated_at: u.now,
    })
    .execute();
}

/** The company names of these merchants, by id (one query for a page of orders). */
export async function merchantNames(db: Db, merchantIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(merchantIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('merchants')
    .select(['merchant_id', 'name'])
    .where('merchant_id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.merchant_id, r.name]));
}

export function findMerchant(db: Db, merchantId: string): Promise<MerchantRow | undefined> {
  return db.selectFrom('merchants').selectAll().where('merchant_id', '=', merchantId).executeTakeFirst();
}

/** A login with its merchant's status and name (what sign-in and the portal's guard check). */
export type MerchantUserWithMerchant = MerchantUserRow & {
  merchant_status: MerchantStatus;
  merchant_name: string;
};

/*
 * The two lookups below are `sql` templates, not builder chains: findUserById runs on every
 * portal request (the guard), where Kysely's ~10 µs of building and compiling per query is a
 * visible share (see takeStock in catalog). One select list for both, so they cannot drift.
 */
async function findUserWhere(
  db: Db,
  where: RawBuilder<unknown>,
): Promise<MerchantUserWithMerchant | undefined> {
  const { rows } = await sql<MerchantUserWithMerchant>`select merchant_users.*,
      merchants.status as merchant_status, merchants.name as merchant_name
    from merchant_users inner join merchants on merchants.merchant_id = merchant_users.merchant_id
    where ${where}`.execute(db);
  return rows[0];
}

export function findUserByEmail(db: Db, email: string): Promise<MerchantUserWithMerchant | undefined> {
  return findUserWhere(db, sql`merchant_users.email = ${email}`);
}

export function findUserById(db: Db, userId: string): Promise<MerchantUserWithMerchant | undefined> {
  return findUserWhere(db, sql`merchant_users.user_id = ${userId}`);
}

/** The merchant's first (today: only) portal login. */
export function findPrimaryUser(db: Db, merchantId: string): Promise<MerchantUserRow | undefined> {
  return db
    .selectFrom('merchant_users')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy('created_at')
    .orderBy('user_id')
    .limit(1)
    .executeTakeFirst();
}

export async function setUserPassword(
  trx: Transaction<Database>,
  userId: string,
  passwordHash: string,
  mustChange: boolean,
  now: string,
): Promise<void> {
  await trx
    .updateTable('merchant_users')
    .set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0, updated_at: now })
    .where('user_id', '=', userId)
    .execute();
}

/** A login's new e-mail, already normalized (the unique index refuses a taken one). */
export async function setUserEmail(
  trx: Transaction<Database>,
  userId: string,
  email: string,
  now: string,
): Promise<void> {
  await trx
    .updateTable('merchant_users')
    .set({ email, updated_at: now })
    .where('user_id', '=', userId)
    .execute();
}

export async function updateMerchant(
  trx: Transaction<Database>,
  merchantId: string,
  values: Partial<Omit<MerchantRow, 'merchant_id' | 'created_at' | 'status'>>,
): Promise<boolean> {
  const r = await trx
    .updateTable('merchants')
    .set(values)
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function setMerchantStatus(
  trx: Transaction<Database>,
  merchantId: string,
  status: MerchantStatus,
  now: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('merchants')
    .set({ status, updated_at: now })
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Replaces a user's password hash with the same password at today's cost (sign-in rehash). Only
 * if the stored hash is still the one just verified: a password change that raced it wins.
 */
export async function replacePasswordHash(
  trx: Transaction<Database>,
  u: { userId: string; oldHash: string; newHash: string; now: string },
): Promise<boolean> {
  const r = await trx
    .updateTable('merchant_users')
    .set({ password_hash: u.newHash, updated_at: u.now })
    .where('user_id', '=', u.userId)
    .where('password_hash', '=', u.oldHash)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** How many merchants are in each status. */
export async function countByStatus(db: Db): Promise<Record<MerchantRow['status'], number>> {
  const rows = await db
    .selectFrom('merchants')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const counts = { active: 0, suspended: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}
