import { type Kysely, sql, SqliteAdapter } from 'kysely';

/**
 * A failed sign-in's entry named the e-mail as typed, in clear, and the throttle counted by it: an
 * unknown e-mail is a stranger's personal data, and sometimes a password typed in the wrong field.
 * Now the throttle counts by `actor_email_hmac` (a keyed hash, sessions.throttle.ts signInAccount)
 * and the label is masked. The entries written before are masked here too, as merchants.rules.ts
 * maskEmail does (`b•••@acme.test`; anything that is not one `@` after a first character: `•••`).
 * They get no hash (the key is not at hand here): the account rules do not count them, which
 * matters only for the 15-minute window before the upgrade's restart (the address rule still does).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('actor_email_hmac', 'varchar(64)').execute();
  // The throttle's account rules: equal on action, kind and hash, the newest first in the window.
  await db.schema
    .createIndex('audit_log_action_email_hmac')
    .on('audit_log')
    .columns(['action', 'target_type', 'actor_email_hmac', 'at'])
    .execute();
  // It was only the throttle's (the audit search matches labels with LIKE '%…%').
  await db.schema.dropIndex('audit_log_action_label').execute();

  const at = db.getExecutor().adapter instanceof SqliteAdapter ? sql`instr` : sql`strpos`;
  const label = sql.ref('actor_label');
  await sql`
    update audit_log set actor_label = case
      when ${at}(${label}, '@') > 1 and length(${label}) - length(replace(${label}, '@', '')) = 1
        then substr(${label}, 1, 1) || '•••' || substr(${label}, ${at}(${label}, '@'))
      else '•••' end
    where action = 'session.sign_in_failed' and actor_label is not null`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('audit_log_action_label')
    .on('audit_log')
    .columns(['action', 'actor_label', 'at'])
    .execute();
  await db.schema.dropIndex('audit_log_action_email_hmac').execute();
  await db.schema.alterTable('audit_log').dropColumn('actor_email_hmac').execute();
}
