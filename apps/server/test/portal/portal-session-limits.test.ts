/**
 * The limits on portal sessions, over real HTTP on both databases: the sign-in throttle engages
 * (and frees itself, or a password reset frees it), the address it counts is the one a trusted proxy saw, and sessions end
 * at their idle and absolute timeouts. Time is moved in the
 * database (the stored timestamps), not waited for.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  SIGN_IN_LIMITS,
  SIGN_IN_WINDOW_SECONDS,
  signInAccount,
  signInWait,
} from '../../src/modules/sessions/sessions.throttle.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/audit.service.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { uid } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { OPERATOR_PASSWORD, operatorClient, webClient, type WebClient } from '../helpers/web-client.ts';

describeEachDatabase('portal session limits', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url() });
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  it('throttles an account from one address after 5 failures: 429 with Retry-After even for the right password, the same for an unknown e-mail; others still sign in; it frees itself', async () => {
    const m = await server.createMerchant();
    const web = webClient(server.url, 'portal');
    const unknown = `nobody-${m.email}`;
    for (const email of [m.email, unknown]) {
      for (let i = 0; i < SIGN_IN_LIMITS.accountAndAddress; i++) {
        expect((await web.signIn(email, 'wrong password ' + i)).status).toBe(401);
      }
    }
    const right = await web.signIn(m.email, m.password);
    const stranger = await web.signIn(unknown, 'anything at all');
    for (const r of [right, stranger]) {
      expect(r.status).toBe(429);
      expect(r.body.error.code).toBe('rate_limited');
      const retry = Number(r.headers.get('retry-after'));
      expect(retry).toBeGreaterThan(SIGN_IN_WINDOW_SECONDS - 60);
      expect(retry).toBeLessThanOrEqual(SIGN_IN_WINDOW_SECONDS);
    }
    expect(web.cookie).toBeNull();
    // A throttled attempt checks no password, so it is not counted as a failure either.
    const failures = await server.services.audit.search({
      page: 1,
      pageSize: 50,
      action: 'session.sign_in_failed',
      merchantId: m.merchantId,
    });
    expect(failures.items).toHaveLength(5);

    // Another merchant from the same address is not locked out by it.
    const other = await server.createMerchant();
    expect((await webClient(server.url, 'portal').signIn(other.email, other.password)).status).toBe(200);
    // No permanent lockout: once the window has passed the failures, the account may try again.
    const later = new Date(Date.now() + SIGN_IN_WINDOW_SECONDS * 1000 + 1000);
    const { db, config } = server.running.ctx;
    const account = signInAccount(config.masterKey, m.email);
    expect(await signInWait(db, 'portal', account, '127.0.0.1')).toBeGreaterThan(0);
    expect(await signInWait(db, 'portal', account, '127.0.0.1', later)).toBe(0);
  });

  it('behind TRADEPOST_TRUST_PROXY=1 the address is the one the proxy saw, not an X-Forwarded-For entry the client wrote; without it, the socket peer', async () => {
    const proxied = await startTestServer({
      databaseUrl: await database.url(),
      env: { TRADEPOST_TRUST_PROXY: '1' },
    });
    try {
      // What nginx sends with `$proxy_add_x_forwarded_for`: the client's own header, then the
      // address the proxy saw.
      const headers = { 'x-forwarded-for': '198.51.100.7, 203.0.113.9', 'x-forwarded-proto': 'https' };
      const ipOf = async (s: TestServer) => {
        const m = await s.createMerchant();
        const web = webClient(s.url, 'portal');
        const r = await web.call('POST', '/session', { email: m.email, password: m.password }, { headers });
        expect(r.status).toBe(200);
        const cookie = r.headers.getSetCookie()[0]!;
        const { items } = await s.services.audit.search({
          page: 1,
          pageSize: 5,
          action: 'session.sign_in',
          q: m.email,
        });
        return { ip: items[0]!.ip, cookie };
      };
      const behind = await ipOf(proxied);
      expect(behind.ip).toBe('203.0.113.9');
      // The proxy's X-Forwarded-Proto: the session cookie is Secure and __Host- prefixed.
      expect(behind.cookie).toMatch(/^__Host-tp_portal=.*; Secure/);
      const direct = await ipOf(server);
      expect(direct.ip).toBe('127.0.0.1');
      expect(direct.cookie).toMatch(/^tp_portal=/);
      expect(direct.cookie).not.toContain('Secure');
    } finally {
      await proxied.close();
    }
  });

  /** A signed-in client and a way to move its session's stored times. */
  const session = async () => {
    const m = await server.createMerchant();
    const web = webClient(server.url, 'portal');
    expect((await web.signIn(m.email, m.password)).status).toBe(200);
    const tokenHash = createHash('sha256').update(web.cookie!.split('=')[1]!).digest('hex');
    const db = server.running.ctx.db;
    const set = (values: { last_seen_at?: string; expires_at?: string }) =>
      db.updateTable('web_sessions').set(values).where('token_hash', '=', tokenHash).execute();
    const row = () =>
      db.selectFrom('web_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirstOrThrow();
    return { web, set, row };
  };
  const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();
  const idle = 30 * 60;

  const expectEnded = async (web: WebClient) => {
    const cookie = web.cookie;
    const r = await web.call('GET', '/dashboard');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthenticated');
    expect(web.cookie).toBeNull(); // the answer also clears the cookie
    // Nor does the old cookie open anything else: who-am-I answers nobody.
    const again = await fetch(`${server.url}/portal/api/session`, { headers: { cookie: cookie! } });
    expect([again.status, await again.json()]).toEqual([200, null]);
  };

  it('ends a session idle for 30 minutes; a request before that keeps it alive', async () => {
    const a = await session();
    await a.set({ last_seen_at: ago(idle - 120) });
    expect((await a.web.call('GET', '/dashboard')).status).toBe(200);
    // That request counted as activity: the idle clock restarted.
    expect(Date.now() - Date.parse((await a.row()).last_seen_at)).toBeLessThan(60_000);

    const b = await session();
    await b.set({ last_seen_at: ago(idle + 1) });
    await expectEnded(b.web);
  });

  it('ends a session at its absolute timeout however active it is', async () => {
    const a = await session();
    const created = Date.parse((await a.row()).created_at);
    expect(Date.parse((await a.row()).expires_at) - created).toBe(12 * 3600 * 1000);
    await a.set({ expires_at: ago(1) });
    await expectEnded(a.web);
  });
});

