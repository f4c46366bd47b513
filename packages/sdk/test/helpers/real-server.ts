/**
 * The real Tradepost server, in-process on an ephemeral port, on the database `databaseUrl` names
 * (undefined = SQLite in a temp data dir). No mocks: the SDK is tested against what ships.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../../apps/server/src/config.ts';
import { startServer, type RunningServer } from '../../../../apps/server/src/server.ts';
import { Tradepost, type ClientOptions } from '../../src/index.ts';

export interface Merchant {
  merchantId: string;
  app: { app_id: string; secret_key: string; sign_key: string };
  /** A client for this merchant's App; `extra` overrides options (fetch, retries…). */
  client(extra?: Partial<ClientOptions>): Tradepost;
}

export interface RealServer {
  readonly running: RunningServer;
  readonly baseUrl: string;
  createMerchant(creditLimit?: string): Promise<Merchant>;
  close(): Promise<void>;
}

export async function startRealServer(databaseUrl: string | undefined): Promise<RealServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tradepost-sdk-'));
  const config = loadConfig({
    ...process.env,
    TRADEPOST_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    TRADEPOST_DEMO: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl ?? '',
  });
  const running = await startServer(config, { quiet: true });
  const baseUrl = `${running.url}/api/v1`;
  const { services } = running.ctx;
  return {
    running,
    baseUrl,
    async createMerchant(creditLimit = '1000.00') {
      const { merchantId } = await services.merchants.create({
        email: `sdk-${randomBytes(6).toString('hex')}@example.com`,
        password: 'a long enough password 123',
        name: 'SDK Test Merchant',
        creditLimit,
        currency: 'USD',
      });
      const app = await services.apps.create(merchantId, 'sdk tests');
      const client = (extra: Partial<ClientOptions> = {}) =>
        new Tradepost({
          baseUrl,
          appId: app.app_id,
          secretKey: app.secret_key,
          signKey: app.sign_key,
          ...extra,
        });
      return { merchantId, app, client };
    },
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let seq = 0;
/** A unique token per call, so tests in one database never collide on ids. */
export const uid = () => `${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(3).toString('hex')}`;

export const address = {
  name: 'Ada Lovelace',
  phone: '+44 20 7946 0000',
  address: '12 St James Square',
  city: 'London',
  country: 'GB',
  postal_code: 'SW1Y 4JH',
};
