import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * PostgreSQL: a statement whose text starts with this comment is sent as a named prepared
 * statement, so each connection parses and plans it once instead of on every call. For the few
 * statements every order runs (the order function, the replay guard's and the rate limiter's
 * calls), not for all: the server keeps a named statement for the connection's life, and texts
 * that vary (IN lists) would pile up.
 */
export const PREPARED = '/* prepared */ ';

const preparedNames = new Map<string, string>();

/** On each new connection of `pool`, queries whose text starts with PREPARED go by name. */
export function namePreparedStatements(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const [text, values, callback] = args;
      if (typeof text !== 'string' || !text.startsWith(PREPARED)) return query(...args);
      let name = preparedNames.get(text);
      if (!name) {
        name = `tp_${createHash('sha256').update(text).digest('hex').slice(0, 20)}`;
        preparedNames.set(text, name);
      }
      const config = { name, text, values };
      return callback === undefined ? query(config) : query(config, callback);
    };
  });
}
