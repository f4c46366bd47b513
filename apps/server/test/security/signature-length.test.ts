/**
 * #13 item 7 at each door: a truncated or over-long signature is refused — the Action API (E007),
 * the B-End (1004: 64 hex chars), WallTech (1004: Base64 of 20 bytes) — whatever the shared compare
 * does, since each door checks the length itself. A prefix of the right signature is the case
 * that matters: with a compare that accepted prefixes, a 2-hex-char Signature used to pass.
 */
import { buildWalltechHeaders } from '@tradepost/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionUrl, sendAction } from '../action/action-http.ts';
import { buildRequest, send } from '../helpers/bend-http.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';
import type { TokenCredentials } from '../walltech/walltech-http.ts';

describe.each(eachDatabase())('signature length at every door on $name', (database) => {
  let server: TestServer;
  let m: TestMerchant;
  let key: { user_id: string; api_key: string };
  let token: TokenCredentials;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url() });
    m = await server.createMerchant();
    key = await server.services.apiKeys.create(m.email);
    token = await server.services.tokens.create(m.merchantId, { name: 'len' });
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  it('Action API: the right Signature passes; its prefixes and extensions are E007', async () => {
    const url = actionUrl(server.url, key, 'GetCredit');
    const sig = new URL(url).searchParams.get('Signature')!;
    expect((await sendAction(url)).error).toBeUndefined();
    for (const bad of [sig.slice(0, 2), sig.slice(0, 62), `${sig}00`, `${sig}${sig}`]) {
      const tampered = url.replace(`Signature=${sig}`, `Signature=${bad}`);
      const r = await sendAction(tampered);
      expect([bad.length, r.error?.ErrorCode]).toEqual([bad.length, '7']);
    }
    // Upper-case hex is the same MAC (the signature is hex of bytes): accepted.
    const upper = await sendAction(url.replace(`Signature=${sig}`, `Signature=${sig.toUpperCase()}`));
    expect(upper.error).toBeUndefined();
  });

  it('B-End: the right sign passes; a truncated or over-long sign is 1004', async () => {
    const good = buildRequest(server.url, m, 'GET', '/credit');
    expect((await send(good.url, good.init)).status).toBe(200);
    for (const cut of [
      (s: string) => s.slice(0, 2),
      (s: string) => s.slice(0, 62),
      (s: string) => `${s}00`,
    ]) {
      const { url, init } = buildRequest(server.url, m, 'GET', '/credit');
      const headers = init.headers as Record<string, string>;
      const name = Object.keys(headers).find((h) => h.toLowerCase() === 'sign')!;
      headers[name] = cut(headers[name]!);
      const r = await send(url, init);
      expect([headers[name]!.length, r.status, r.body.code]).toEqual([headers[name]!.length, 401, 1004]);
    }
  });

  it('WallTech: the right signature passes; a truncated or over-long one is 1004', async () => {
    const url = `${server.url}/api/v1/credit`;
    const go = async (tamper: (sig: string) => string) => {
      const h = buildWalltechHeaders({ token: token.token, secretKey: token.secret_key, method: 'GET', url });
      const [scheme, rest] = h.Authorization.split(' ') as [string, string];
      const [tok, sig] = rest.split(':') as [string, string];
      const res = await fetch(url, { headers: { ...h, Authorization: `${scheme} ${tok}:${tamper(sig)}` } });
      return { status: res.status, code: ((await res.json()) as { code: number }).code };
    };
    expect(await go((s) => s)).toEqual({ status: 200, code: 0 });
    for (const tamper of [
      (s: string) => s.slice(0, 4),
      (s: string) => s.slice(0, 24),
      (s: string) => `${s.slice(0, -1)}AAAA=`,
    ]) {
      expect(await go(tamper)).toMatchObject({ code: 1004 });
    }
  });
});
