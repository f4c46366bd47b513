/**
 * One set of names for the server's address and an App's keys in every document and example: the
 * README's `TRADEPOST_BASE_URL` (with `/api/v1`), `TRADEPOST_APP_ID`, `TRADEPOST_SECRET_KEY`,
 * `TRADEPOST_SIGN_KEY`. A reader who exported the README's variables must be able to run any
 * snippet or example client as it is (bend-examples.test.ts runs the clients with these names).
 * The Action API and token clients add their own credentials' names (TRADEPOST_USER_ID,
 * TRADEPOST_API_KEY; TRADEPOST_TOKEN, TRADEPOST_TOKEN_SECRET) beside the same TRADEPOST_BASE_URL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './example-languages.ts';

const examplesDir = join(repoRoot, 'docs/examples');

const docs = [
  'README.md',
  'packages/sdk/README.md',
  ...readdirSync(join(repoRoot, 'docs/api')).map((f) => `docs/api/${f}`),
  ...['bend', 'action', 'tokens'].flatMap((door) =>
    readdirSync(join(examplesDir, door)).flatMap((dir) =>
      readdirSync(join(examplesDir, door, dir)).map((f) => `docs/examples/${door}/${dir}/${f}`),
    ),
  ),
];

/** An unprefixed name set (`BASE_URL=…`) or read (`getenv("APP_ID")`, `` `SIGN_KEY` ``), or the old TRADEPOST_URL. */
const OTHER_NAME = /(?<!\w)(?:BASE_URL|APP_ID|SECRET_KEY|SIGN_KEY)(?=[=}"'\]`])|TRADEPOST_URL\b/g;

/** The lines of the fenced code blocks of a Markdown file; a source file is all code. */
function codeLines(path: string, text: string): string[] {
  if (!path.endsWith('.md')) return text.split('\n');
  return [...text.matchAll(/^```\w*\n([\s\S]*?)^```$/gm)].flatMap((m) => m[1]!.split('\n'));
}

describe.each(docs)('%s', (path) => {
  const text = readFileSync(join(repoRoot, path), 'utf8');

  it("names the server and the keys with the README's TRADEPOST_* variables only", () => {
    expect(text.match(OTHER_NAME) ?? []).toEqual([]);
  });

  it('hard-codes no API URL in code: the default port is only the fallback of TRADEPOST_BASE_URL', () => {
    const hardCoded = codeLines(path, text).filter(
      (line) => line.includes('127.0.0.1:8080/api') && !line.includes('TRADEPOST_BASE_URL'),
    );
    expect(hardCoded).toEqual([]);
  });
});
