import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../errors.ts';
import type { CommandEnv } from '../program.ts';
import { parseNonEmpty } from '../args.ts';
import type { BackupError } from '../../ops/backup.ts';

const POSTGRES_NOTE =
  'on PostgreSQL, back up with pg_dump or continuous archiving (PITR) and check a restore with ' +
  '`tradepost verify` (docs/operations.md, "Backups and restore drills" › "PostgreSQL")';

/** BackupError → the CLI's error codes (scripts branch on these). */
export function backupCliError(e: unknown): unknown {
  if (!(e instanceof Error) || e.name !== 'BackupError') return e;
  const b = e as BackupError;
  const code =
    b.code === 'ledger_broken'
      ? 'ledger_broken'
      : b.code === 'not_empty' || b.code === 'exists' || b.code === 'in_use'
        ? 'conflict'
        : // --out names a place no file can be made: the command line is wrong, nothing was done.
          b.code === 'unwritable'
          ? 'invalid_argument'
          : 'rejected';
  return new CliError(code, b.message, undefined, { reason: b.code });
}

export function registerBackupCommand(backup: Command, env: CommandEnv): void {
  env
    .leaf(backup)
    .requiredOption('--out <file>', 'the backup file to write (must not exist)', parseNonEmpty)
    .action(async (opts: { out: string }, cmd: Command) => {
      const out = env.output(cmd);
      const { loadConfig } = await import('../../config.ts');
      const { backupSqlite } = await import('../../ops/backup.ts');
      const { refuseWrongMasterKey } = await import('../../context.ts');
      // Before the master key is looked for: on PostgreSQL the answer is pg_dump whatever the key.
      if (env.io.env.DATABASE_URL)
        throw new CliError('rejected', `backup is for the embedded SQLite database; ${POSTGRES_NOTE}`);
      const config = loadConfig(env.io.env, { generateMasterKey: false });
      const file = resolve(opts.out);
      const manifest = await backupSqlite({
        dataDir: config.dataDir,
        masterKey: config.masterKey,
        out: file,
        refuseKey: (db) => refuseWrongMasterKey(config, db),
      }).catch((e) => {
        throw backupCliError(e);
      });
      if (!manifest.ledger.ok) {
        throw new CliError(
          'ledger_broken',
          `backup written to ${file}, but its ledger does not verify: ${manifest.ledger.problem}`,
        );
      }
      out.result(
        { file, ...manifest },
        `Backup written to ${file}: ${manifest.ledger.accounts} credit accounts, ${manifest.ledger.entries} ledger entries, ` +
          `${manifest.ledger.orders} orders, ${manifest.nonces} replay-guard claims; ledger verified.\n` +
          `Master key fingerprint ${manifest.master_key_fingerprint}: the key itself is NOT in the backup; keep it safe apart from it.`,
      );
    });
}

export function registerRestoreCommand(restore: Command, env: CommandEnv): void {
  env
    .leaf(restore)
    .requiredOption('--from <file>', 'a file written by `tradepost backup`', parseNonEmpty)
    .option('--force', 'replace the database of a data dir that is not empty')
    .action(async (opts: { from: string; force?: boolean }, cmd: Command) => {
      const out = env.output(cmd);
      const { loadConfig } = await import('../../config.ts');
      const { restoreSqlite } = await import('../../ops/backup.ts');
      // Never a freshly generated key: it could not open what the backup sealed.
      // Before the master key is looked for: on PostgreSQL the answer is pg_dump whatever the key.
      if (env.io.env.DATABASE_URL)
        throw new CliError('rejected', `restore is for the embedded SQLite database; ${POSTGRES_NOTE}`);
      const config = loadConfig(env.io.env, { generateMasterKey: false });
      const result = await restoreSqlite({
        dataDir: config.dataDir,
        masterKey: config.masterKey,
        from: resolve(opts.from),
        force: opts.force === true,
      }).catch((e) => {
        throw backupCliError(e);
      });
      const l = result.ledger;
      out.result(
        {
          data_dir: config.dataDir,
          backup_created_at: result.manifest.created_at,
          accounts: l.accounts,
          entries: l.entries,
          orders: l.orders,
          nonces: result.manifest.nonces,
          migrated: result.migrated,
          ledger_ok: true,
        },
        `Restored the backup of ${result.manifest.created_at} into ${config.dataDir}: ${l.accounts} credit accounts, ` +
          `${l.entries} ledger entries, ${l.orders} orders; ledger verified.` +
          (result.migrated.length ? ` Upgraded with ${result.migrated.length} migration(s).` : ''),
      );
    });
}
