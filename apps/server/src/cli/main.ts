/** Process entry behind bin/tradepost.js. */
import { loadEnvFile } from '../env-file.ts';
import { runCli } from './program.ts';

// Every file Tradepost creates (the database, its WAL, the replay guard, backups, master.key) holds
// password hashes, personal data or sealed secrets: readable by its owner only, whatever the shell's umask.
process.umask(0o077);

// `.env` in the working directory, or the file TRADEPOST_ENV_FILE names ('' = none), as
// .env.example describes; a variable set in the environment wins over the file. A line it cannot
// read is a configuration problem (loadConfig lists it), not the silent end of the file.
const envFile = process.env.TRADEPOST_ENV_FILE ?? '.env';
if (envFile) {
  try {
    loadEnvFile(envFile, process.env);
  } catch (e) {
    // Only the default may be absent; a file asked for by name must be there.
    if (!(process.env.TRADEPOST_ENV_FILE === undefined && (e as NodeJS.ErrnoException).code === 'ENOENT')) {
      process.stderr.write(`error: cannot read the env file ${envFile}: ${(e as Error).message}\n`);
      process.exit(1);
    }
  }
}

const args = process.argv.slice(2);

// `tradepost … | head`: a reader that closes the pipe early is not an error (Node would throw an
// unhandled EPIPE with a stack trace). A one-shot command stops there, with the code it has so
// far; a server goes on serving, its start line unread.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  if (args[0] !== 'serve') process.exit(process.exitCode ?? 0);
});
const code = await runCli(args);
process.exitCode = code;
if (args[0] !== 'serve' || code !== 0) {
  // A one-shot command is finished here; a stray handle (a pool, a timer) must not keep the
  // process alive. unref: this only fires if something else is still holding the loop open.
  setTimeout(() => process.exit(code), 2000).unref();
}
