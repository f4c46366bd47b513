import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { OperatorRow, OperatorsTable } from './operators.table.ts';
import type { Insertable } from 'kysely';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertOperator(
  trx: Transaction<Database>,
  row: Insertable<OperatorsTable>,
): Promise<void> {
  await trx.insertInto('operators').values(row).execute();
}

export function findByEmail(db: Db, email: string): Promise<OperatorRow | undefined> {
  return db.selectFrom('operators').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findById(db: Db, operatorId: string): Promise<OperatorRow | undefined> {
  return db.selectFrom('operators').selectAll().where('operator_id', '=', operatorId).executeTakeFirst();
}

export async function setPassword(
  trx: Transaction<Database>,
  operatorId: string,
  passwordHash: string,
  mustChange: boolean,
  now: string,
): Promise<void> {
  await trx
    .updateTable('operators')
    .set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0, updated_at: now })
    .where('operator_id', '=', operatorId)
    .execute();
}
