/**
 * Master-key rotation (docs/operations.md "Master key custody and rotation"): every sealed value
 * in the database is opened under the current key and sealed again under the new one, in ONE
 * transaction, and every new seal is read back and opened under the new key before the COMMIT.
 *
 * Refused, with nothing changed: a value that opens under neither key (wrong current key, or
 * damaged data); data that is already under the new key (a rerun); on SQLite, a database another
 * process holds open (a running server would go on sealing under the old key, and its credential
 * cache could not open the new seals).
 *
 * SEALED_COLUMNS is the one list of what the secret box seals; each entry uses its module's own
 * AAD context. A new sealed column must be added here (test/ops/keys-rotate.e2e.test.ts finds
 * sealed-looking values in columns this list does not name).
 */
import { existsSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Database, DialectName } from '../db/database.ts';
import { openSqliteAlone } from '../db/sqlite-alone.ts';
import { keyContext as apiKeyContext } from '../modules/api-keys/api-keys.service.ts';
import {
  secretContext as appSecretContext,
  signContext as appSignContext,
} from '../modules/apps/apps.service.ts';
import { accountContext } from '../modules/merchants/merchants.profile.ts';
import { secretContext as tokenSecretContext } from '../modules/tokens/tokens.service.ts';
import { secretContext as twoFactorSecretContext } from '../modules/two-factor/two-factor.service.ts';
import {
  previousSecretContext as webhookPreviousContext,
  secretContext as webhookSecretContext,
} from '../modules/webhooks/webhooks.secrets.ts';
import { createSecretBox, type SecretBox } from '../shared/secret-box.ts';
import { keyFingerprint } from './backup.ts';

export interface SealedColumn {
  /** The name reports use (--dry-run counts, errors). */
  kind: string;
  table: keyof Database;
  /** The row's key column (what the AAD context names). */
  id: string;
  column: string;
  context(id: string): string;
}

export const SEALED_COLUMNS = [
  {
    kind: 'app_secret_key',
    table: 'apps',
    id: 'app_id',
    column: 'secret_key_sealed',
    context: appSecretContext,
  },
  { kind: 'app_sign_key', table: 'apps', id: 'app_id', column: 'sign_key_sealed', context: appSignContext },
  { kind: 'api_key', table: 'api_keys', id: 'key_id', column: 'api_key_sealed', context: apiKeyContext },
  {
    kind: 'token_secret_key',
    table: 'api_tokens',
    id: 'token',
    column: 'secret_key_sealed',
    context: tokenSecretContext,
  },
  {
    kind: 'webhook_secret',
    table: 'webhook_endpoints',
    id: 'endpoint_id',
    column: 'secret_sealed',
    context: webhookSecretContext,
  },
  {
    // Every previous secret, in its grace period or past it: all are sealed under the old key.
    kind: 'webhook_previous_secret',
    table: 'webhook_endpoints',
    id: 'endpoint_id',
    column: 'previous_secret_sealed',
    context: webhookPreviousContext,
  },
  {
    kind: 'bank_account_number',
    table: 'merchants',
    id: 'merchant_id',
    column: 'bank_account_number',
    context: accountContext,
  },
  {
    kind: 'two_factor_secret',
    table: 'two_factor',
    id: 'subject_id',
    column: 'secret_sealed',
    context: twoFactorSecretContext,
  },
] as const satisfies readonly SealedColumn[];

export type SealedKind = (typeof SEALED_COLUMNS)[number]['kind'];
export type KindCounts = Record<SealedKind, number>;

export class RekeyError extends Error {
  constructor(
    readonly code: 'unopenable' | 'already_rotated' | 'in_use' | 'no_database',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RekeyError';
  }
}

export interface RekeyReport {
  dryRun: boolean;
  currentFingerprint: string;
  newFingerprint: string;
  /** Re-sealed (with dryRun: would be), per kind. */
  resealed: KindCounts;
  total: number;
  /**
   * Values that already opened under the new key and were left as they are: only after a server
   * kept running with the old key past a rotation and sealed new credentials with it.
   */
  alreadyNew: number;
}

