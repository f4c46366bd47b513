/**
 * The real Tradepost server, in-process on an ephemeral port, on the database `databaseUrl` names
 * (undefined = SQLite in a temp data dir). No mocks: the SDK is tested against what ships.
 * A thin layer over the server's own test harness that adds an SDK client per merchant.
 */
import type { RunningServer } from '../../../../apps/server/src/server.ts';
import { startTestServer } from '../../../../apps/server/test/helpers/test-server.ts';
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
  const server = await startTestServer({ databaseUrl });
  const baseUrl = `${server.url}/api/v1`;
  return {
    running: server.running,
    baseUrl,
    async createMerchant(creditLimit = '1000.00') {
      const { merchantId, app } = await server.createMerchant({ creditLimit });
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
    close: () => server.close(),
  };
}
