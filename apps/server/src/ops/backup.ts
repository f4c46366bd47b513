/**
 * Backups of the embedded (SQLite) deployment (docs/operations.md "Backups and restore drills").
 *
 * A backup is ONE SQLite file: `VACUUM INTO` of tradepost.db — one read transaction, so a
 * consistent snapshot of everything committed when it began, taken while the server goes on
 * writing (WAL: readers never block the writer) — plus two tables added to the copy:
 * `tradepost_backup` (the manifest: format, time, migrations, ledger counts and the master key's
 * FINGERPRINT — never the key) and `tradepost_backup_nonces` (the replay guard's claims, from
 * nonces.db, so a restored server still refuses the requests it saw last).
 *
 * Why not the backup API (`db.backup()`): under a steady write load from another process it
 * restarts whenever a page changes and may never finish; VACUUM INTO cannot be overtaken.
 *
 * PostgreSQL is backed up with pg_dump / PITR; `tradepost verify` checks what they restore.
 */
import { createHmac, randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../db/database.ts';
import { openDatabase, SQLITE_FILE as DB_FILE } from '../db/dialect.ts';
import { openSqliteAlone } from '../db/sqlite-alone.ts';
import { createFileNonceStore } from '../modules/nonces/nonces.file-store.ts';
import { checkLedger, type LedgerReport } from './ledger-check.ts';

export const BACKUP_FORMAT = 'tradepost-sqlite-backup/1';
const NONCE_FILE = 'nonces.db';

/** A key's public name: HMAC-SHA-256 of a fixed label under the key, 16 bytes hex. Not reversible. */
export function keyFingerprint(masterKey: Buffer): string {
  return createHmac('sha256', masterKey)
    .update('tradepost master key fingerprint v1')
    .digest('hex')
    .slice(0, 32);
}

export interface BackupManifest {
  format: string;
  created_at: string;
  master_key_fingerprint: string;
  migrations: string[];
  nonces: number;
  ledger: { ok: boolean; accounts: number; entries: number; orders: number; problem: string | null };
}

export class BackupError extends Error {
  constructor(
    readonly code:
      | 'exists'
      | 'unwritable'
      | 'not_a_backup'
      | 'wrong_key'
      | 'not_empty'
      | 'in_use'
      | 'ledger_broken'
      | 'no_database',
    message: string,
    readonly report?: LedgerReport,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

async function ledgerOf(file: string): Promise<LedgerReport> {
  const conn = new SQLite(file, { readonly: true, fileMustExist: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) });
  try {
    return await checkLedger(db);
  } finally {
    await db.destroy();
  }
}

const summary = (r: LedgerReport): BackupManifest['ledger'] => ({
  ok: r.ok,
  accounts: r.accounts,
  entries: r.entries,
  orders: r.orders,
  problem: r.problem ? `[${r.problem.invariant}] ${r.problem.message}` : null,
});

/** Why no file can be made in `dir`, or null; SQLite would only say "unable to open database". */
function unwritableDir(dir: string): string | null {
  if (!existsSync(dir)) return 'its directory does not exist';
  if (!statSync(dir).isDirectory()) return `${dir} is not a directory`;
  try {
    accessSync(dir, constants.W_OK);
    return null;
  } catch {
    return 'its directory is not writable';
  }
}

/**
 * Takes a backup of the data dir's database into `out` (which must not exist). `refuseKey` throws
 * when `masterKey` does not open the stored secrets (context.ts refuseWrongMasterKey): the
 * manifest names the key, and a backup under a wrong one would be refused by its right key.
 */
export async function backupSqlite(opts: {
  dataDir: string;
  masterKey: Buffer;
  out: string;
  refuseKey: (db: Kysely<Database>) => Promise<void>;
}): Promise<BackupManifest> {
  const source = join(opts.dataDir, DB_FILE);
  if (!existsSync(source))
    throw new BackupError('no_database', `no database to back up: ${source} does not exist`);
  if (existsSync(opts.out)) throw new BackupError('exists', `${opts.out} already exists: choose a new file`);
  const whyUnwritable = unwritableDir(dirname(opts.out));
  if (whyUnwritable) throw new BackupError('unwritable', `cannot write ${opts.out}: ${whyUnwritable}`);
  const conn = new SQLite(source, { fileMustExist: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) });
  try {
    conn.pragma('busy_timeout = 5000');
    await opts.refuseKey(db);
    conn.prepare('vacuum into ?').run(opts.out);
  } finally {
    await db.destroy();
    if (conn.open) conn.close();
  }
  const copy = new SQLite(opts.out);
  try {
    const migrations = copy
      .prepare('select name from kysely_migration order by name')
      .pluck()
      .all() as string[];
    copy.exec(`create table tradepost_backup_nonces (app_id text not null, nonce text not null,
      expires_at integer not null, primary key (app_id, nonce)) without rowid`);
    const nonceFile = join(opts.dataDir, NONCE_FILE);
    let nonces = 0;
    if (existsSync(nonceFile)) {
      // A snapshot of its own (the guard is a separate file); copied rather than attached live.
      const snapshot = `${opts.out}.nonces-${randomBytes(4).toString('hex')}`;
      const n = new SQLite(nonceFile, { fileMustExist: true });
      try {
        n.pragma('busy_timeout = 5000');
        n.prepare('vacuum into ?').run(snapshot);
      } finally {
        n.close();
      }
      try {
        copy.prepare('attach database ? as snap').run(snapshot);
        nonces = copy
          .prepare('insert into tradepost_backup_nonces select app_id, nonce, expires_at from snap.nonces')
          .run().changes;
        copy.exec('detach database snap');
      } finally {
        rmSync(snapshot, { force: true });
      }
    }
    copy.close();
    const ledger = summary(await ledgerOf(opts.out));
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      created_at: new Date().toISOString(),
      master_key_fingerprint: keyFingerprint(opts.masterKey),
      migrations,
      nonces,
      ledger,
    };
    const again = new SQLite(opts.out);
    try {
      again.exec('create table tradepost_backup (manifest text not null)');
      again.prepare('insert into tradepost_backup (manifest) values (?)').run(JSON.stringify(manifest));
    } finally {
      again.close();
    }
    return manifest;
  } catch (e) {
    if (copy.open) copy.close();
    rmSync(opts.out, { force: true });
    throw e;
  }
}

