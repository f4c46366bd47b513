import type { Kysely } from 'kysely';

/**
 * Two-step sign-in (TOTP) for merchant logins and operators, keyed by the login's id (`USR…` or
 * `OPR…`: the prefixes keep the two apart). `secret_sealed` is the base32 secret under the secret
 * box (AAD: the subject id); `enabled_at` is null while a setup waits for its first code;
 * `last_step` is the 30-second step of the last code accepted, so a code works once. Recovery
 * codes are kept only as SHA-256 hashes, each with when it was used.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('two_factor')
    .addColumn('subject_id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('enabled_at', 'text')
    .addColumn('last_step', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('two_factor_recovery_codes')
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('two_factor_recovery_codes_pk', ['subject_id', 'code_hash'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('two_factor_recovery_codes').execute();
  await db.schema.dropTable('two_factor').execute();
}
