/** Process entry behind bin/tradepost.js. */
import { runCli } from './program.ts';

const args = process.argv.slice(2);
const code = await runCli(args);
process.exitCode = code;
if (args[0] !== 'serve' || code !== 0) {
  // A one-shot command is finished here; a stray handle (a pool, a timer) must not keep the
  // process alive. unref: this only fires if something else is still holding the loop open.
  setTimeout(() => process.exit(code), 2000).unref();
}
