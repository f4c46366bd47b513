/**
 * PostgreSQL: statements marked PREPARED go as named prepared statements (parsed and planned once
 * per connection); every other statement stays unnamed.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import pgLib from 'pg';
import { namePreparedStatements, PREPARED } from '../../src/db/pg-prepared.ts';
import { eachDatabase, useOpenedDatabase } from '../helpers/databases.ts';

const pg = eachDatabase().find((d) => d.name === 'postgres');

describe.skipIf(!pg)('prepared statements on PostgreSQL', () => {
  const opened = useOpenedDatabase(pg!);

  it('a marked statement is prepared once per connection and answers as before; others are not', async () => {
    await opened()
      .db.connection()
      .execute(async (conn) => {
        const marked = (n: number) =>
          sql<{ twice: number }>`${sql.raw(PREPARED)}select ${n}::int * 2 as twice`.execute(conn);
        expect((await marked(2)).rows).toEqual([{ twice: 4 }]);
        expect((await marked(21)).rows).toEqual([{ twice: 42 }]);
        await sql`select ${5}::int + 1 as plain`.execute(conn);
        const { rows } = await sql<{ name: string; statement: string }>`
        select name, statement from pg_prepared_statements order by name`.execute(conn);
        const ours = rows.filter((r) => r.statement.includes('::int'));
        expect(ours).toHaveLength(1);
        expect(ours[0]!.name).toMatch(/^tp_[0-9a-f]{20}$/);
        expect(ours[0]!.statement.startsWith(PREPARED)).toBe(true);
      });
  });

  it('pg callers that pass a callback get their answer through it, prepared or not', async () => {
    const pool = new pgLib.Pool({ connectionString: await pg!.url(), max: 1 });
    namePreparedStatements(pool);
    try {
      const viaCallback = (text: string, values: unknown[]) =>
        new Promise<unknown>((resolve, reject) =>
          pool.query(text, values, (err, res) => (err ? reject(err) : resolve(res.rows))),
        );
      expect(await viaCallback(`${PREPARED}select $1::int + 1 as n`, [1])).toEqual([{ n: 2 }]);
      expect(await viaCallback('select $1::int + 2 as n', [1])).toEqual([{ n: 3 }]);
      expect((await pool.query(`${PREPARED}select $1::int + 1 as n`, [41])).rows).toEqual([{ n: 42 }]);
      const { rows } = await pool.query<{ n: string }>(
        `select count(*) as n from pg_prepared_statements where statement like '%::int + %'`,
      );
      expect(Number(rows[0]!.n)).toBe(1);
    } finally {
      await pool.end();
    }
  });
});
