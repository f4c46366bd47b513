/**
 * The console suites' fixture: one real server per suite on the given database (logs at warn and
 * above captured, so a suite can assert that nothing logged an error), with an admin and a support
 * operator signed in to the console.
 */
import { afterAll, beforeAll } from 'vitest';
import type { TestDatabase } from '../helpers/databases.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { operatorClient, type WebClient } from '../helpers/web-client.ts';

export interface ConsoleServer {
  server: TestServer;
  admin: WebClient & { email: string };
  support: WebClient & { email: string };
}

export function useConsoleServer(database: TestDatabase): ConsoleServer {
  const c = {} as ConsoleServer;
  beforeAll(async () => {
    c.server = await startTestServer({ databaseUrl: await database.url(), captureLogs: true });
    [c.admin, c.support] = await Promise.all([
      operatorClient(c.server, 'admin'),
      operatorClient(c.server, 'support'),
    ]);
  });
  afterAll(async () => {
    await c.server?.close();
    await database.dispose();
  });
  return c;
}
