/**
 * A real server in its own process, for the reliability suite (floods, kill -9, several
 * processes): configured from the environment like `tradepost serve`, logs as JSON on stderr (the
 * parent counts error-level lines), its URL as one JSON line on stdout. SERVE_CHILD_SHARED=1: one
 * of several processes on the database, as a `serve --workers` worker is.
 */
import { loadConfig } from '../../src/config.ts';
import { startServer } from '../../src/server.ts';

const server = await startServer(loadConfig(process.env), {
  quiet: true,
  handleSignals: true,
  otherProcesses: process.env.SERVE_CHILD_SHARED === '1',
  logger: { level: process.env.LOG_LEVEL ?? 'warn', stream: process.stderr },
});
process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid })}\n`);
