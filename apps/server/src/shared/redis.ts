import type { Redis } from 'ioredis';
import { ConfigError } from '../config.ts';
import { StoreUnavailableError } from './unavailable.ts';

/** Where state changes of the connection are reported: one line per change, never per request. */
export interface RedisLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * The one Redis connection of a process (REDIS_URL), shared by the replay guard and the rate
 * limits. Commands never wait for a lost connection (no offline queue, no retries per command,
 * a 1 s command timeout): while Redis is away they fail at once with StoreUnavailableError and
 * the request answers 503, while the client reconnects in the background. Commands issued in the
 * same tick go out as one pipeline (auto-pipelining), so a burst of claims is one round trip.
 */
export interface SharedRedis {
  readonly client: Redis;
  /** Every key this process writes starts with it (TRADEPOST_REDIS_PREFIX). */
  readonly prefix: string;
  /**
   * Unix seconds at which the Redis server last started, as seen at the last (re)connect. A
   * restarted Redis has forgotten its keys unless it persists them; the replay guard refuses
   * requests signed before this moment (nonces.redis-store.ts).
   */
  startedAt(): number;
  /** Runs a command, turning any failure into StoreUnavailableError. */
  run<T>(fn: (client: Redis) => Promise<T>): Promise<T>;
  /** Reports connection state changes to `log` (the server's logger). */
  watch(log: RedisLog): void;
  close(): Promise<void>;
}

/** host:port of a redis:// URL, for messages: never its password. */
export const redisAddress = (url: string) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '6379'}`;
};

export async function connectRedis(url: string, prefix: string): Promise<SharedRedis> {
  // Loaded here, not at the top: a process without REDIS_URL (every CLI command) never loads it.
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 1000,
    connectTimeout: 2000,
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  const address = redisAddress(url);
  let up = false;
  let lastError = '';
  let startedAt = 0;
  const logs: RedisLog[] = [];
  const report = (nowUp: boolean) => {
    if (nowUp === up) return;
    up = nowUp;
    for (const log of logs) {
      if (up) log.info({ redis: address }, 'redis reachable again: replay guard and rate limits back');
      else
        log.warn(
          { redis: address, reason: lastError },
          'redis unreachable: B-End and rate-limited requests answer 503 until it is back',
        );
    }
  };
  // Without a listener ioredis prints every reconnect failure; state changes are reported once.
  client.on('error', (err: Error) => {
    lastError = (err as NodeJS.ErrnoException).code ?? err.message;
    report(false);
  });
  client.on('close', () => report(false));
  client.on('ready', () => {
    client.info('server').then(
      (info) => {
        const uptime = Number(/uptime_in_seconds:(\d+)/.exec(info)?.[1] ?? 0);
        startedAt = Math.floor(Date.now() / 1000) - uptime;
        report(true);
      },
      () => undefined, // lost again at once: the next 'ready' retries
    );
  });
  try {
    await client.connect();
    const info = await client.info('server');
    startedAt = Math.floor(Date.now() / 1000) - Number(/uptime_in_seconds:(\d+)/.exec(info)?.[1] ?? 0);
    up = true;
  } catch (e) {
    client.disconnect();
    throw new ConfigError([
      `REDIS_URL: cannot reach Redis at ${address} (${lastError || (e as Error).message})`,
    ]);
  }
  return {
    client,
    prefix,
    startedAt: () => startedAt,
    async run(fn) {
      try {
        return await fn(client);
      } catch (e) {
        throw new StoreUnavailableError('Redis', e);
      }
    },
    watch(log) {
      logs.push(log);
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
