// The very files docs/examples/* holds and the test suite runs (apps/server/test/docs): imported
// as text at build time, so this page cannot drift from clients and receivers that work.
import actionGo from '../../../../../../docs/examples/action/go/main.go?raw';
import actionJava from '../../../../../../docs/examples/action/java/ActionExample.java?raw';
import actionNode from '../../../../../../docs/examples/action/node/action-example.mjs?raw';
import actionPhp from '../../../../../../docs/examples/action/php/example.php?raw';
import actionPython from '../../../../../../docs/examples/action/python/action_example.py?raw';
import go from '../../../../../../docs/examples/bend/go/main.go?raw';
import java from '../../../../../../docs/examples/bend/java/BendExample.java?raw';
import node from '../../../../../../docs/examples/bend/node/bend-example.mjs?raw';
import php from '../../../../../../docs/examples/bend/php/example.php?raw';
import python from '../../../../../../docs/examples/bend/python/bend_example.py?raw';
import tokenGo from '../../../../../../docs/examples/tokens/go/main.go?raw';
import tokenJava from '../../../../../../docs/examples/tokens/java/TokenExample.java?raw';
import tokenNode from '../../../../../../docs/examples/tokens/node/token-example.mjs?raw';
import tokenPhp from '../../../../../../docs/examples/tokens/php/example.php?raw';
import tokenPython from '../../../../../../docs/examples/tokens/python/token_example.py?raw';
import goReceiver from '../../../../../../docs/examples/webhooks/go/main.go?raw';
import javaReceiver from '../../../../../../docs/examples/webhooks/java/Receiver.java?raw';
import nodeReceiver from '../../../../../../docs/examples/webhooks/node/receiver.ts?raw';
import phpReceiver from '../../../../../../docs/examples/webhooks/php/receiver.php?raw';
import pythonReceiver from '../../../../../../docs/examples/webhooks/python/receiver.py?raw';

/** The languages every set of examples comes in, in tab order: one tab each. */
export const LANGUAGES = [
  { id: 'typescript', label: 'TypeScript / Node.js' },
  { id: 'python', label: 'Python' },
  { id: 'java', label: 'Java' },
  { id: 'go', label: 'Go' },
  { id: 'php', label: 'PHP' },
] as const;

export type LanguageId = (typeof LANGUAGES)[number]['id'];

/** One runnable file, a tab on the page (its first lines say how to run it). */
export interface Example {
  id: LanguageId;
  label: string;
  file: string;
  code: string;
}

/** A set's files (path under docs/examples/ and text), one per language, as tabs in LANGUAGES' order. */
function exampleSet(files: Record<LanguageId, [file: string, code: string]>): readonly Example[] {
  return LANGUAGES.map(({ id, label }) => ({
    id,
    label,
    file: `docs/examples/${files[id][0]}`,
    code: files[id][1],
  }));
}

/** The B-End clients: the B-End guide's "Complete examples". */
export const EXAMPLES = exampleSet({
  typescript: ['bend/node/bend-example.mjs', node],
  python: ['bend/python/bend_example.py', python],
  java: ['bend/java/BendExample.java', java],
  go: ['bend/go/main.go', go],
  php: ['bend/php/example.php', php],
});

/** The Action API clients: the Action API guide's table of clients. */
export const ACTION_CLIENTS = exampleSet({
  typescript: ['action/node/action-example.mjs', actionNode],
  python: ['action/python/action_example.py', actionPython],
  java: ['action/java/ActionExample.java', actionJava],
  go: ['action/go/main.go', actionGo],
  php: ['action/php/example.php', actionPhp],
});

/** The API token (WallTech) clients: the API tokens guide's table of clients. */
export const TOKEN_CLIENTS = exampleSet({
  typescript: ['tokens/node/token-example.mjs', tokenNode],
  python: ['tokens/python/token_example.py', tokenPython],
  java: ['tokens/java/TokenExample.java', tokenJava],
  go: ['tokens/go/main.go', tokenGo],
  php: ['tokens/php/example.php', tokenPhp],
});

/** The webhook receivers: the webhooks guide's table of complete receivers. */
export const RECEIVERS = exampleSet({
  typescript: ['webhooks/node/receiver.ts', nodeReceiver],
  python: ['webhooks/python/receiver.py', pythonReceiver],
  java: ['webhooks/java/Receiver.java', javaReceiver],
  go: ['webhooks/go/main.go', goReceiver],
  php: ['webhooks/php/receiver.php', phpReceiver],
});

/** The base URL the examples and the guides' code name (the server's default port): a stand-in. */
export const EXAMPLE_BASE_URL = 'http://127.0.0.1:8080/api/v1';

/** The server the stand-in names (its SDK downloads: `${EXAMPLE_ORIGIN}/sdk/…`). */
const EXAMPLE_ORIGIN = EXAMPLE_BASE_URL.slice(0, -'/api/v1'.length);

/**
 * Code as the page shows it: it names this server's base URL, and this server wherever it names
 * the stand-in's (an SDK download), so it can be pasted as is.
 */
export function withBaseUrl(code: string, baseUrl: string): string {
  const origin = baseUrl.replace(/\/api\/v1$/, '');
  return code.replaceAll(EXAMPLE_BASE_URL, baseUrl).replaceAll(`${EXAMPLE_ORIGIN}/`, `${origin}/`);
}

/** The e-mail the guides' code names as the user (the Action API's UserID, the CLI's --email). */
export const EXAMPLE_EMAIL = 'buyer@acme.test';

/** Who reads the page: this server's base URL, and their login e-mail once the session has loaded. */
export interface Reader {
  baseUrl: string;
  email?: string | undefined;
}

/**
 * Code (a guide's block, an example file) as the page shows it to its reader: it names this
 * server's base URL and, where it names a user (a UserID, --email), the reader's own e-mail.
 */
export function codeForReader(code: string, reader: Reader): string {
  const based = withBaseUrl(code, reader.baseUrl);
  if (!reader.email) return based;
  // As written and URL-encoded (a curl query names it `buyer%40acme.test`).
  return based
    .replaceAll(EXAMPLE_EMAIL, reader.email)
    .replaceAll(encodeURIComponent(EXAMPLE_EMAIL), encodeURIComponent(reader.email));
}

/** A guide as the page shows it to its reader: its code blocks as codeForReader, its prose keeps the defaults. */
export function guideForReader(markdown: string, reader: Reader): string {
  // Split on fence lines (kept, at the odd places): piece 2 lies after the first fence, inside a
  // block; piece 4 after the second, outside; and so on.
  return markdown
    .split(/^( {0,3}```.*)$/m)
    .map((piece, i) => (i % 4 === 2 ? codeForReader(piece, reader) : piece))
    .join('');
}
