/**
 * Upgrades on both databases: `migrate --dry-run` lists what would run and changes nothing; two
 * processes migrating the same fresh database at once apply each migration once (PostgreSQL: the
 * advisory lock; SQLite: the write lock) and leave one schema; a migration that fails leaves the
 * schema exactly as it was.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, type Migration, sql } from 'kysely';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src/db/dialect.ts';
import { listMigrations, migrateToLatest } from '../../src/db/migrate.ts';
import { migrationProvider } from '../../src/db/migrations/index.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { runCli, useCliTarget } from '../cli/cli-helpers.ts';

// Each case runs the real CLI several times: on a loaded 2-core machine a run takes seconds.
vi.setConfig({ testTimeout: 180_000 });

const known = Object.keys(await migrationProvider.getMigrations()).sort();

/** Tables and their columns, as the database itself describes them. */
async function schemaOf(opened: OpenedDatabase): Promise<string[]> {
  if (opened.dialect === 'sqlite') {
    const { rows } = await sql<{ t: string; c: string }>`select m.name as t, p.name as c
      from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' order by 1, 2`.execute(
      opened.db,
    );
    return rows.map((r) => `${r.t}.${r.c}`);
  }
  const { rows } = await sql<{ t: string; c: string }>`select table_name as t, column_name as c
    from information_schema.columns where table_schema = current_schema() order by 1, 2`.execute(opened.db);
  return rows.map((r) => `${r.t}.${r.c}`);
}

describeEachDatabase('migrations', (database) => {
  const { target } = useCliTarget(database);

  it('--dry-run lists every pending migration on a fresh database and runs none of them', async () => {
    const dry = await runCli(target, ['migrate', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(dry.json()).toEqual({ dry_run: true, pending: known, applied: 0 });
    // Still nothing there: a second dry run says the same.
    expect((await runCli(target, ['migrate', '--dry-run', '--json'])).json()).toMatchObject({
      pending: known,
    });
    const human = await runCli(target, ['migrate', '--dry-run']);
    expect(human.stdout).toContain(`Would run ${known.length} migration(s)`);
  });

  it('two processes migrating at once apply each migration exactly once', async () => {
    const [a, b] = await Promise.all([
      runCli(target, ['migrate', '--json']),
      runCli(target, ['migrate', '--json']),
    ]);
    expect([a.code, b.code], `${a.stderr}\n${b.stderr}`).toEqual([0, 0]);
    const applied = [a, b].flatMap((r) => r.json().migrated as string[]);
    expect(applied.sort()).toEqual(known);
    const dry = await runCli(target, ['migrate', '--dry-run', '--json']);
    expect(dry.json()).toEqual({ dry_run: true, pending: [], applied: known.length });
    expect((await runCli(target, ['migrate'])).stdout).toContain('up to date');
    // What the CLI wrote is its owner's alone (the database, its WAL, the replay guard, master.key).
    const written = readdirSync(target.dataDir);
    expect(written).toContain('master.key');
    for (const name of written)
      expect([name, statSync(join(target.dataDir, name)).mode & 0o077]).toEqual([name, 0]);
  });
});

describeEachDatabase("a command on an older release's database", (database) => {
  const { target } = useCliTarget(database);

  it('refuses to upgrade it, names what is pending, changes nothing; after `migrate` it runs', async () => {
    // The database as the release before the newest migration left it.
    const newest = known.at(-1)!;
    const all = await migrationProvider.getMigrations();
    const older = {
      getMigrations: async () => Object.fromEntries(Object.entries(all).filter(([name]) => name !== newest)),
    };
    const opened = await openDatabase({
      databaseUrl: target.databaseUrl,
      dataDir: target.dataDir,
      migrate: false,
    });
    try {
      await migrateToLatest(opened.db, { dialect: opened.dialect, schema: opened.schema, provider: older });
    } finally {
      await opened.close();
    }

    const refused = await runCli(target, ['app', 'list', '--email', 'nobody@example.com', '--json']);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.json()).toMatchObject({ error: { code: 'conflict' } });
    expect(JSON.stringify(refused.json())).toContain(newest);
    expect(JSON.stringify(refused.json())).toContain('tradepost migrate');
    // Nothing ran: the newest migration is still pending.
    expect((await runCli(target, ['migrate', '--dry-run', '--json'])).json()).toMatchObject({
      pending: [newest],
    });

    expect((await runCli(target, ['migrate', '--json'])).json()).toMatchObject({ migrated: [newest] });
    // Up to date, the command runs (and finds no such merchant).
    const ran = await runCli(target, ['app', 'list', '--email', 'nobody@example.com', '--json']);
    expect(ran.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describeEachDatabase('a failing migration', (database) => {
  {
    let opened: OpenedDatabase;
    beforeAll(async () => {
      opened = await database.open();
    });
    afterAll(async () => {
      await opened?.close();
      await database.dispose();
    });

    it('a failing migration leaves the schema as it was', async () => {
      const before = await schemaOf(opened);
      expect(before.length).toBeGreaterThan(10);
      const failing: Migration = {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as every migration (STYLE.md)
        async up(db: Kysely<any>) {
          await db.schema.createTable('ops_upgrade_probe').addColumn('id', 'integer').execute();
          await db.schema.alterTable('orders').addColumn('ops_probe', 'text').execute();
          throw new Error('the upgrade went wrong half-way');
        },
      };
      const provider = {
        getMigrations: async () => ({
          ...(await migrationProvider.getMigrations()),
          '2099-01-01-ops-failing': failing,
        }),
      };
      const opts = { dialect: opened.dialect, schema: opened.schema, provider };
      await expect(migrateToLatest(opened.db, opts)).rejects.toThrow(
        /2099-01-01-ops-failing failed: .*half-way/,
      );
      expect(await schemaOf(opened)).toEqual(before);
      const status = await listMigrations(opened.db, opts);
      expect(status.find((m) => m.name === '2099-01-01-ops-failing')?.executedAt).toBeNull();
    });

    it('an older build on a database a newer one upgraded: refused, saying what to do', async () => {
      const before = await schemaOf(opened);
      const all = await migrationProvider.getMigrations();
      const newest = Object.keys(all).sort().at(-1)!;
      const older = {
        getMigrations: async () =>
          Object.fromEntries(Object.entries(all).filter(([name]) => name !== newest)),
      };
      const opts = { dialect: opened.dialect, schema: opened.schema, provider: older };
      await expect(migrateToLatest(opened.db, opts)).rejects.toThrow(
        /upgraded by a newer Tradepost; run that version, or restore the backup taken before the upgrade/,
      );
      expect(await schemaOf(opened)).toEqual(before);
    });
  }
});
