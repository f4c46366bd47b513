/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { maskEmail } from '../../src/modules/merchants/merchants.rules.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { webClient } from '../helpers/web-client.ts';

describeEachDatabase('portal sessions', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url() });
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  it('signs in with e-mail and password: HttpOnly SameSite=Lax cookie, session info with a CSRF token', async () => {
    const m = await server.createMerchant();
    const web = webClient(server.url, 'portal');
    const r = await web.signIn(m.email.toUpperCase(), m.password);
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({
      email: m.email,
      merchant_id: m.merchantId,
      merchant_status: 'active',
    });
    expect(r.body.csrf_token).toMatch(/^[\w-]{40,}$/);
    expect(r.body.must_change_password).toBe(false);
    const setCookie = r.headers.getSetCookie()[0]!;
    expect(setCookie).toMatch(/^tp_portal=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    const me = await web.call('GET', '/session');
    expect(me.status).toBe(200);
    expect(me.body.csrf_token).toBe(r.body.csrf_token);
  });

  it('answers the same 401 for an unknown e-mail and a wrong password, and audits both', async () => {
    const m = await server.createMerchant();
    const web = webClient(server.url, 'portal');
    const wrong = await web.signIn(m.email, 'not the password');
    const unknown = await web.signIn(`nobody-${m.email}`, 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ error: { code: 'unauthenticated', message: 'Wrong e-mail or password' } });
    // The newest two failures; each label masked (security/sign-in-privacy.test.ts).
    const events = await server.services.audit.search({
      page: 1,
      pageSize: 2,
      action: 'session.sign_in_failed',
    });
    expect(events.items.map((e) => [e.actor_label, e.merchant_id])).toEqual([
      [maskEmail(`nobody-${m.email}`), null],
      [maskEmail(m.email), m.merchantId],
    ]);
  });

  it('who-am-I is null without a session, every other route 401; 403 csrf_failed for a write without (or with a wrong) X-CSRF-Token', async () => {
    const m = await server.createMerchant();
    const anon = webClient(server.url, 'portal');
    const whoAmI = await anon.call('GET', '/session');
    expect([whoAmI.status, whoAmI.body]).toEqual([200, null]);
    const dashboard = await anon.call('GET', '/dashboard');
    expect([dashboard.status, dashboard.body.error.code]).toEqual([401, 'unauthenticated']);
    const web = webClient(server.url, 'portal');
    await web.signIn(m.email, m.password);
    const noToken = await web.call('POST', '/session/sign-out-everywhere', {}, { csrf: null });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('csrf_failed');
    const wrongToken = await web.call('POST', '/session/sign-out-everywhere', {}, { csrf: 'x'.repeat(43) });
    expect(wrongToken.status).toBe(403);
    // Nothing happened: the session still works.
    expect((await web.call('GET', '/session')).status).toBe(200);
  });

  it('sign-out ends the session on the server, not only in the browser', async () => {
    const m = await server.createMerchant();
    const web = webClient(server.url, 'portal');
    await web.signIn(m.email, m.password);
    const stolen = web.cookie;
    expect((await web.call('DELETE', '/session')).status).toBe(204);
    expect(web.cookie).toBeNull();
    const replay = await fetch(`${server.url}/portal/api/session`, { headers: { cookie: stolen! } });
    expect([replay.status, await replay.json()]).toEqual([200, null]);
    const dashboard = await fetch(`${server.url}/portal/api/dashboard`, { headers: { cookie: stolen! } });
    expect(dashboard.status).toBe(401);
  });

  it('sign out everywhere ends every session of the login, this one too, and is audited naming the login', async () => {
    const [m, other] = await Promise.all([server.createMerchant(), server.createMerchant()]);
    const [a, b, c] = [
      webClient(server.url, 'portal'),
      webClient(server.url, 'portal'),
      webClient(server.url, 'portal'),
    ];
    await a.signIn(m.email, m.password);
    await b.signIn(m.email, m.password);
    await c.signIn(other.email, other.password);
    const stolen = a.cookie;
    expect((await a.call('POST', '/session/sign-out-everywhere', {})).status).toBe(204);
    expect(a.cookie).toBeNull();
    const replay = await fetch(`${server.url}/portal/api/session`, { headers: { cookie: stolen! } });
    expect(await replay.json()).toBeNull();
    expect((await b.call('GET', '/session')).body).toBeNull();
    expect((await c.call('GET', '/session')).body).toMatchObject({ user: { email: other.email } });
    const events = await server.services.audit.forMerchant(m.merchantId, { page: 1, pageSize: 20 });
    const entry = events.items.find((e) => e.action === 'session.sign_out_everywhere');
    expect(entry).toMatchObject({
      actor_type: 'merchant',
      merchant_id: m.merchantId,
      target_type: 'merchant_user',
    });
    expect(entry!.target_id).toBe(entry!.actor_id);
  });

  it('lists where the login is signed in (this session marked) and signs another out; never another login’s, nor this one', async () => {
    const [m, other] = await Promise.all([server.createMerchant(), server.createMerchant()]);
    const phone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148 Safari/604.1';
    const [a, b, c] = [
      webClient(server.url, 'portal'),
      webClient(server.url, 'portal'),
      webClient(server.url, 'portal'),
    ];
    await a.signIn(m.email, m.password);
    expect(
      (
        await b.call(
          'POST',
          '/session',
          { email: m.email, password: m.password },
          { headers: { 'user-agent': phone } },
        )
      ).status,
    ).toBe(200);
    await c.signIn(other.email, other.password);
    const list = await a.call('GET', '/sessions');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    const [newest, oldest] = list.body.items;
    expect(newest).toEqual({
      id: expect.stringMatching(/^[\w-]{22}$/),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      last_seen_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      ip: '127.0.0.1',
      user_agent: phone,
      current: false,
    });
    expect(oldest.current).toBe(true);
    // The id opens nothing: it is neither the cookie's token nor its stored hash.
    expect(a.cookie).not.toContain(oldest.id);
    const hashes = (
      await server.running.ctx.db.selectFrom('web_sessions').select('token_hash').execute()
    ).map((r) => r.token_hash);
    expect(hashes.some((h) => h.includes(newest.id) || newest.id.includes(h.slice(0, 22)))).toBe(false);

    // This session: sign out instead. Another login's, or one already ended: not found, nothing ends.
    const own = await a.call('DELETE', `/sessions/${oldest.id}`);
    expect([own.status, Object.keys(own.body.error.fields)]).toEqual([400, ['session_id']]);
    const otherId = (await c.call('GET', '/sessions')).body.items[0].id;
    expect((await a.call('DELETE', `/sessions/${otherId}`)).status).toBe(404);
    expect((await c.call('GET', '/session')).body).toMatchObject({ user: { email: other.email } });
    expect((await a.call('DELETE', `/sessions/${newest.id}`, undefined, { csrf: null })).status).toBe(403);

    expect((await a.call('DELETE', `/sessions/${newest.id}`)).status).toBe(204);
    expect((await b.call('GET', '/session')).body).toBeNull();
    expect((await a.call('GET', '/session')).status).toBe(200);
    expect((await a.call('GET', '/sessions')).body.items.map((s: { id: string }) => s.id)).toEqual([
      oldest.id,
    ]);
    expect((await a.call('DELETE', `/sessions/${newest.id}`)).status).toBe(404);
    const events = await server.services.audit.forMerchant(m.merchantId, { page: 1, pageSize: 20 });
    expect(events.items.filter((e) => e.action === 'session.ended')).toEqual([
      expect.objectContaining({
        actor_type: 'merchant',
        merchant_id: m.merchantId,
        target_type: 'merchant_user',
      }),
    ]);
  });

  it('an operator sees and ends their own console sessions the same way', async () => {
    const email = `ops-sessions-${Date.now()}@ops.example`;
    await server.services.operators.create({ email, password: 'operator password 1', role: 'support' });
    const [a, b] = [webClient(server.url, 'admin'), webClient(server.url, 'admin')];
    await a.signIn(email, 'operator password 1');
    await b.signIn(email, 'operator password 1');
    const items = (await a.call('GET', '/sessions')).body.items as Array<{ id: string; current: boolean }>;
    expect(items.map((s) => s.current)).toEqual([false, true]);
    expect((await a.call('DELETE', `/sessions/${items[0]!.id}`)).status).toBe(204);
    expect((await b.call('GET', '/session')).body).toBeNull();
  });

  it('a portal session does not open the console, and a console cookie name is not the portal one', async () => {
    const m = await server.createMerchant();
    const web = webClient(server.url, 'portal');
    await web.signIn(m.email, m.password);
    const value = web.cookie!.split('=')[1];
    const asAdmin = await fetch(`${server.url}/admin/api/session`, {
      headers: { cookie: `tp_admin=${value}` },
    });
    expect([asAdmin.status, await asAdmin.json()]).toEqual([200, null]);
    const merchants = await fetch(`${server.url}/admin/api/merchants`, {
      headers: { cookie: `tp_admin=${value}` },
    });
    expect(merchants.status).toBe(401);
  });

  it('a path the router cannot decode (a bad %-escape) is a 400 in the contract shape, on both web doors', async () => {
    for (const [method, path] of [
      ['GET', '/portal/api/orders/%E0%A4'],
      ['POST', '/portal/api/orders/%E0%A4/cancel'],
      ['GET', '/admin/api/orders/%zz'],
    ] as const) {
      const r = await fetch(`${server.url}${path}`, { method });
      expect([path, r.status, await r.json()]).toEqual([
        path,
        400,
        { error: { code: 'bad_request', message: 'Malformed request URL' } },
      ]);
    }
  });

  it('refuses non-JSON bodies with 415 and bad JSON with 400, in the contract shape', async () => {
    const r = await fetch(`${server.url}/portal/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a&password=b',
    });
    expect(r.status).toBe(415);
    expect(((await r.json()) as any).error.code).toBe('unsupported_media_type');
    const bad = await fetch(`${server.url}/portal/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.code).toBe('bad_request');
    const missing = await fetch(`${server.url}/portal/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as any).error).toMatchObject({
      code: 'validation_failed',
      fields: { email: 'is required', password: 'is required' },
    });
    const wrong = await fetch(`${server.url}/portal/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `${'e'.repeat(400)}@example.com`, password: 12345678 }),
    });
    expect(((await wrong.json()) as any).error.fields).toEqual({
      email: 'must be at most 320 characters',
      password: 'must be a string',
    });
  });

  it('unknown API paths answer 404 in each door’s own format; other paths serve the web app', async () => {
    const portal = await fetch(`${server.url}/portal/api/nope`);
    expect(portal.status).toBe(404);
    expect(((await portal.json()) as any).error.code).toBe('not_found');
    const bend = await fetch(`${server.url}/api/v1/nope`);
    expect(((await bend.json()) as any).code).toBe(4001);
    // An API path in another letter case matches no route: still a JSON 404, never the web app.
    for (const path of ['/API/V1/credit', '/Api/action', '/Portal/API/credit', '/ADMIN/api/merchants']) {
      const wrongCase = await fetch(`${server.url}${path}`);
      expect([path, wrongCase.status, wrongCase.headers.get('content-type')]).toEqual([
        path,
        404,
        'application/json; charset=utf-8',
      ]);
      expect(((await wrongCase.json()) as any).error).toEqual({
        code: 'not_found',
        message: `No endpoint GET ${path}`,
      });
    }
    const page = await fetch(`${server.url}/orders/ORD123`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    // The demo catalog's pictures are drawn here (same origin, so the CSP's img-src 'self' allows them).
    const tile = await fetch(`${server.url}/demo-images/demo-hk-001/1.svg`);
    expect([tile.status, tile.headers.get('content-type')]).toEqual([200, 'image/svg+xml; charset=utf-8']);
    expect(await tile.text()).toContain('Home &amp; Kitchen');
    const unknown = await fetch(`${server.url}/demo-images/demo-zz-001/1.svg`);
    expect([unknown.status, unknown.headers.get('content-type')]).toEqual([404, 'text/plain; charset=utf-8']);
  });
});
