import type { Command } from 'commander';
import type { CommandEnv } from '../program.ts';

export function registerMigrateCommand(migrate: Command, env: CommandEnv): void {
  env
    .leaf(migrate)
    .option('--dry-run', 'list the pending migrations without running them')
    .action(async (opts: { dryRun?: boolean }, cmd: Command) => {
      const out = env.output(cmd);
      const { openDatabase } = await import('../../db/dialect.ts');
      const { listMigrations } = await import('../../db/migrate.ts');
      const { loadConfig } = await import('../../config.ts');
      const config = loadConfig(env.io.env);
      const opened = await openDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        migrate: !opts.dryRun,
      });
      try {
        if (opts.dryRun) {
          const all = await listMigrations(opened.db, { dialect: opened.dialect, schema: opened.schema });
          const pending = all.filter((m) => m.executedAt === null).map((m) => m.name);
          out.result(
            { dry_run: true, pending, applied: all.length - pending.length },
            pending.length === 0
              ? 'The database is up to date: nothing would run.'
              : `Would run ${pending.length} migration(s), in this order:\n${pending.map((n) => `  ${n}`).join('\n')}`,
          );
          return;
        }
        out.result(
          { dry_run: false, migrated: opened.migrated },
          opened.migrated.length === 0
            ? 'The database is up to date: nothing to run.'
            : `Applied ${opened.migrated.length} migration(s):\n${opened.migrated.map((n) => `  ${n}`).join('\n')}`,
        );
      } finally {
        await opened.close();
      }
    });
}
