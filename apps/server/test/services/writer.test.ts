/**
 * The Writer contract on each database: a failing unit rolls back only itself, results arrive
 * only after COMMIT, units arriving together share commits on SQLite (≤ 256 per commit) and a
 * failed COMMIT there rejects its whole batch, and PostgreSQL retries serialization failures.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import { sql } from 'kysely';
import { afterCommit, MAX_UNITS_PER_COMMIT, runSql, stmt } from '../../src/db/writer.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

describeEachDatabase('writer', (database) => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await database.open();
  });
  afterAll(async () => {
    await opened?.close();
    await database.dispose();
  });

  const insertNonce = (nonce: string) =>
    opened.writer.run(async (trx) => {
      await trx.insertInto('nonces').values({ app_id: 'w', nonce, expires_at: 1 }).execute();
      return nonce;
    });
  const nonceExists = async (nonce: string) =>
    (await opened.db
      .selectFrom('nonces')
      .select('nonce')
      .where('app_id', '=', 'w')
      .where('nonce', '=', nonce)
      .executeTakeFirst()) !== undefined;

  it('a failing unit rolls back only its own writes', async () => {
    // Committed before: on PostgreSQL units run side by side, so two new inserts of one key race.
    await insertNonce('taken');
    const results = await Promise.allSettled([
      insertNonce('ok-1'),
      opened.writer.run(async (trx) => {
        await trx.insertInto('nonces').values({ app_id: 'w', nonce: 'bad-1', expires_at: 1 }).execute();
        throw new Error('unit failed after writing');
      }),
      insertNonce('ok-2'),
      insertNonce('taken'), // primary-key violation: fails alone
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('unit failed after writing');
    expect(await nonceExists('ok-1')).toBe(true);
    expect(await nonceExists('ok-2')).toBe(true);
    expect(await nonceExists('bad-1')).toBe(false);
  });

  it('runSql writes in the unit (rolled back with it) and commit hooks run only for committed units', async () => {
    const hooked: string[] = [];
    const unit = (nonce: string, fail: boolean) =>
      opened.writer.run(async (trx) => {
        const rows = await runSql(
          trx,
          stmt<{
            nonce: string;
          }>`insert into nonces (app_id, nonce, expires_at) values (${'w'}, ${nonce}, ${1}) returning nonce`,
        );
        expect(rows).toEqual([{ nonce }]);
        afterCommit(trx, () => hooked.push(nonce));
        if (fail) throw new Error(`unit ${nonce} failed`);
        return (
          await runSql(trx, stmt<{ n: number }>`select count(*) as n from nonces where nonce = ${nonce}`)
        )[0]?.n;
      });
    const results = await Promise.allSettled([unit('rs-1', false), unit('rs-2', true), unit('rs-3', false)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseFulfilledResult<number>).value).toBe(1);
    expect(hooked.sort()).toEqual(['rs-1', 'rs-3']);
    expect(await nonceExists('rs-2')).toBe(false);
    expect(await nonceExists('rs-3')).toBe(true);
    // Outside a unit it is the query's own execute (the read pool here).
    expect(await runSql(opened.db, stmt<{ one: number }>`select 1 as one`)).toEqual([{ one: 1 }]);
  });

  it("runSql: one call site with different nested templates and values answers as Kysely's sql does", async () => {
    await Promise.all(['sh-a', 'sh-b', 'sh-c'].map(insertNonce));
    const q = (nonce: string, equal: boolean) =>
      stmt<{ nonce: string }>`select nonce from nonces where app_id = ${'w'}
        ${equal ? stmt`and nonce = ${nonce}` : stmt`and nonce > ${nonce} and nonce like ${'sh-%'}`} order by nonce`;
    const cases: Array<[string, boolean]> = [
      ['sh-a', true],
      ['sh-b', true],
      ['sh-a', false],
      ['sh-b', false],
      ['sh-c', true],
    ];
    const got = await opened.writer.run(async (trx) => {
      const out = [];
      for (const [n, eq] of cases) out.push((await runSql(trx, q(n, eq))).map((r) => r.nonce));
      return out;
    });
    const want = [];
    for (const [n, eq] of cases)
      want.push((await q(n, eq).toSql().execute(opened.db)).rows.map((r) => r.nonce));
    expect(got).toEqual(want);
    expect(got).toEqual([['sh-a'], ['sh-b'], ['sh-b', 'sh-c'], ['sh-c'], ['sh-c']]);
  });

  it.runIf(database.name === 'sqlite')(
    'runSql refuses a Kysely `sql` spliced into a `stmt` (it would be bound as a value)',
    async () => {
      await expect(
        opened.writer.run((trx) => runSql(trx, stmt`select 1 as one where 1 = ${sql`1`}`)),
      ).rejects.toThrow(/write it with `stmt`/);
    },
  );

  it.runIf(database.name === 'sqlite')(
    'a COMMIT that fails rejects every unit of its batch, keeps none of their writes, and the next batch commits',
    async () => {
      // A foreign key checked at COMMIT (defer_foreign_keys lasts until the transaction ends):
      // every unit and savepoint succeeds, then the COMMIT refuses, leaving the transaction open.
      await opened.writer.run(async (trx) => {
        await sql`create table if not exists writer_test_parent (id text primary key)`.execute(trx);
        await sql`create table if not exists writer_test_child
          (id text primary key, parent text not null references writer_test_parent (id))`.execute(trx);
      });
      const orphanChild = async (trx: Parameters<Parameters<typeof opened.writer.run>[0]>[0]) => {
        await sql`pragma defer_foreign_keys = on`.execute(trx);
        await sql`insert into writer_test_child (id, parent) values ('orphan', 'nobody')`.execute(trx);
      };
      const before = opened.writer.stats().commits;
      const results = await Promise.allSettled([
        insertNonce('cf-1'),
        opened.writer.run(orphanChild),
        insertNonce('cf-2'),
      ]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect((results[0] as PromiseRejectedResult).reason.code).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
      expect(opened.writer.stats().commits).toBe(before);
      expect(await nonceExists('cf-1')).toBe(false);
      expect(await nonceExists('cf-2')).toBe(false);
      // Rolled back, not left open: the next batch begins and commits.
      expect(await insertNonce('cf-3')).toBe('cf-3');
      expect(await nonceExists('cf-3')).toBe(true);
    },
  );

  it('resolves only once the write is committed and visible to other connections', async () => {
    const seen = await opened.writer.run(async (trx) => {
      await trx.insertInto('nonces').values({ app_id: 'w', nonce: 'vis-1', expires_at: 1 }).execute();
      // Not committed yet: the read connection must not see it.
      return nonceExists('vis-1');
    });
    expect(seen).toBe(false);
    expect(await nonceExists('vis-1')).toBe(true);
  });

  it('returns unit values and runs many units', async () => {
    const n = 600;
    const before = opened.writer.stats();
    const values = await Promise.all(Array.from({ length: n }, (_, i) => insertNonce(`many-${i}`)));
    expect(values[599]).toBe('many-599');
    const after = opened.writer.stats();
    const commits = after.commits - before.commits;
    if (opened.dialect === 'sqlite') {
      // Group commit: 600 units in ⌈600 / 256⌉ = 3 commits, not 600.
      expect(commits).toBe(Math.ceil(n / MAX_UNITS_PER_COMMIT));
    } else {
      expect(commits).toBe(n);
    }
  });

  it.runIf(database.name === 'postgres')(
    'retries serialization failures a bounded number of times',
    async () => {
      const retriesBefore = opened.writer.stats().retries;
      let attempts = 0;
      const value = await opened.writer.run(async () => {
        attempts++;
        if (attempts < 3) throw Object.assign(new Error('could not serialize access'), { code: '40001' });
        return 'done';
      });
      expect(value).toBe('done');
      expect(attempts).toBe(3);
      let forever = 0;
      const err = await opened.writer
        .run(async () => {
          forever++;
          throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        })
        .catch((e: Error) => e);
      expect(err.message).toBe('deadlock detected');
      expect(forever).toBe(5);
      // Counted: 2 retries, then 4 before giving up (the deadlock tests read this).
      expect(opened.writer.stats().retries - retriesBefore).toBe(6);
    },
  );

  it('refuses new units after close, having settled the queued ones', async () => {
    const other = await database.open();
    const pending = Promise.all(
      [0, 1, 2].map((i) =>
        other.writer.run(async (trx) => {
          await trx
            .insertInto('nonces')
            .values({ app_id: 'close', nonce: `c-${i}`, expires_at: 1 })
            .execute();
        }),
      ),
    );
    await other.writer.close();
    await pending;
    await expect(other.writer.run(async () => 1)).rejects.toThrow(/closed/);
    await other.close();
  });
});
