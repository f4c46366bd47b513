// The very files docs/examples/* holds and the test suite runs (apps/server/test/docs): imported
// as text at build time, so this page cannot drift from clients and receivers that work.
import go from '../../../../../../docs/examples/bend/go/main.go?raw';
import java from '../../../../../../docs/examples/bend/java/BendExample.java?raw';
import node from '../../../../../../docs/examples/bend/node/bend-example.mjs?raw';
import php from '../../../../../../docs/examples/bend/php/example.php?raw';
import python from '../../../../../../docs/examples/bend/python/bend_example.py?raw';
import goReceiver from '../../../../../../docs/examples/webhooks/go/main.go?raw';
import javaReceiver from '../../../../../../docs/examples/webhooks/java/Receiver.java?raw';
import nodeReceiver from '../../../../../../docs/examples/webhooks/node/receiver.ts?raw';
import phpReceiver from '../../../../../../docs/examples/webhooks/php/receiver.php?raw';
import pythonReceiver from '../../../../../../docs/examples/webhooks/python/receiver.py?raw';

/** One runnable file, a tab on the page (its first lines say how to run it). */
export interface Example {
  id: string;
  label: string;
  file: string;
  code: string;
}

/** The B-End clients: the B-End guide's "Complete examples". */
export const EXAMPLES: readonly Example[] = [
  {
    id: 'typescript',
    label: 'TypeScript / Node.js',
    file: 'docs/examples/bend/node/bend-example.mjs',
    code: node,
  },
  { id: 'python', label: 'Python', file: 'docs/examples/bend/python/bend_example.py', code: python },
  { id: 'java', label: 'Java', file: 'docs/examples/bend/java/BendExample.java', code: java },
  { id: 'go', label: 'Go', file: 'docs/examples/bend/go/main.go', code: go },
  { id: 'php', label: 'PHP', file: 'docs/examples/bend/php/example.php', code: php },
];

/** The webhook receivers: the webhooks guide's table of complete receivers. */
export const RECEIVERS: readonly Example[] = [
  {
    id: 'typescript',
    label: 'TypeScript (SDK)',
    file: 'docs/examples/webhooks/node/receiver.ts',
    code: nodeReceiver,
  },
  {
    id: 'python',
    label: 'Python',
    file: 'docs/examples/webhooks/python/receiver.py',
    code: pythonReceiver,
  },
  {
    id: 'go',
    label: 'Go',
    file: 'docs/examples/webhooks/go/main.go',
    code: goReceiver,
  },
  {
    id: 'php',
    label: 'PHP',
    file: 'docs/examples/webhooks/php/receiver.php',
    code: phpReceiver,
  },
  {
    id: 'java',
    label: 'Java',
    file: 'docs/examples/webhooks/java/Receiver.java',
    code: javaReceiver,
  },
];

/** The base URL the examples and the guides' code name (the server's default port): a stand-in. */
export const EXAMPLE_BASE_URL = 'http://127.0.0.1:8080/api/v1';

/** An example as the page shows it: it names this server's base URL, so it can be pasted as is. */
export function withBaseUrl(code: string, baseUrl: string): string {
  return code.replaceAll(EXAMPLE_BASE_URL, baseUrl);
}

/** The e-mail the guides' code names as the user (the Action API's UserID, the CLI's --email). */
export const EXAMPLE_EMAIL = 'buyer@acme.test';

/**
 * A guide as the page shows it to its reader: its code blocks (a curl line, a client's fallback, a
 * UserID) name this server's base URL and the reader's own e-mail, while its prose keeps saying
 * what the default is.
 */
export function guideForReader(markdown: string, reader: { baseUrl: string; email?: string }): string {
  const inCode = (code: string) => {
    const based = withBaseUrl(code, reader.baseUrl);
    if (!reader.email) return based;
    // As written and URL-encoded (a curl query names it `buyer%40acme.test`).
    return based
      .replaceAll(EXAMPLE_EMAIL, reader.email)
      .replaceAll(encodeURIComponent(EXAMPLE_EMAIL), encodeURIComponent(reader.email));
  };
  // Split on fence lines (kept, at the odd places): piece 2 lies after the first fence, inside a
  // block; piece 4 after the second, outside; and so on.
  return markdown
    .split(/^( {0,3}```.*)$/m)
    .map((piece, i) => (i % 4 === 2 ? inCode(piece) : piece))
    .join('');
}
