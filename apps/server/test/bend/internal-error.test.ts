/**
 * 5001 / E006: when the database itself fails under a running server, the caller gets the
 * spec's internal-error answer — encrypted to an authenticated B-End caller, an envelope on the
 * Action API — and never the internals (driver messages, stack traces, file paths).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAction, type ActionKey } from '../action/action-http.ts';
import { bend } from '../helpers/bend-http.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';

const leaks = (text: string) => /destroyed|sqlite|postgres|pool|Error:|\n\s+at |\/src\//i.test(text);

describe.each(eachDatabase())('internal errors on $name', (database) => {
  let server: TestServer;
  let m: TestMerchant;
  let key: ActionKey;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url() });
    m = await server.createMerchant();
    key = await server.services.apiKeys.create(m.email);
    // Warm the credential caches, so authentication still succeeds once reads start failing.
    expect((await bend(server.url, m, 'GET', '/credit')).payload.code).toBe(0);
    expect((await callAction(server.url, key, 'GetCredit')).error).toBeUndefined();
    // Pull the read connection out from under the running server.
    await server.running.ctx.db.destroy();
  });
  afterAll(async () => {
    await server?.close().catch(() => undefined);
    await database.dispose();
  });

  it('B-End: 5001 with HTTP 500, encrypted and signed, saying nothing of the cause', async () => {
    const r = await bend(server.url, m, 'GET', '/credit');
    expect([r.status, r.encrypted, r.payload]).toEqual([
      500,
      true,
      { code: 5001, message: 'Internal server error', data: null },
    ]);
  });

  it('Action API: E006 in the envelope (ErrorType Platform), saying nothing of the cause', async () => {
    const r = await callAction(server.url, key, 'GetCredit');
    expect(r.status).toBe(200);
    expect(r.error).toMatchObject({
      ErrorCode: '6',
      ErrorType: 'Platform',
      ErrorMessage: 'E006: Unexpected internal error',
    });
    expect(leaks(r.text)).toBe(false);
  });
});
