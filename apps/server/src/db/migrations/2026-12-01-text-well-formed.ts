import { type Kysely, sql } from 'kysely';

/**
 * Well-formed text in the JSON an older release stored, before 2026-12-01-webhook-events-about
 * (which sorts after this one) reads every webhook payload as jsonb.
 *
 * Releases before 2026-11-29's text rule (shared/validation.ts: no unpaired UTF-16 surrogates)
 * took one in an order's shipping address. JSON.stringify kept it as an escape (`\ud800`) in
 * `orders.shipping_address_json` and in the payload of the order's webhook events, and
 * PostgreSQL's jsonb refuses such an escape (and `\u0000`): on such a database the upgrade
 * stopped at webhook-events-about ("invalid input syntax for type json"), and once past it, any
 * move of that order (cancel, ship) failed writing its event. Here each such string's unpaired
 * surrogate (or NUL) becomes U+FFFD, the character a UTF-8 column already holds for one written
 * outside JSON; every other character and every other row is left as it was. Both dialects, so
 * the two keep the same data.
 */
const SUSPECT = /\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})/;
// eslint-disable-next-line no-control-regex -- these characters are exactly what is being matched
const UNPAIRED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g;

/** The JSON text rewritten well-formed, or null when it already is (or is not JSON at all). */
function wellFormedJson(json: string): string | null {
  if (!SUSPECT.test(json)) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const fixed = JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' ? v.replace(UNPAIRED, '\uFFFD') : v,
  );
  return fixed === json ? null : fixed;
}

const COLUMNS = [
  { table: 'orders', key: 'order_no', column: 'shipping_address_json' },
  { table: 'webhook_events', key: 'event_id', column: 'payload' },
] as const;

// Migrations run on Kysely<any> (STYLE.md): they must not follow later changes to Database.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const { table, key, column } of COLUMNS) {
    // JSON.stringify writes `\u` only for control characters and unpaired surrogates: few rows.
    const { rows } = await sql<{ k: string; v: string }>`select ${sql.ref(key)} as k, ${sql.ref(column)} as v
      from ${sql.table(table)} where ${sql.ref(column)} like ${'%\\u%'} escape '!'`.execute(db);
    for (const row of rows) {
      const fixed = wellFormedJson(row.v);
      if (fixed !== null)
        await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${fixed} where ${sql.ref(key)} = ${row.k}`.execute(
          db,
        );
    }
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(_db: Kysely<any>): Promise<void> {
  // Nothing to undo: the replaced characters were never readable text.
}
