import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parseNonEmpty } from '../args.ts';
import { CliError } from '../errors.ts';
import type { CommandEnv } from '../program.ts';
import { MASTER_KEY_HEX } from '../../shared/secret-box.ts';
import type { RekeyError, RekeyReport } from '../../ops/rekey.ts';

/** The new key's file in the data dir: --generate writes it; with master.key it becomes master.key. */
const NEW_KEY_FILE = 'master.key.new';

/** RekeyError → the CLI's error codes (scripts branch on `reason`). */
function rekeyCliError(e: unknown): unknown {
  if (!(e instanceof Error) || e.name !== 'RekeyError') return e;
  const r = e as RekeyError;
  const code = r.code === 'already_rotated' || r.code === 'in_use' ? 'conflict' : 'rejected';
  return new CliError(code, r.message, undefined, { reason: r.code, ...r.details });
}

/** Writes a file durably (mode 0600, refusing to overwrite): the key must be on disk before the COMMIT. */
function writeKeyFile(file: string, key: Buffer): void {
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  syncPath(file);
  syncPath(dirname(file));
}

function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function readKeyFile(file: string): Buffer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new CliError(
      'invalid_argument',
      `--new-key-file: cannot read ${file} (${(e as NodeJS.ErrnoException).code})`,
    );
  }
  // Never echoed: it is (or was meant to be) a key.
  if (!MASTER_KEY_HEX.test(text))
    throw new CliError('invalid_argument', `--new-key-file: ${file} must hold 64 hex characters (32 bytes)`);
  return Buffer.from(text, 'hex');
}

const counts = (r: RekeyReport) =>
  Object.entries(r.resealed)
    .map(([kind, n]) => `  ${kind}: ${n}`)
    .join('\n');