interface SealedValue {
  col: SealedColumn;
  id: string;
  sealed: string;
}

/**
 * A column's stored seals: not null, and not empty (a deleted webhook endpoint's secret is wiped
 * to '', its column being NOT NULL: nothing sealed there to open or re-seal).
 */
const sealedIn = (col: SealedColumn) =>
  sql`${sql.ref(col.column)} is not null and ${sql.ref(col.column)} <> ''`;

const zeroCounts = (): KindCounts => Object.fromEntries(SEALED_COLUMNS.map((c) => [c.kind, 0])) as KindCounts;

async function readAll(db: Kysely<Database>): Promise<SealedValue[]> {
  const out: SealedValue[] = [];
  for (const col of SEALED_COLUMNS) {
    const { rows } = await sql<{ id: string; sealed: string }>`
      select ${sql.ref(col.id)} as id, ${sql.ref(col.column)} as sealed from ${sql.table(col.table)}
      where ${sealedIn(col)} order by ${sql.ref(col.id)}`.execute(db);
    for (const r of rows) out.push({ col, id: r.id, sealed: r.sealed });
  }
  return out;
}

function opens(box: SecretBox, v: SealedValue): string | null {
  try {
    return box.open(v.sealed, v.col.context(v.id));
  } catch {
    return null;
  }
}

/** Where a value is, without its value: table, column and row key (the key ids are not secret). */
const where = (v: SealedValue) => `${v.col.table}.${v.col.column} of ${v.id}`;

/**
 * Where the first stored secret that `masterKey` does not open is (one value of each sealed
 * column is tried), or null when every one tried opens, or none is stored yet. A process given the
 * wrong key would start, answer /readyz, and fail every signed request; and would seal new
 * secrets under a key that opens none of the old ones.
 */
export async function firstUnopenedSecret(db: Kysely<Database>, masterKey: Buffer): Promise<string | null> {
  const box = createSecretBox(masterKey);
  for (const col of SEALED_COLUMNS) {
    const { rows } = await sql<{ id: string; sealed: string }>`
      select ${sql.ref(col.id)} as id, ${sql.ref(col.column)} as sealed from ${sql.table(col.table)}
      where ${sealedIn(col)} limit 1`.execute(db);
    const v = rows[0] && { col, id: rows[0].id, sealed: rows[0].sealed };
    if (v && opens(box, v) === null) return where(v);
  }
  return null;
}

/**
 * Re-seals every sealed value under `newKey` (with dryRun: counts what it would re-seal). On SQLite
 * `db` comes from openSqliteForRekey.
 */
