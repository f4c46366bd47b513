import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { envFileProblems } from './env-file.ts';
import { MASTER_KEY_HEX } from './shared/secret-box.ts';

/**
 * Configuration is read from the environment once, at start, validated against one schema and
 * frozen. A bad start lists every bad variable at once instead of failing on the first.
 */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Unset = the embedded SQLite file in the data dir. */
  readonly databaseUrl: string | undefined;
  /** 32 bytes; encrypts App keys, API keys and token secrets at rest. */
  readonly masterKey: Buffer;
  readonly masterKeySource: 'env' | 'file' | 'generated';
  /** Default false. 'auto' seeds demo data only into an empty database; true always ensures it; false never. */
  readonly demo: boolean | 'auto';
  /** B-End timestamp window and Action API window, seconds. */
  readonly timestampWindowSeconds: number;
  /**
   * How many proxies stand in front (0: none, the default). The nearest that many hops are
   * trusted: the client address is the one the farthest of them saw (audit log, sign-in
   * throttles), and their X-Forwarded-Proto/Host are believed (Secure cookies, the URL a WallTech
   * client signed). An X-Forwarded-For entry a client wrote itself, further left, is ignored.
   */
  readonly trustProxy: number;
  /** Largest request body; 1 MiB fits a 500-item batch (~250 KB) four times over. */
  readonly bodyLimitBytes: number;
  /** Request-body bytes being read at once, over all requests; past it: 503 + Retry-After. */
  readonly inflightBodyBytes: number;
  /** Open sockets (keep it well under `ulimit -n`: the database, files and logs need descriptors too). */
  readonly maxConnections: number;
  /** Open sockets per client address; 0 = no cap (the default: behind a proxy every client is one address). */
  readonly maxConnectionsPerAddress: number;
  /** Requests per second per credential (App, API key, token); 0 = unlimited. Bursts of 2×. */
  readonly rateLimitPerSecond: number;
  /**
   * How long the product list keeps a page or a total (0 = off): the bound on how stale another
   * process's catalog writes can look here; this process's own writes show at once.
   */
  readonly catalogCacheMs: number;
  /**
   * How long the webhook outbox remembers who listens per merchant (0 = ask every time): the bound
   * on how long an endpoint created by another process (the CLI) waits for the worker's fan-out
   * instead of being written with the change itself. Nothing is lost either way.
   */
  readonly webhookListenersCacheMs: number;
  readonly logLevel: string;
  /** Webhooks may target http:// and loopback/private addresses (tests, local development). */
  readonly webhookAllowPrivate: boolean;
  /** Cut of one delivery attempt, ms (webhooks.md: 10 s). */
  readonly webhookTimeoutMs: number;
  /** Run the delivery worker in this process (`serve`); off = another process delivers. */
  readonly webhookWorker: boolean;
  /** Portal and console sessions end after this long without a request (seconds). */
  readonly sessionIdleSeconds: number;
  /** …and this long after sign-in whatever happens (seconds). */
  readonly sessionMaxSeconds: number;
  /** Serve /metrics on this port (its own listener, on `metricsHost`); unset = not on a port of its own. */
  readonly metricsPort: number | undefined;
  /**
   * The address METRICS_PORT listens on: HOST unless METRICS_HOST says, so a Prometheus on another
   * machine can reach it on a private interface while the server stays on loopback behind its proxy.
   */
  readonly metricsHost: string;
  /** Bearer token for /metrics (on the main port when no metricsPort); unset = no token asked. */
  readonly metricsToken: string | undefined;
  /** TRADEPOST_METRICS=0: no per-request observation (to measure what metrics cost; docs/operations.md). */
  readonly metricsRequests: boolean;
  /**
   * Redis for the state every server process must share: the replay guard and the rate limits
   * (docs/scaling.md "More than one process"). Unset = PostgreSQL holds them (SQLite: this process).
   */
  readonly redisUrl: string | undefined;
  /** Prefix of every Redis key this server writes (several deployments, or tests, on one Redis). */
  readonly redisPrefix: string;
  /** SIGTERM: how long to drain in-flight requests and the writer before giving up, ms. */
  readonly shutdownMs: number;
}

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'yes'].includes(v));

/** A count of proxy hops; true/yes mean the one proxy in front, false/no none. */
const proxyHops = z
  .string()
  .regex(
    /^(?:[0-9]|1[0-6]|true|false|yes|no)$/,
    'must be how many proxies stand in front (0 to 16), or true (1) or false (0)',
  )
  .transform((v) => (v === 'true' || v === 'yes' ? 1 : v === 'false' || v === 'no' ? 0 : Number(v)));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  TRADEPOST_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (unset it for the embedded SQLite database)')
    .optional(),
  TRADEPOST_MASTER_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
    .optional(),
  // Demo data only when asked (a published login must never appear in a real database by default).
  TRADEPOST_DEMO: z.union([z.literal('auto'), bool]).default(false),
  TRADEPOST_TIMESTAMP_WINDOW: z.coerce.number().int().min(1).max(3600).default(300),
  TRADEPOST_TRUST_PROXY: proxyHops.default(0),
  TRADEPOST_RATE_LIMIT: z.coerce.number().min(0).max(1_000_000).default(0),
  TRADEPOST_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  TRADEPOST_INFLIGHT_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(4 * 1024 * 1024 * 1024)
    .default(32 * 1024 * 1024),
  TRADEPOST_MAX_CONNECTIONS: z.coerce.number().int().min(16).max(1_000_000).default(900),
  TRADEPOST_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(0),
  TRADEPOST_WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  TRADEPOST_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  TRADEPOST_WEBHOOK_WORKER: bool.default(true),
  TRADEPOST_METRICS: bool.default(true),
  TRADEPOST_SESSION_IDLE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(30 * 60),
  TRADEPOST_SESSION_MAX_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 3600)
    .default(12 * 3600),
  TRADEPOST_CATALOG_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  TRADEPOST_WEBHOOK_LISTENERS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).optional(),
  TRADEPOST_METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{16,}$/, 'must be at least 16 printable characters without spaces')
    .optional(),
  REDIS_URL: z
    .string()
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'redis:' || u.protocol === 'rediss:') && u.hostname !== '';
      } catch {
        return false;
      }
    }, 'must be a redis:// or rediss:// URL with a host (unset it to keep this state in the database)')
    .optional(),
  TRADEPOST_REDIS_PREFIX: z
    .string()
    .regex(/^[\x21-\x7e]{1,64}$/, 'must be 1–64 printable characters without spaces')
    .default('tradepost:'),
  TRADEPOST_SHUTDOWN_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
});

