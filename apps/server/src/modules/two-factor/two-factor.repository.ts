import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { TwoFactorRow } from './two-factor.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export const findFactor = (db: Db, subjectId: string): Promise<TwoFactorRow | undefined> =>
  db.selectFrom('two_factor').selectAll().where('subject_id', '=', subjectId).executeTakeFirst();

/** A new setup: the secret replaces any earlier one still waiting; refused (false) once enabled. */
export async function upsertPending(db: Transaction<Database>, row: TwoFactorRow): Promise<boolean> {
  const existing = await findFactor(db, row.subject_id);
  if (existing?.enabled_at) return false;
  if (existing) {
    await db
      .updateTable('two_factor')
      .set({ secret_sealed: row.secret_sealed, last_step: null, updated_at: row.updated_at })
      .where('subject_id', '=', row.subject_id)
      .where('enabled_at', 'is', null)
      .execute();
  } else {
    await db.insertInto('two_factor').values(row).execute();
  }
  return true;
}

/**
 * Takes the code of `step`: only if no code of that step or a later one was taken before (a code
 * works once, and a racing request with the same code gets 0 rows). `enable` also turns it on.
 */
export async function takeStep(
  db: Transaction<Database>,
  subjectId: string,
  step: number,
  now: string,
  opts: { enable?: boolean } = {},
): Promise<boolean> {
  let q = db
    .updateTable('two_factor')
    .set({ last_step: step, updated_at: now, ...(opts.enable ? { enabled_at: now } : {}) })
    .where('subject_id', '=', subjectId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]));
  q = opts.enable ? q.where('enabled_at', 'is', null) : q.where('enabled_at', 'is not', null);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertRecoveryCodes(
  db: Transaction<Database>,
  subjectId: string,
  hashes: readonly string[],
): Promise<void> {
  await db.deleteFrom('two_factor_recovery_codes').where('subject_id', '=', subjectId).execute();
  await db
    .insertInto('two_factor_recovery_codes')
    .values(hashes.map((code_hash) => ({ subject_id: subjectId, code_hash, used_at: null })))
    .execute();
}

/** Marks an unused recovery code used; false when there is none (wrong, or used before). */
export async function useRecoveryCode(
  db: Transaction<Database>,
  subjectId: string,
  codeHash: string,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('two_factor_recovery_codes')
    .set({ used_at: now })
    .where('subject_id', '=', subjectId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function recoveryCodesLeft(db: Db, subjectId: string): Promise<number> {
  const r = await db
    .selectFrom('two_factor_recovery_codes')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('subject_id', '=', subjectId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Removes the factor and its recovery codes when it is on (true); otherwise changes nothing, not
 * even a setup waiting for its first code (false). The DELETE decides: of two removals at once,
 * one gets the row (PostgreSQL's second waits on it, then finds it gone).
 */
export async function removeFactor(db: Transaction<Database>, subjectId: string): Promise<boolean> {
  const r = await db
    .deleteFrom('two_factor')
    .where('subject_id', '=', subjectId)
    .where('enabled_at', 'is not', null)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) !== 1) return false;
  await db.deleteFrom('two_factor_recovery_codes').where('subject_id', '=', subjectId).execute();
  return true;
}
