import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { countCapped, paginate, type PageRequest, type PageRows } from '../../db/paginate.ts';
import type { AuditLogTable, AuditRow } from './audit.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The audit log's SQL. Append and read only: the application has no code path that updates or
 * deletes an entry (nothing here does, and nothing else names the table).
 */
export async function appendEntries(
  trx: Transaction<Database>,
  rows: readonly AuditLogTable[],
): Promise<void> {
  if (rows.length > 0)
    await trx
      .insertInto('audit_log')
      .values([...rows])
      .execute();
}

export interface AuditFilter {
  merchantId?: string | undefined;
  action?: string | undefined;
  actions?: readonly string[] | undefined;
  actorType?: string | undefined;
  /** Matches actor e-mail, actor id, credential, target id or merchant id, or a part of the merchant's name. */
  q?: string | undefined;
  fromIso?: string | undefined;
  toIsoExclusive?: string | undefined;
  /** One thing's entries, e.g. `{ type: 'order', id: order_no }`. */
  target?: { type: string; id: string } | undefined;
}

/** An entry as read: with the current name of the merchant it concerns (null: none). */
export type AuditRowRead = AuditRow & { merchant_name: string | null };

export async function searchEntries(db: Db, f: AuditFilter, p: PageRequest): Promise<PageRows<AuditRowRead>> {
  // Filtered without the merchants join: the count never needs it (a name search asks the
  // merchants table itself), and the rows take the name only for the page they show.
  let q = db.selectFrom('audit_log');
  if (f.merchantId) q = q.where('audit_log.merchant_id', '=', f.merchantId);
  if (f.action) q = q.where('action', '=', f.action as AuditRow['action']);
  if (f.actions) q = q.where('action', 'in', f.actions as AuditRow['action'][]);
  if (f.actorType) q = q.where('actor_type', '=', f.actorType as AuditRow['actor_type']);
  if (f.fromIso) q = q.where('at', '>=', f.fromIso);
  if (f.toIsoExclusive) q = q.where('at', '<', f.toIsoExclusive);
  if (f.target) q = q.where('target_type', '=', f.target.type).where('target_id', '=', f.target.id);
  if (f.q) {
    const text = f.q;
    const like = `%${text.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('actor_label', 'like', like),
        eb('actor_id', '=', text),
        // An App ID or a token, as the console shows it ("via App app_…"), or a stored `app:…`.
        eb('actor_credential', 'in', [`app:${text}`, `token:${text}`, text]),
        eb('target_id', '=', text),
        eb('audit_log.merchant_id', '=', text),
        eb(
          'audit_log.merchant_id',
          'in',
          eb
            .selectFrom('merchants')
            .select('merchant_id')
            .where((m) => m(m.fn('lower', ['name']), 'like', like)),
        ),
      ]),
    );
  }
  return paginate(
    q
      .leftJoin('merchants as concerned', 'concerned.merchant_id', 'audit_log.merchant_id')
      .selectAll('audit_log')
      .select('concerned.name as merchant_name')
      .orderBy('at', 'desc')
      .orderBy('id', 'desc'),
    countCapped(db, q),
    p,
  );
}