/** The manifest of a backup file, or a BackupError saying why it is not one. */
export function readManifest(file: string): BackupManifest {
  // SQLite says "unable to open database file" for a path that is not there: say it plainly.
  if (!existsSync(file)) throw new BackupError('not_a_backup', `${file}: no such file`);
  let conn: SQLite.Database;
  try {
    conn = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new BackupError('not_a_backup', `${file}: cannot be opened (${(e as Error).message})`);
  }
  try {
    const text = conn.prepare('select manifest from tradepost_backup').pluck().get() as string | undefined;
    const manifest = text ? (JSON.parse(text) as BackupManifest) : undefined;
    if (manifest?.format !== BACKUP_FORMAT) throw new Error('no manifest');
    return manifest;
  } catch {
    throw new BackupError('not_a_backup', `${file} is not a Tradepost backup (no ${BACKUP_FORMAT} manifest)`);
  } finally {
    conn.close();
  }
}

/** Files of a data dir that a restore would replace: anything but the master key counts. */
function occupants(dataDir: string): string[] {
  if (!existsSync(dataDir)) return [];
  return readdirSync(dataDir).filter((f) => f !== 'master.key' && !f.startsWith('.restore-'));
}

export interface RestoreResult {
  manifest: BackupManifest;
  ledger: LedgerReport;
  migrated: string[];
}

