/**
 * The Redis the shared-state tests run against (REDIS_URL / the shared replay guard and rate
 * limits): TEST_REDIS_URL, default redis://127.0.0.1:6379, shared with other engineers' runs —
 * so every test file writes under a prefix of its own and deletes its keys when done. Unreachable:
 * a notice and the suites skip, except with CI=true, where they fail.
 *
 * `ownRedis()` starts a private redis-server on a free port, for tests that stop and restart it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function probe(): Promise<string | null> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    await r.ping();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    r.disconnect();
  }
}

const problem = await probe();
if (problem && process.env.CI !== 'true')
  console.warn(`\n[redis] ${REDIS_URL} is not reachable (${problem}); Redis suites are SKIPPED.\n`);
/** True when the Redis suites must run (reachable, or CI=true where they then fail loudly). */
export const redisAvailable = problem === null || process.env.CI === 'true';

/** A key prefix unique to this test run. */
export const testPrefix = () => `tp-test:${randomBytes(6).toString('hex')}:`;

/** Deletes every key under `prefix`. */
export async function dropPrefix(prefix: string, url = REDIS_URL): Promise<number> {
  const r = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => undefined);
  let dropped = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) dropped += await r.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
  return dropped;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

export interface OwnRedis {
  readonly url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A redis-server of this test's own (no persistence: a restart forgets every key). */
export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}`;
  const own: OwnRedis = {
    url,
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: 'ignore',
        },
      );
      for (let i = 0; i < 100; i++) {
        const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        r.on('error', () => undefined);
        try {
          await r.connect();
          await r.ping();
          return;
        } catch {
          await new Promise((res) => setTimeout(res, 50));
        } finally {
          r.disconnect();
        }
      }
      throw new Error(`redis-server on ${port} did not start`);
    },
    async stop() {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((res) => c.once('exit', res));
      c.kill('SIGKILL');
      await exited;
    },
  };
  await own.start();
  return own;
}
