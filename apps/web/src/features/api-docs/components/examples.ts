// The very files docs/examples/bend/* holds and the test suite runs (apps/server/test/docs):
// imported as text at build time, so this page cannot drift from clients that work.
import go from '../../../../../../docs/examples/bend/go/main.go?raw';
import java from '../../../../../../docs/examples/bend/java/BendExample.java?raw';
import node from '../../../../../../docs/examples/bend/node/bend-example.mjs?raw';
import php from '../../../../../../docs/examples/bend/php/example.php?raw';
import python from '../../../../../../docs/examples/bend/python/bend_example.py?raw';

export const EXAMPLES = [
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
] as const;