/** Every variable the configuration reads (README.md "Configuration" has a row for each). */
export const SETTING_NAMES: readonly string[] = Object.keys(envSchema.shape);

/**
 * What is wrong with a setting, in words (a schema's own message wins). Never the value itself: a
 * DATABASE_URL holds a password, TRADEPOST_MASTER_KEY is the key.
 */
function configMessage(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.expected === 'int') return 'must be a whole number';
      return iss.expected === 'number' ? 'must be a number' : `must be a ${iss.expected}`;
    case 'too_small':
      return `must be at least ${String(iss.minimum)}`;
    case 'too_big':
      return `must be at most ${String(iss.maximum)}`;
    case 'invalid_value':
      return `must be one of ${iss.values.map(String).join(', ')}`;
    case 'invalid_union':
      return 'is not one of the values it takes (.env.example lists them)';
    default:
      return undefined;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The http:// address of `host`:`port` (an IPv6 host in brackets). */
export const httpUrl = (host: string, port: number): string =>
  `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  /** generateMasterKey false (`restore`): a missing master key is an error, never a fresh one. */
  opts: { generateMasterKey?: boolean } = {},
): Config {
  // Empty strings mean "unset": that is how most shells and .env files spell it.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present, { error: configMessage });
  const fromFile = envFileProblems();
  if (!parsed.success || fromFile.length > 0) {
    throw new ConfigError([
      ...fromFile,
      ...(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? []),
    ]);
  }
  const e = parsed.data;
  const dataDir = resolve(e.TRADEPOST_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const { key, source } = resolveMasterKey(dataDir, e.TRADEPOST_MASTER_KEY, opts.generateMasterKey ?? true);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    masterKey: key,
    masterKeySource: source,
    demo: e.TRADEPOST_DEMO,
    timestampWindowSeconds: e.TRADEPOST_TIMESTAMP_WINDOW,
    trustProxy: e.TRADEPOST_TRUST_PROXY,
    bodyLimitBytes: e.TRADEPOST_BODY_LIMIT,
    inflightBodyBytes: Math.max(e.TRADEPOST_INFLIGHT_BODY_BYTES, e.TRADEPOST_BODY_LIMIT),
    maxConnections: e.TRADEPOST_MAX_CONNECTIONS,
    maxConnectionsPerAddress: e.TRADEPOST_MAX_CONNECTIONS_PER_ADDRESS,
    rateLimitPerSecond: e.TRADEPOST_RATE_LIMIT,
    catalogCacheMs: e.TRADEPOST_CATALOG_CACHE_MS,
    webhookListenersCacheMs: e.TRADEPOST_WEBHOOK_LISTENERS_CACHE_MS,
    logLevel: e.LOG_LEVEL,
    webhookAllowPrivate: e.TRADEPOST_WEBHOOK_ALLOW_PRIVATE,
    webhookTimeoutMs: e.TRADEPOST_WEBHOOK_TIMEOUT_MS,
    webhookWorker: e.TRADEPOST_WEBHOOK_WORKER,
    sessionIdleSeconds: e.TRADEPOST_SESSION_IDLE_SECONDS,
    sessionMaxSeconds: e.TRADEPOST_SESSION_MAX_SECONDS,
    metricsPort: e.METRICS_PORT,
    metricsHost: e.METRICS_HOST ?? e.HOST,
    metricsToken: e.TRADEPOST_METRICS_TOKEN,
    metricsRequests: e.TRADEPOST_METRICS,
    shutdownMs: e.TRADEPOST_SHUTDOWN_MS,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.TRADEPOST_REDIS_PREFIX,
  });
}

/** The master key comes from the environment, or from `master.key` in the data dir, created once. */
function resolveMasterKey(
  dataDir: string,
  fromEnv: string | undefined,
  generate = true,
): { key: Buffer; source: Config['masterKeySource'] } {
  if (fromEnv) return { key: Buffer.from(fromEnv, 'hex'), source: 'env' };
  const file = join(dataDir, 'master.key');
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (!MASTER_KEY_HEX.test(text)) throw new ConfigError([`${file}: must hold 64 hex characters`]);
    return { key: Buffer.from(text, 'hex'), source: 'file' };
  }
  if (!generate) {
    throw new ConfigError([
      `TRADEPOST_MASTER_KEY: not set, and there is no ${file}: give the master key the data was sealed with`,
    ]);
  }
  const key = randomBytes(32);
  try {
    // 'wx' refuses to overwrite a key another process (a CLI call, say) wrote a moment ago.
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return resolveMasterKey(dataDir, undefined);
    throw err;
  }
  chmodSync(file, 0o600);
  return { key, source: 'generated' };
}
