import type { Kysely } from 'kysely';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, ConfigError } from './config.ts';
import type { Database } from './db/database.ts';
import { type Migrate, openDatabase } from './db/dialect.ts';
import type { Writer } from './db/writer.ts';
import { keyFingerprint } from './ops/backup.ts';
import { addGaugeSource } from './ops/metrics.ts';
import { firstUnopenedSecret } from './ops/rekey.ts';
import { createServices, type Services } from './services.ts';
import { createRedisNonceStore } from './modules/nonces/nonces.redis-store.ts';
import { createRateLimiter, type RateLimiter } from './shared/rate-limit.ts';
import { createPgRateLimiter } from './shared/rate-limit.pg.ts';
import { createSqliteRateLimiter } from './shared/rate-limit.sqlite.ts';
import { createRedisRateLimiter } from './shared/rate-limit.redis.ts';
import { connectRedis, type SharedRedis } from './shared/redis.ts';

/** Everything a door (HTTP route, CLI command) needs, opened once per process. */
export interface Context {
  readonly config: Config;
  readonly db: Kysely<Database>;
  /** For background reads that answer nobody (db/dialect.ts `backgroundDb`). */
  readonly backgroundDb: Kysely<Database>;
  readonly dialect: 'sqlite' | 'postgres';
  readonly writer: Writer;
  readonly services: Services;
  /**
   * One budget per credential across every door, and across processes: Redis when REDIS_URL is
   * set, else PostgreSQL's rate_limits table; SQLite: this process's memory when it is the only
   * one, nonces.db's rate_limits table under `serve --workers`.
   */
  readonly limiter: RateLimiter;
  /** The REDIS_URL connection (replay guard, rate limits); null without one. */
  readonly redis: SharedRedis | null;
  /** The migrations this process applied as it opened the database (none when it was up to date). */
  readonly migrated: readonly string[];
  close(): Promise<void>;
}

/**
 * Refuses a master key that does not open the secrets already stored (a restore without its key,
 * a typo in TRADEPOST_MASTER_KEY, a data dir moved without master.key). A key generated a moment
 * ago for such a database is removed again: the next start must not find it and take it. Also
 * `backup` (its manifest names the key) and `verify` (the next start would refuse), which open the
 * database without a context.
 */
export async function refuseWrongMasterKey(config: Config, db: Kysely<Database>): Promise<void> {
  const unopened = await firstUnopenedSecret(db, config.masterKey);
  if (unopened === null) return;
  const file = join(config.dataDir, 'master.key');
  if (config.masterKeySource === 'generated') {
    rmSync(file, { force: true });
    throw new ConfigError([
      `TRADEPOST_MASTER_KEY: not set, and there was no ${file}, but this database holds secrets sealed ` +
        `under a master key (${unopened}): give the key they were sealed with; no key was generated`,
    ]);
  }
  const from = config.masterKeySource === 'env' ? 'TRADEPOST_MASTER_KEY' : file;
  throw new ConfigError([
    `${from}: the master key (fingerprint ${keyFingerprint(config.masterKey)}) does not open the secrets ` +
      `stored in this database (${unopened}): give the key they were sealed with`,
  ]);
}

export async function createContext(
  config: Config,
  opts: {
    /** false: leave REDIS_URL alone (CLI commands: they neither verify nonces nor limit rates). */
    redis?: boolean;
    /**
     * SQLite: fsync the WAL off the event loop (db/wal-sync.ts). Default true: a serving process,
     * whose every answer waits for `writer.readsDurable()` (app.ts). The CLI passes false: what it
     * prints does not wait, and its commits must be on disk before another process can read them.
     */
    syncOffLoop?: boolean;
    /**
     * Other server processes serve the same database (`serve --workers N`). On SQLite their
     * commits are visible here before they are on disk, so every answer that read waits for a
     * sync begun after its read (db/wal-sync.ts), and the rate limits live in the replay guard's
     * file, shared, instead of in this process's memory.
     */
    otherProcesses?: boolean;
    /** Whether opening migrates (db/dialect.ts). The CLI passes 'new-only'. Default true. */
    migrate?: Migrate;
    /** SQLite: WAL checkpoints in a worker thread (db/dialect.ts). Default true; the CLI passes false. */
    checkpointWorker?: boolean;
  } = {},
): Promise<Context> {
  const sharedSqlite = opts.otherProcesses === true && !config.databaseUrl;
  const opened = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    syncOffLoop: opts.syncOffLoop ?? true,
    otherProcesses: sharedSqlite,
    migrate: opts.migrate ?? true,
    checkpointWorker: opts.checkpointWorker ?? true,
  });
  let redis: SharedRedis | null = null;
  try {
    await refuseWrongMasterKey(config, opened.db);
    if (config.redisUrl && opts.redis !== false)
      redis = await connectRedis(config.redisUrl, config.redisPrefix);
  } catch (e) {
    await opened.close();
    throw e;
  }
  const perSecond = config.rateLimitPerSecond;
  const limiter: RateLimiter =
    perSecond > 0 && redis
      ? createRedisRateLimiter(redis, { perSecond })
      : perSecond > 0 && opened.nonceDb
        ? createPgRateLimiter(opened.nonceDb, { perSecond })
        : perSecond > 0 && sharedSqlite && opened.nonceFile
          ? createSqliteRateLimiter(opened.nonceFile, { perSecond })
          : createRateLimiter({ perSecond });
  const services = createServices({
    db: opened.db,
    writer: opened.writer,
    masterKey: config.masterKey,
    dialect: opened.dialect,
    nonceFile: opened.nonceFile,
    nonceDb: opened.nonceDb,
    webhookAllowPrivate: config.webhookAllowPrivate,
    sessionIdleSeconds: config.sessionIdleSeconds,
    sessionMaxSeconds: config.sessionMaxSeconds,
    catalogCacheMs: config.catalogCacheMs,
    webhookListenersCacheMs: config.webhookListenersCacheMs,
    ...(redis ? { nonceStore: createRedisNonceStore(redis, config.timestampWindowSeconds) } : {}),
  });
  const removeGauges = addGaugeSource({
    writerQueued: () => opened.writer.stats().queued,
    ...(opened.poolStats ? { pools: opened.poolStats } : {}),
  });
  return {
    config,
    db: opened.db,
    backgroundDb: opened.backgroundDb,
    dialect: opened.dialect,
    writer: opened.writer,
    services,
    limiter,
    redis,
    migrated: opened.migrated,
    close: async () => {
      removeGauges();
      limiter.stop?.();
      services.close();
      await redis?.close();
      await opened.close();
    },
  };
}
