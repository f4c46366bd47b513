/**
 * Starts the real server (real HTTP on an ephemeral port, real database) for integration tests.
 *
 *   const server = await startTestServer({ databaseUrl });      // databaseUrl undefined = SQLite
 *   const m = await server.createMerchant({ creditLimit: '100.00' });
 *   await fetch(`${server.url}/api/v1/products`, …);
 *   await server.close();
 *
 * Each call gets its own temporary data dir (and so, on SQLite, its own file and master key). On
 * PostgreSQL every server of a schema is one deployment, as in production: one master key, the
 * one the test services seal with (services/fixtures.ts), unless `env` gives another or a data
 * dir of its own (shared with CLI runs: its master.key is the deployment's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer, type WebhookWorkerOverrides } from '../../src/server.ts';
import type { ProductInput } from '../../src/modules/catalog/catalog.service.ts';
import { afterAll, beforeAll } from 'vitest';
import { MASTER_KEY } from '../services/fixtures.ts';
import type { TestDatabase } from './databases.ts';
import { newMerchant } from './factories.ts';

export interface TestMerchant {
  merchantId: string;
  email: string;
  password: string;
  app: { app_id: string; secret_key: string; sign_key: string };
}

export interface TestServer {
  readonly url: string;
  readonly running: RunningServer;
  readonly services: RunningServer['ctx']['services'];
  /** With `captureLogs`: every log line at warn or above, parsed (pino: level 40 warn, 50 error). */
  readonly logs: { level: number; msg?: string; [k: string]: unknown }[];
  createMerchant(opts?: { creditLimit?: string; currency?: string }): Promise<TestMerchant>;
  /** Inserts products; returns them as given (with their ids). */
  addProducts(products: ProductInput[]): Promise<ProductInput[]>;
  close(): Promise<void>;
}

export async function startTestServer(
  opts: {
    databaseUrl?: string | undefined;
    env?: Record<string, string>;
    captureLogs?: boolean;
    webhooks?: WebhookWorkerOverrides;
  } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tradepost-test-'));
  const config = loadConfig({
    TRADEPOST_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    TRADEPOST_DEMO: '0',
    LOG_LEVEL: 'silent',
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...(opts.databaseUrl && !opts.env?.TRADEPOST_DATA_DIR
      ? { TRADEPOST_MASTER_KEY: MASTER_KEY.toString('hex') }
      : {}),
    ...opts.env,
  });
  const logs: TestServer['logs'] = [];
  const logger = opts.captureLogs
    ? {
        level: 'warn',
        stream: { write: (line: string) => void logs.push(JSON.parse(line) as TestServer['logs'][number]) },
      }
    : undefined;
  const running = await startServer(config, {
    quiet: true,
    ...(logger ? { logger } : {}),
    ...(opts.webhooks ? { webhooks: opts.webhooks } : {}),
  });
  const services = running.ctx.services;
  return {
    url: running.url,
    running,
    services,
    logs,
    async createMerchant({ creditLimit = '1000.00', currency = 'USD' } = {}) {
      const { merchantId, email, password } = await newMerchant(services, creditLimit, currency);
      const app = await services.apps.create(merchantId, 'test app');
      return { merchantId, email, password, app };
    },
    async addProducts(products) {
      await services.catalog.upsertProducts(products);
      return products;
    },
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Inside a describe: starts a test server on `database` before the suite's tests (logs captured),
 * closes it and disposes of the database after. The getter answers the server from inside a test.
 */
export function useTestServer(database: TestDatabase): () => TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url(), captureLogs: true });
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });
  return () => server!;
}
