import type { Kysely, Transaction } from 'kysely';
import { type Database, onPostgres } from '../../db/database.ts';
import type { OperatorRow, OperatorsTable } from './operators.table.ts';
import type { Insertable, Updateable } from 'kysely';

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

/**
 * Every operator, oldest first (a team is tens of rows, never paged), with their last console sign-in: the newest `session.sign_in`
 * entry the audit log holds for them (one step down the index on (action, actor_label, at) each;
 * a merchant user with the same e-mail signs in as another actor type), and whether their
 * two-step sign-in is on (a setup not yet confirmed is not), both in this one statement.
 */
export async function listOperators(
  db: Db,
): Promise<Array<OperatorRow & { last_sign_in_at: string | null; two_factor_enabled: boolean }>> {
  const rows = await db
    .selectFrom('operators')
    .selectAll('operators')
    .select((eb) =>
      eb
        .selectFrom('audit_log')
        .select('audit_log.at')
        .where('audit_log.action', '=', 'session.sign_in')
        .whereRef('audit_log.actor_label', '=', 'operators.email')
        .where('audit_log.actor_type', '=', 'operator')
        .orderBy('audit_log.at', 'desc')
        .limit(1)
        .as('last_sign_in_at'),
    )
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('two_factor')
            .select('two_factor.subject_id')
            .whereRef('two_factor.subject_id', '=', 'operators.operator_id')
            .where('two_factor.enabled_at', 'is not', null),
        )
        .as('two_factor_enabled'),
    )
    .orderBy('operators.created_at')
    .orderBy('operators.operator_id')
    .execute();
  // SQLite answers EXISTS as 1 or 0, PostgreSQL as a boolean.
  return rows.map((r) => ({ ...r, two_factor_enabled: Boolean(r.two_factor_enabled) }));
}

/**
 * The active admins' ids, locked until the unit commits on PostgreSQL, so two admins demoting or
 * disabling each other at once cannot both pass the last-admin check (the second waits, then
 * reads the first's change). SQLite has one writer: the unit alone is enough.
 */
export async function lockActiveAdmins(trx: Transaction<Database>): Promise<string[]> {
  const q = trx
    .selectFrom('operators')
    .select('operator_id')
    .where('role', '=', 'admin')
    .where('status', '=', 'active');
  const rows = await (onPostgres(trx) ? q.forUpdate() : q).execute();
  return rows.map((r) => r.operator_id);
}

export async function updateAccess(
  trx: Transaction<Database>,
  operatorId: string,
  change: Pick<Updateable<OperatorsTable>, 'role' | 'status'>,
  now: string,
): Promise<void> {
  await trx
    .updateTable('operators')
    .set({ ...change, updated_at: now })
    .where('operator_id', '=', operatorId)
    .execute();
}
