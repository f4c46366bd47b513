import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { openDatabase } from './db/dialect.ts';
import type { Writer } from './db/writer.ts';
import { addGaugeSource } from './ops/metrics.ts';
import { createServices, type Services } from './services.ts';

/** Everything a door (HTTP route, CLI command) needs, opened once per process. */
export interface Context {
  readonly config: Config;
  readonly db: Kysely<Database>;
  readonly dialect: 'sqlite' | 'postgres';
  readonly writer: Writer;
  readonly services: Services;
  close(): Promise<void>;
}

export async function createContext(config: Config): Promise<Context> {
  const opened = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
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
  });
  const removeGauges = addGaugeSource({
    writerQueued: () => opened.writer.stats().queued,
    ...(opened.poolStats ? { pools: opened.poolStats } : {}),
  });
  return {
    config,
    db: opened.db,
    dialect: opened.dialect,
    writer: opened.writer,
    services,
    close: async () => {
      removeGauges();
      services.close();
      await opened.close();
    },
  };
}
