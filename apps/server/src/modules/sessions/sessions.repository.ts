import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { SessionKind, WebSessionRow } from './sessions.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertSession(trx: Transaction<Database>, row: WebSessionRow): Promise<void> {
  await trx.insertInto('web_sessions').values(row).execute();
}

/** Runs on every portal and console request (the guards): a `sql` template, see findUserById. */
export async function findSession(db: Db, tokenHash: string): Promise<WebSessionRow | undefined> {
  const { rows } =
    await sql<WebSessionRow>`select * from web_sessions where token_hash = ${tokenHash}`.execute(db);
  return rows[0];
}

/** Moves last_seen_at forward, only if it is older than `staleBefore` (other processes too). */
export async function touchSession(
  trx: Transaction<Database>,
  tokenHash: string,
  now: string,
  staleBefore: string,
): Promise<void> {
  await trx
    .updateTable('web_sessions')
    .set({ last_seen_at: now })
    .where('token_hash', '=', tokenHash)
    .where('last_seen_at', '<', staleBefore)
    .execute();
}

export async function revokeSession(
  trx: Transaction<Database>,
  tokenHash: string,
  now: string,
): Promise<void> {
  await trx
    .updateTable('web_sessions')
    .set({ revoked_at: now })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/** One subject's sessions not ended and not past their absolute timeout, newest first. */
export function findSubjectSessions(
  db: Db,
  kind: SessionKind,
  subjectId: string,
  now: string,
): Promise<WebSessionRow[]> {
  return db
    .selectFrom('web_sessions')
    .selectAll()
    .where('kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('token_hash')
    .execute();
}

/** Ends every live session of one subject (except one, when given); returns how many. */
export async function revokeSubjectSessions(
  trx: Transaction<Database>,
  kind: SessionKind,
  subjectId: string,
  now: string,
  exceptHash?: string,
): Promise<number> {
  let q = trx
    .updateTable('web_sessions')
    .set({ revoked_at: now })
    .where('kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .where('revoked_at', 'is', null);
  if (exceptHash) q = q.where('token_hash', '!=', exceptHash);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Rows past their absolute timeout are dead weight: dropped when their subject signs in again. */
export async function deleteExpired(
  trx: Transaction<Database>,
  kind: SessionKind,
  subjectId: string,
  now: string,
): Promise<void> {
  await trx
    .deleteFrom('web_sessions')
    .where('kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .where('expires_at', '<', now)
    .execute();
}
