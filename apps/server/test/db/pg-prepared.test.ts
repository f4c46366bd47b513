/**
 * PostgreSQL: statements marked PREPARED go as named prepared statements (parsed and planned once
 * per connection); every other statement stays unnamed.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import { PREPARED } from '../../src/db/pg-prepared.ts';
import { eachDatabase } from '../helpers/databases.ts';

const pg = eachDatabase().find((d) => d.name === 'postgres');

describe.skipIf(!pg)('prepared statements on PostgreSQL', () => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await pg!.open();
  });
  afterAll(async () => {
    await opened?.close();
    await pg!.dispose();
  });

  it('a marked statement is prepared once per connection and answers as before; others are not', async () => {
    await opened.db.connection().execute(async (conn) => {
      const marked = (n: number) => sql<{ twice: number }>`${sql.raw(PREPARED)}select ${n}::int * 2 as twice`.execute(conn);
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

});
