/**
 * The API docs page shows the example clients (docs/examples/{bend,action,tokens}/*, run by the
 * server's docs tests) with this server's base URL in their `Run:` line: a merchant on another port can paste
 * the line as is. The files keep the default-port stand-in; if one stopped naming it, the page
 * would silently show 8080 again.
 */
import { describe, expect, it } from 'vitest';
import { DOORS } from '../src/features/api-docs/components/doors.ts';
import {
  ACTION_CLIENTS,
  EXAMPLE_BASE_URL,
  EXAMPLE_EMAIL,
  EXAMPLES,
  guideForReader,
  LANGUAGES,
  RECEIVERS,
  TOKEN_CLIENTS,
  withBaseUrl,
} from '../src/features/api-docs/components/examples.ts';

describe('API docs examples', () => {
  const real = 'https://supply.example.com:8443/api/v1';
  it.each([...EXAMPLES, ...ACTION_CLIENTS, ...TOKEN_CLIENTS].map((e) => [e.file, e.code] as const))(
    '%s: its Run: line shows the real base URL, and no other',
    (_file, code) => {
      expect(code).toContain(`TRADEPOST_BASE_URL=${EXAMPLE_BASE_URL} `);
      const shown = withBaseUrl(code, real);
      expect(shown).toContain(`TRADEPOST_BASE_URL=${real} `);
      expect(shown).not.toContain(EXAMPLE_BASE_URL);
      expect(shown).not.toContain(':8080');
    },
  );

  it.each(RECEIVERS.map((e) => [e.file, e.code] as const))(
    '%s: where it names the server (the SDK download), the page names the real one',
    (_file, code) => {
      expect(withBaseUrl(code, real)).not.toContain(':8080');
    },
  );

  it('an SDK download is named on the real server, under its path prefix if it has one', () => {
    const shown = withBaseUrl(RECEIVERS.find((e) => e.id === 'typescript')!.code, real);
    expect(shown).toContain('npm install https://supply.example.com:8443/sdk/tradepost-protocol.tgz ');
    expect(
      withBaseUrl(`${EXAMPLE_BASE_URL.replace('/api/v1', '')}/sdk/x.tgz`, 'https://h.example/tp/api/v1'),
    ).toBe('https://h.example/tp/sdk/x.tgz');
  });

  it('every set comes in the same languages, in the same tab order, each tab a file of its set', () => {
    for (const [set, dir] of [
      [EXAMPLES, 'bend'],
      [ACTION_CLIENTS, 'action'],
      [TOKEN_CLIENTS, 'tokens'],
      [RECEIVERS, 'webhooks'],
    ] as const) {
      expect(set.map((e) => [e.id, e.label])).toEqual(LANGUAGES.map((l) => [l.id, l.label]));
      for (const e of set) {
        expect(e.file.startsWith(`docs/examples/${dir}/`)).toBe(true);
        expect(e.code.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('API docs guides', () => {
  const real = 'https://supply.example.com:8443/api/v1';
  it("code blocks name the real base URL and the reader's e-mail; the prose keeps naming the defaults", () => {
    // A guide whose code blocks name `url` and `email`, its prose always the defaults.
    const guide = (url: string, email: string) =>
      [
        `A local server listens on \`${EXAMPLE_BASE_URL}\` by default; ${EXAMPLE_EMAIL} is the demo user.`,
        '',
        '```bash',
        `curl ${url}/credit`,
        `npx tradepost apikey create --email ${email} --json`,
        '```',
        '',
        `Again, the default: ${EXAMPLE_BASE_URL}.`,
        '   ```python',
        `   BASE = os.environ.get('TRADEPOST_BASE_URL', '${url}')`,
        `   USER_ID = '${email}'`,
        '   ```',
        '```sh',
        `USER=${encodeURIComponent(email)}`,
        '```',
      ].join('\n');
    const email = 'ops@supplier.example';
    expect(guideForReader(guide(EXAMPLE_BASE_URL, EXAMPLE_EMAIL), { baseUrl: real, email })).toBe(
      guide(real, email),
    );
    // Before the session has loaded: the stand-in e-mail stays.
    expect(guideForReader(guide(EXAMPLE_BASE_URL, EXAMPLE_EMAIL), { baseUrl: real })).toBe(
      guide(real, EXAMPLE_EMAIL),
    );
  });

  it.each(DOORS.map((d) => [d.file, d.source] as const))(
    '%s: no code block on the page names the default port',
    (_file, source) => {
      const shown = guideForReader(source, { baseUrl: real });
      const code = shown.split(/^ {0,3}```.*$/m).filter((_, i) => i % 2 === 1);
      expect(code.length).toBeGreaterThan(0);
      for (const block of code) expect(block).not.toContain(':8080');
    },
  );
});