// Its own server: the address rule (20 failures per address) counts this test's lockouts too.
describeEachDatabase('a password reset ends a sign-in lockout', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url() });
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  it('a password reset ends a lockout: a merchant reset by an admin and an operator reset as the CLI does sign in at once with the temporary password; other failures still count', async () => {
    const admin = await operatorClient(server, 'admin');
    const m = await server.createMerchant();
    const operator = `locked-${uid()}@ops.example`;
    const created = await server.services.operators.create({ email: operator, password: OPERATOR_PASSWORD });
    const portal = webClient(server.url, 'portal');
    const console = webClient(server.url, 'admin');
    const lockOut = async (web: WebClient, email: string) => {
      for (let i = 0; i < SIGN_IN_LIMITS.accountAndAddress; i++) {
        expect((await web.signIn(email, 'wrong password ' + i)).status).toBe(401);
      }
      expect((await web.signIn(email, 'wrong password')).status).toBe(429);
    };
    await lockOut(portal, m.email);
    await lockOut(console, operator);

    const merchantReset = await admin.call('POST', `/merchants/${m.merchantId}/password-reset`);
    expect(merchantReset.status).toBe(200);
    const operatorReset = await server.services.operators.resetPassword(created.operatorId, {
      actor: SYSTEM_ACTOR,
    });
    expect((await portal.signIn(m.email, merchantReset.body.temporary_password)).status).toBe(200);
    expect((await console.signIn(operator, operatorReset.temporaryPassword)).status).toBe(200);

    // Counting starts again from the reset: 5 more failures lock the new password out as before.
    await lockOut(webClient(server.url, 'portal'), m.email);
    // A reset of one login frees no other (a merchant's reset is not an operator's, nor another e-mail's).
    const other = await server.createMerchant();
    await lockOut(webClient(server.url, 'portal'), other.email);
    const { db, config } = server.running.ctx;
    expect(
      await signInWait(db, 'portal', signInAccount(config.masterKey, other.email), '127.0.0.1'),
    ).toBeGreaterThan(0);
  });

  it('the console shows a login’s failed sign-ins and until when they hold it; a reset clears them', async () => {
    const admin = await operatorClient(server, 'admin');
    const m = await server.createMerchant();
    const operator = `tried-${uid()}@ops.example`;
    const created = await server.services.operators.create({ email: operator, password: OPERATOR_PASSWORD });
    const failures = async () => (await admin.call('GET', `/merchants/${m.merchantId}`)).body.failed_sign_ins;
    const teammate = async () =>
      (await admin.call('GET', '/operators')).body.items.find(
        (o: { operator_id: string }) => o.operator_id === created.operatorId,
      ).failed_sign_ins;
    expect([await failures(), await teammate()]).toEqual([null, null]);

    const before = Date.now();
    const portal = webClient(server.url, 'portal');
    for (let i = 0; i < SIGN_IN_LIMITS.accountAndAddress; i++) await portal.signIn(m.email, `wrong ${i}`);
    expect((await portal.signIn(m.email, 'wrong')).status).toBe(429); // held: written as no failure
    await webClient(server.url, 'admin').signIn(operator, 'wrong');
    await webClient(server.url, 'admin').signIn(operator, 'wrong again');

    const held = await failures();
    expect(held).toMatchObject({ count: SIGN_IN_LIMITS.accountAndAddress, addresses: 1 });
    // Held for the window from the first of the five (to the second: wire times carry no fraction).
    const until = Date.parse(held.held_until);
    expect(until).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + SIGN_IN_WINDOW_SECONDS * 1000);
    expect(until).toBeLessThanOrEqual(Date.now() + SIGN_IN_WINDOW_SECONDS * 1000);
    expect(Date.parse(held.last_at)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    // Two failures hold nothing yet: counted, not held.
    expect(await teammate()).toMatchObject({ count: 2, addresses: 1, held_until: null });

    expect((await admin.call('POST', `/merchants/${m.merchantId}/password-reset`)).status).toBe(200);
    await server.services.operators.resetPassword(created.operatorId, { actor: SYSTEM_ACTOR });
    expect([await failures(), await teammate()]).toEqual([null, null]);
  });
});
