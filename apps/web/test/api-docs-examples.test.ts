/**
 * The API docs page shows the example clients (docs/examples/bend/*, run by the server's docs
 * tests) with this server's base URL in their `Run:` line: a merchant on another port can paste
 * the line as is. The files keep the default-port stand-in; if one stopped naming it, the page
 * would silently show 8080 again.
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLE_BASE_URL, EXAMPLES, withBaseUrl } from '../src/features/api-docs/components/examples.ts';

describe('API docs examples', () => {
  const real = 'https://supply.example.com:8443/api/v1';
  it.each(EXAMPLES.map((e) => [e.file, e.code] as const))(
    '%s: its Run: line shows the real base URL, and no other',
    (_file, code) => {
      expect(code).toContain(`TRADEPOST_BASE_URL=${EXAMPLE_BASE_URL} `);
      const shown = withBaseUrl(code, real);
      expect(shown).toContain(`TRADEPOST_BASE_URL=${real} `);
      expect(shown).not.toContain(EXAMPLE_BASE_URL);
      expect(shown).not.toContain(':8080');
    },
  );
});