export async function rekey(opts: {
  db: Kysely<Database>;
  dialect: DialectName;
  currentKey: Buffer;
  newKey: Buffer;
  dryRun: boolean;
}): Promise<RekeyReport> {
  const current = createSecretBox(opts.currentKey);
  const next = createSecretBox(opts.newKey);
  const report: RekeyReport = {
    dryRun: opts.dryRun,
    currentFingerprint: keyFingerprint(opts.currentKey),
    newFingerprint: keyFingerprint(opts.newKey),
    resealed: zeroCounts(),
    total: 0,
    alreadyNew: 0,
  };
  const sameKey = opts.currentKey.equals(opts.newKey);

  const plan = (values: SealedValue[]) => {
    const todo: Array<SealedValue & { plain: string }> = [];
    const unopenable: SealedValue[] = [];
    let alreadyNew = 0;
    for (const v of values) {
      const plain = opens(current, v);
      if (plain !== null) todo.push({ ...v, plain });
      else if (opens(next, v) !== null) alreadyNew++;
      else unopenable.push(v);
    }
    if (unopenable.length > 0) {
      throw new RekeyError(
        'unopenable',
        `${unopenable.length} sealed value(s) open under neither the configured master key ` +
          `(fingerprint ${report.currentFingerprint}) nor the new one, first ${where(unopenable[0]!)}: ` +
          'give the key the data was sealed with (TRADEPOST_MASTER_KEY or master.key); nothing was changed',
        { unopenable: unopenable.length, first: where(unopenable[0]!) },
      );
    }
    if (sameKey || (todo.length === 0 && alreadyNew > 0)) {
      throw new RekeyError(
        'already_rotated',
        `every sealed value already opens under the new master key (fingerprint ${report.newFingerprint})` +
          (sameKey ? ', which is the configured key' : '') +
          ': the rotation was done; nothing was changed',
        { values: values.length },
      );
    }
    return { todo, alreadyNew };
  };

  if (opts.dryRun) {
    const { todo, alreadyNew } = plan(await readAll(opts.db));
    for (const v of todo) report.resealed[v.col.kind as SealedKind]++;
    return { ...report, total: todo.length, alreadyNew };
  }

  // Raw BEGIN/COMMIT: the transaction must stay on one connection (SQLite's own lock mode).
  return opts.db.connection().execute(async (db) => {
    if (opts.dialect === 'sqlite') {
      // EXCLUSIVE: no other connection may even read until the COMMIT (the journal is in DELETE mode).
      await sql`begin exclusive`.execute(db);
    } else {
      await sql`begin`.execute(db);
      await sql`set local lock_timeout = '10s'`.execute(db);
      // Writers of these tables wait for the COMMIT, so nothing is sealed under the old key meanwhile.
      const tables = [...new Set(SEALED_COLUMNS.map((c) => c.table))];
      await sql`lock table ${sql.join(tables.map((t) => sql.table(t)))} in exclusive mode`.execute(db);
    }
    try {
      const { todo, alreadyNew } = plan(await readAll(db));
      for (const v of todo) {
        const resealed = next.seal(v.plain, v.col.context(v.id));
        const r = await sql`update ${sql.table(v.col.table)} set ${sql.ref(v.col.column)} = ${resealed}
        where ${sql.ref(v.col.id)} = ${v.id} and ${sql.ref(v.col.column)} = ${v.sealed}`.execute(db);
        if (Number(r.numAffectedRows ?? 0) !== 1)
          throw new Error(`${where(v)} changed while it was re-sealed`);
        report.resealed[v.col.kind as SealedKind]++;
      }
      // Read back what the COMMIT would keep: every value must open under the new key, none under the old.
      const after = await readAll(db);
      for (const v of after) {
        if (opens(next, v) === null || opens(current, v) !== null)
          throw new Error(`${where(v)} does not open under the new key after re-sealing; rolled back`);
      }
      await sql`commit`.execute(db);
      return { ...report, total: todo.length, alreadyNew };
    } catch (e) {
      await sql`rollback`.execute(db).catch(() => undefined);
      throw e;
    }
  });
}

/**
 * The SQLite database on one connection of its own, refused while any other connection has it
 * open: leaving WAL for DELETE journaling needs the database to itself, so this fails with
 * SQLITE_BUSY while a server (or another command) holds it. `close()` puts WAL back.
 */
export function openSqliteForRekey(
  file: string,
  opts: { waitMs?: number; readOnly?: boolean } = {},
): {
  db: Kysely<Database>;
  close(): Promise<void>;
} {
  if (!existsSync(file)) throw new RekeyError('no_database', `${file} does not exist: no data to re-seal`);
  // A dry run only reads (WAL: beside a running server); it takes no lock and changes no mode.
  if (opts.readOnly) {
    const conn = new SQLite(file, { fileMustExist: true, readonly: true });
    conn.pragma(`busy_timeout = ${opts.waitMs ?? 2000}`);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) });
    return { db, close: () => db.destroy() };
  }
  const alone = openSqliteAlone(file, opts.waitMs ?? 2000);
  if (!alone) throw inUse(file);
  alone.conn.pragma('synchronous = FULL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: alone.conn }) });
  return {
    db,
    async close() {
      // release() puts WAL back and closes the connection; Kysely's destroy then closes nothing more.
      alone.release();
      await db.destroy();
    },
  };
}

const inUse = (file: string) =>
  new RekeyError(
    'in_use',
    `${file} is open in another process (a running server?): stop every server and command using this ` +
      'data dir, rotate, then start the servers with the new key; nothing was changed',
  );