/**
 * Restores `from` into `dataDir`: refuses a data dir holding anything but master.key unless
 * `force`, and a master key other than the backup's. The backup is unpacked into a staging folder
 * inside the data dir, migrated to this version, and its ledger verified; only then does it
 * replace the data dir's database and replay guard (renames on one file system). The server must
 * be stopped: a running server keeps its old files open.
 */
export async function restoreSqlite(opts: {
  dataDir: string;
  masterKey: Buffer;
  from: string;
  force: boolean;
}): Promise<RestoreResult> {
  const manifest = readManifest(opts.from);
  const present = occupants(opts.dataDir);
  if (present.length > 0 && !opts.force) {
    throw new BackupError(
      'not_empty',
      `${opts.dataDir} is not empty (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', …' : ''}): ` +
        'stop the server and pass --force to replace its database',
    );
  }
  const fingerprint = keyFingerprint(opts.masterKey);
  if (fingerprint !== manifest.master_key_fingerprint) {
    throw new BackupError(
      'wrong_key',
      `the backup was sealed under the master key with fingerprint ${manifest.master_key_fingerprint}, ` +
        `but the configured key's fingerprint is ${fingerprint}: restore with the original key ` +
        '(TRADEPOST_MASTER_KEY or its master.key), or no App key, API key or token secret could be opened',
    );
  }
  // --force replaces a database, never one a server has open: it would go on writing to the old
  // file's inode, and what it answered from then on would be lost at its next start.
  const live = join(opts.dataDir, DB_FILE);
  if (existsSync(live)) {
    const alone = openSqliteAlone(live, 0);
    if (!alone) {
      throw new BackupError(
        'in_use',
        `${live} is open in another process (a running server?): stop every server and command using ` +
          'this data dir, then restore; nothing was changed',
      );
    }
    alone.release();
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const staging = join(opts.dataDir, `.restore-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging);
  try {
    const db = new SQLite(opts.from, { readonly: true, fileMustExist: true });
    try {
      db.prepare('vacuum into ?').run(join(staging, DB_FILE));
    } finally {
      db.close();
    }
    const staged = new SQLite(join(staging, DB_FILE));
    const rows = staged
      .prepare('select app_id, nonce, expires_at from tradepost_backup_nonces')
      .all() as Array<{
      app_id: string;
      nonce: string;
      expires_at: number;
    }>;
    staged.exec('drop table tradepost_backup_nonces; drop table tradepost_backup');
    staged.close();
    // The replay guard's schema is the file store's own: let it create the file, then fill it.
    createFileNonceStore(join(staging, NONCE_FILE)).stop();
    const guard = new SQLite(join(staging, NONCE_FILE));
    try {
      const insert = guard.prepare(
        'insert or ignore into nonces (app_id, nonce, expires_at) values (?, ?, ?)',
      );
      guard.transaction(() => rows.forEach((r) => insert.run(r.app_id, r.nonce, r.expires_at)))();
      guard.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      guard.close();
    }

    // Upgrade it to this version's schema and check the ledger before anything is replaced.
    const opened = await openDatabase({ dataDir: staging });
    let ledger: LedgerReport;
    try {
      ledger = await checkLedger(opened.db);
    } finally {
      await opened.close();
    }
    if (!ledger.ok) {
      const p = ledger.problem!;
      throw new BackupError(
        'ledger_broken',
        `the restored ledger does not verify: [${p.invariant}] ${p.message}`,
        ledger,
      );
    }
    const checkpoint = new SQLite(join(staging, DB_FILE));
    checkpoint.pragma('wal_checkpoint(TRUNCATE)');
    checkpoint.close();

    for (const f of present) rmSync(join(opts.dataDir, f), { recursive: true, force: true });
    // Every connection is closed and checkpointed: the two database files are complete alone.
    for (const f of [DB_FILE, NONCE_FILE]) renameSync(join(staging, f), join(opts.dataDir, f));
    return { manifest, ledger, migrated: opened.migrated };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