export function registerKeysCommands(keys: Command, env: CommandEnv): void {
  env
    .leaf(keys.command('rotate'))
    .description(
      're-seal every sealed secret under a new master key, in one transaction (servers stopped; docs/operations.md)',
    )
    .option('--new-key-file <file>', 'a file holding the new key: 64 hex characters', parseNonEmpty)
    .option(
      '--generate',
      `generate the new key into ${NEW_KEY_FILE} in the data dir (0600); prints only its fingerprint`,
    )
    .option('--dry-run', 'count what would be re-sealed, per kind; change nothing')
    .action(async (opts: { newKeyFile?: string; generate?: boolean; dryRun?: boolean }, cmd: Command) => {
      const out = env.output(cmd);
      if ((opts.newKeyFile === undefined) === (opts.generate !== true))
        throw new CliError('invalid_argument', 'give exactly one of --new-key-file FILE and --generate');
      const { loadConfig } = await import('../../config.ts');
      const { keyFingerprint } = await import('../../ops/backup.ts');
      const { rekey, openSqliteForRekey } = await import('../../ops/rekey.ts');
      const { openDatabase, SQLITE_FILE } = await import('../../db/dialect.ts');
      const { listMigrations } = await import('../../db/migrate.ts');

      // The key the server would use; never a freshly generated one (it could open nothing).
      const config = loadConfig(env.io.env, { generateMasterKey: false });
      const fromFile = config.masterKeySource !== 'env';
      const keyFile = join(config.dataDir, 'master.key');
      const newKey = opts.generate ? randomBytes(32) : readKeyFile(resolve(opts.newKeyFile!));
      const dryRun = opts.dryRun === true;
      const sameKey = newKey.equals(config.masterKey);

      // Files written before the COMMIT, removed again if it does not happen.
      const staged: string[] = [];
      const stagedNew = join(config.dataDir, NEW_KEY_FILE);
      const oldKeyFile = join(config.dataDir, `master.key.old-${keyFingerprint(config.masterKey)}`);

      const opened = config.databaseUrl
        ? await openDatabase({
            databaseUrl: config.databaseUrl,
            dataDir: config.dataDir,
            migrate: false,
            poolMax: 1,
          })
        : null;
      let report: RekeyReport;
      try {
        const local = opened
          ? null
          : openSqliteForRekey(join(config.dataDir, SQLITE_FILE), { readOnly: dryRun });
        const db = opened?.db ?? local!.db;
        try {
          const pending = (
            await listMigrations(
              db,
              opened ? { dialect: 'postgres', schema: opened.schema } : { dialect: 'sqlite' },
            )
          ).filter((m) => m.executedAt === null);
          if (pending.length > 0)
            throw new CliError(
              'rejected',
              `${pending.length} migration(s) pending: run \`tradepost migrate\` first; nothing was changed`,
            );
          if (!dryRun) {
            const newKeyPath = opts.newKeyFile ? resolve(opts.newKeyFile) : null;
            // The new key on disk before anything is sealed with it: generated, or staged to become master.key.
            if ((opts.generate || fromFile) && newKeyPath !== stagedNew) {
              try {
                writeKeyFile(stagedNew, newKey);
              } catch (e) {
                if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
                throw new CliError(
                  'conflict',
                  `${stagedNew} already exists (from an earlier rotation?): move it away, or pass it as --new-key-file; nothing was changed`,
                );
              }
              staged.push(stagedNew);
            }
            if (fromFile) {
              // The old key stays, by fingerprint, for the backups sealed under it.
              try {
                writeKeyFile(oldKeyFile, config.masterKey);
                staged.push(oldKeyFile);
              } catch (e) {
                if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
              }
            }
          }
          report = await rekey({
            db,
            dialect: opened ? 'postgres' : 'sqlite',
            currentKey: config.masterKey,
            newKey,
            dryRun,
          });
        } finally {
          await local?.close();
        }
      } catch (e) {
        for (const f of staged) rmSync(f, { force: true });
        const err = rekeyCliError(e);
        if (err instanceof CliError && err.details?.reason === 'already_rotated' && fromFile && !sameKey) {
          // The one way to get here with master.key: a rotation that stopped between its COMMIT and the swap.
          throw new CliError(
            err.code,
            `${err.message}. ${keyFile} still holds the old key: replace it with the new key file (mv, keeping mode 0600)`,
            undefined,
            err.details,
          );
        }
        throw err;
      } finally {
        await opened?.close();
      }

      const fingerprints = {
        current_fingerprint: report.currentFingerprint,
        new_fingerprint: report.newFingerprint,
      };
      if (dryRun) {
        // --generate's key of a dry run is thrown away: the real run draws another. Its
        // fingerprint would only be a number to write down that matches nothing.
        const shown = opts.generate ? null : report.newFingerprint;
        const target = shown
          ? `the key with fingerprint ${shown}`
          : 'a new key (drawn when you run it without --dry-run)';
        out.result(
          {
            dry_run: true,
            resealed: report.resealed,
            total: report.total,
            already_new: report.alreadyNew,
            current_fingerprint: report.currentFingerprint,
            new_fingerprint: shown,
          },
          `Would re-seal ${report.total} value(s) under ${target}:\n${counts(report)}\nNothing was changed.`,
        );
        return;
      }

      // Committed: the data now opens under the new key only.
      const next: string[] = [];
      let masterKeyFile: string | null = null;
      if (fromFile) {
        // rename() replaces master.key atomically: a crash leaves the old or the new key, whole.
        renameSync(stagedNew, keyFile);
        syncPath(config.dataDir);
        masterKeyFile = keyFile;
        next.push(
          `${keyFile} now holds the new key; the old one is kept as ${oldKeyFile} (0600).`,
          `Move ${oldKeyFile} to where the backups made before now are kept (restoring them needs it), then delete it here.`,
          'Start the servers: they read the new key from master.key.',
        );
      } else {
        const where = opts.generate ? stagedNew : resolve(opts.newKeyFile!);
        next.push(
          `Set TRADEPOST_MASTER_KEY, for every server and command, to the key in ${where} (fingerprint ${report.newFingerprint}) in your secret store` +
            (opts.generate ? `, then delete ${where}.` : '.'),
          `Keep the old key (fingerprint ${report.currentFingerprint}) with the backups made before now: restoring them needs it.`,
          'Start the servers with the new key: with the old one they can open no credential.',
        );
      }
      out.result(
        {
          dry_run: false,
          resealed: report.resealed,
          total: report.total,
          already_new: report.alreadyNew,
          ...fingerprints,
          key_source: fromFile ? 'file' : 'env',
          ...(masterKeyFile ? { master_key_file: masterKeyFile, old_key_file: oldKeyFile } : {}),
          ...(opts.generate && !fromFile ? { new_key_file: stagedNew } : {}),
          next_steps: next,
        },
        `Re-sealed ${report.total} value(s) under the key with fingerprint ${report.newFingerprint} (was ${report.currentFingerprint}):\n${counts(report)}\n` +
          next.join('\n'),
      );
    });
}
