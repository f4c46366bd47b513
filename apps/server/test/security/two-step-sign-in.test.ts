/**
 * Two-step sign-in (TOTP, RFC 6238) on both web doors, on both databases: enrolment shows the
 * secret once and turns on only with a current code (and the password); sign-in then needs a code
 * or a recovery code, each usable once; a wrong code is a failed sign-in (audited, throttled);
 * turning off needs the password and a code; an admin (console: a merchant's, another operator's)
 * or the CLI (operators) resets it, and the console's team says whose is on.
 * Codes are computed here with otplib, as the person's authenticator app would.
 */
import { generateSync } from 'otplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { maskEmail } from '../../src/modules/merchants/merchants.rules.ts';
import { SIGN_IN_LIMITS } from '../../src/modules/sessions/sessions.throttle.ts';
import { secretContext } from '../../src/modules/two-factor/two-factor.service.ts';
import { argv, auditEntriesOf, runCli, useCliTarget, withTargetContext } from '../cli/cli-helpers.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { OPERATOR_PASSWORD, operatorClient, webClient, type WebClient } from '../helpers/web-client.ts';

/** The app's code `steps` 30-second steps from now (0 now, 1 the next: both accepted). */
const codeOf = (secret: string, steps = 0) =>
  generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });
/** A 6-digit code that is not the current one nor a neighbour's (the window is ±1 step). */
const wrongCodeOf = (secret: string) => {
  const near = new Set([-1, 0, 1, 2].map((s) => codeOf(secret, s)));
  for (let n = 0; ; n++) {
    const c = String(n).padStart(6, '0');
    if (!near.has(c)) return c;
  }
};

/** Turns two-step sign-in on for the signed-in client: the secret and the recovery codes. */
async function enrol(web: WebClient, password: string): Promise<{ secret: string; recovery: string[] }> {
  const setup = await web.call('POST', '/two-factor/setup');
  expect(setup.status).toBe(200);
  const confirmed = await web.call('POST', '/two-factor/confirm', {
    password,
    code: codeOf(setup.body.secret),
  });
  expect(confirmed.status).toBe(200);
  return { secret: setup.body.secret, recovery: confirmed.body.recovery_codes };
}

const signIn = (web: WebClient, body: Record<string, unknown>) => web.call('POST', '/session', body);

describeEachDatabase('two-step sign-in', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url(), captureLogs: true });
  });
  afterAll(async () => {
    // No client input above made an error-level line (pino 50+), and no secret reached a log line.
    expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);
    await server?.close();
    await database.dispose();
  });
  const secretsSeen: string[] = [];
  afterAll(() => {
    const logged = JSON.stringify(server.logs);
    for (const s of secretsSeen) expect(logged).not.toContain(s);
  });

  const auditOf = async (merchantId: string) =>
    (await server.services.audit.forMerchant(merchantId, { page: 1, pageSize: 50 })).items;

  it('enrols: the secret once (text, otpauth URI, QR), on only after the password and a current code; recovery codes once', async () => {
    const m = await server.createMerchant();
    const web = webClient(server.url, 'portal');
    await web.signIn(m.email, m.password);
    expect((await web.call('GET', '/two-factor')).body).toEqual({
      enabled: false,
      enabled_at: null,
      recovery_codes_left: 0,
    });
    const setup = await web.call('POST', '/two-factor/setup');
    expect(setup.status).toBe(200);
    expect(setup.headers.get('cache-control')).toBe('no-store');
    const secret: string = setup.body.secret;
    secretsSeen.push(secret);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(setup.body.otpauth_uri);
    expect([uri.protocol, uri.host, decodeURIComponent(uri.pathname)]).toEqual([
      'otpauth:',
      'totp',
      `/Tradepost:${m.email}`,
    ]);
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Tradepost');
    const svg = Buffer.from(
      setup.body.qr_svg_data_url.replace('data:image/svg+xml;base64,', ''),
      'base64',
    ).toString();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // Sealed at rest: the row holds no trace of the secret, and opens under the secret box.
    const row = await server.running.ctx.db
      .selectFrom('two_factor')
      .selectAll()
      .where('subject_id', '=', (await server.services.merchants.findByEmail(m.email))!.userId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(server.services.box.open(row.secret_sealed, secretContext(row.subject_id))).toBe(secret);
    expect(row.enabled_at).toBeNull();

    // Not on yet: sign-in still takes the password alone.
    expect(
      (await signIn(webClient(server.url, 'portal'), { email: m.email, password: m.password })).status,
    ).toBe(200);

    const wrong = await web.call('POST', '/two-factor/confirm', {
      password: m.password,
      code: wrongCodeOf(secret),
    });
    expect([wrong.status, wrong.body.error.code, Object.keys(wrong.body.error.fields)]).toEqual([
      400,
      'validation_failed',
      ['code'],
    ]);
    const wrongPassword = await web.call('POST', '/two-factor/confirm', {
      password: 'not the password',
      code: codeOf(secret),
    });
    expect([wrongPassword.status, wrongPassword.body.error.fields]).toEqual([
      400,
      { password: 'is not your current password' },
    ]);
    expect((await web.call('GET', '/two-factor')).body.enabled).toBe(false);

    const confirmed = await web.call('POST', '/two-factor/confirm', {
      password: m.password,
      code: codeOf(secret),
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.headers.get('cache-control')).toBe('no-store');
    const codes: string[] = confirmed.body.recovery_codes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
    secretsSeen.push(...codes);
    const status = await web.call('GET', '/two-factor');
    expect(status.body).toEqual({
      enabled: true,
      enabled_at: expect.stringMatching(/Z$/),
      recovery_codes_left: 10,
    });
    // Only hashes of the recovery codes are stored.
    const stored = await server.running.ctx.db.selectFrom('two_factor_recovery_codes').selectAll().execute();
    for (const c of codes) expect(JSON.stringify(stored)).not.toContain(c.replaceAll('-', ''));
    // A second setup (or confirm) while on is a conflict, and shows no secret.
    const again = await web.call('POST', '/two-factor/setup');
    expect([again.status, again.body.error.code]).toEqual([409, 'conflict']);
    expect(
      (await web.call('POST', '/two-factor/confirm', { password: m.password, code: codeOf(secret, 1) }))
        .status,
    ).toBe(409);
    const events = await auditOf(m.merchantId);
    expect(events.filter((e) => e.action === 'two_factor.enabled')).toMatchObject([
      { actor_type: 'merchant', target_type: 'merchant_user', after: { enabled: true } },
    ]);
    // Nothing read later shows the secret or a recovery code.
    const later = [
      await web.call('GET', '/two-factor'),
      await web.call('GET', '/session'),
      await web.call('GET', '/security/events'),
    ];
    for (const r of later) for (const s of [secret, ...codes]) expect(r.text).not.toContain(s);
  });

  it('sign-in then needs a code: two_factor_required without one (no session), a used code refused and throttled as a failure', async () => {
    const m = await server.createMerchant();
    const web = webClient(server.url, 'portal');
    await web.signIn(m.email, m.password);
    const { secret } = await enrol(web, m.password);

    const visitor = webClient(server.url, 'portal');
    const noCode = await signIn(visitor, { email: m.email, password: m.password });
    expect([noCode.status, noCode.body.error.code]).toEqual([401, 'two_factor_required']);
    expect(noCode.headers.getSetCookie()).toEqual([]);
    // A wrong password says nothing of the factor: the answer of an unknown e-mail.
    const wrongPassword = await signIn(visitor, {
      email: m.email,
      password: 'wrong password',
      code: codeOf(secret, 1),
    });
    expect(wrongPassword.body).toEqual({
      error: { code: 'unauthenticated', message: 'Wrong e-mail or password' },
    });

    const code = codeOf(secret, 1);
    const ok = await signIn(visitor, { email: m.email, password: m.password, code });
    expect(ok.status).toBe(200);
    expect(ok.body.user.email).toBe(m.email);
    const reused = await signIn(webClient(server.url, 'portal'), {
      email: m.email,
      password: m.password,
      code,
    });
    expect([reused.status, reused.body.error.code, reused.body.error.fields]).toEqual([
      401,
      'two_factor_required',
      { code: 'is not a current code: check the time on your phone and try the next one' },
    ]);
    expect(reused.headers.getSetCookie()).toEqual([]);
    const failures = (await auditOf(m.merchantId)).filter((e) => e.action === 'session.sign_in_failed');
    expect(failures.map((e) => [e.actor_type, e.actor_label, e.after])).toEqual([
      ['anonymous', maskEmail(m.email), { second_step: 'code' }],
      ['anonymous', maskEmail(m.email), null],
    ]);
  });

  it('a recovery code signs in once (any case, with or without dashes), audited with how many are left', async () => {
    const m = await server.createMerchant();
    const web = webClient(server.url, 'portal');
    await web.signIn(m.email, m.password);
    const { recovery } = await enrol(web, m.password);
    const typed = recovery[3]!.replaceAll('-', '').toUpperCase();
    const ok = await signIn(webClient(server.url, 'portal'), {
      email: m.email,
      password: m.password,
      recovery_code: typed,
    });
    expect(ok.status).toBe(200);
    const again = await signIn(webClient(server.url, 'portal'), {
      email: m.email,
      password: m.password,
      recovery_code: recovery[3],
    });
    expect([again.status, again.body.error.fields]).toEqual([
      401,
      { recovery_code: 'is not an unused recovery code' },
    ]);
    expect((await web.call('GET', '/two-factor')).body.recovery_codes_left).toBe(9);
    expect(
      (await auditOf(m.merchantId)).filter((e) => e.action === 'two_factor.recovery_code_used'),
    ).toMatchObject([
      { actor_type: 'merchant', target_type: 'merchant_user', after: { recovery_codes_left: 9 } },
    ]);
  });

  it('turning off needs the password and a current code or a recovery code; then the password alone signs in', async () => {
    const m = await server.createMerchant();
    const web = webClient(server.url, 'portal');
    await web.signIn(m.email, m.password);
    const { secret, recovery } = await enrol(web, m.password);
    const wrongCode = await web.call('POST', '/two-factor/disable', {
      password: m.password,
      code: wrongCodeOf(secret),
    });
    expect([wrongCode.status, Object.keys(wrongCode.body.error.fields)]).toEqual([400, ['code']]);
    const wrongPassword = await web.call('POST', '/two-factor/disable', {
      password: 'wrong password',
      recovery_code: recovery[0],
    });
    expect([wrongPassword.status, Object.keys(wrongPassword.body.error.fields)]).toEqual([400, ['password']]);
    expect((await web.call('GET', '/two-factor')).body).toMatchObject({
      enabled: true,
      recovery_codes_left: 10,
    });

    expect(
      (await web.call('POST', '/two-factor/disable', { password: m.password, code: codeOf(secret, 1) }))
        .status,
    ).toBe(204);
    expect((await web.call('GET', '/two-factor')).body).toEqual({
      enabled: false,
      enabled_at: null,
      recovery_codes_left: 0,
    });
    expect(
      (await signIn(webClient(server.url, 'portal'), { email: m.email, password: m.password })).status,
    ).toBe(200);
    expect(
      (await web.call('POST', '/two-factor/disable', { password: m.password, code: codeOf(secret, 1) }))
        .status,
    ).toBe(409);
    expect((await auditOf(m.merchantId)).filter((e) => e.action === 'two_factor.disabled')).toMatchObject([
      { actor_type: 'merchant', before: { enabled: true }, after: { enabled: false, by: 'code' } },
    ]);
  });

  it('bad bodies are 400s naming the field and change nothing', async () => {
    const m = await server.createMerchant();
    const web = webClient(server.url, 'portal');
    await web.signIn(m.email, m.password);
    const before = await auditOf(m.merchantId);
    const refused = async (path: string, body: unknown, field: string) => {
      const r = await web.call('POST', path, body);
      expect([path, r.status, r.body.error.code, Object.keys(r.body.error.fields ?? {})]).toEqual([
        path,
        400,
        'validation_failed',
        [field],
      ]);
    };
    await refused('/two-factor/confirm', { password: m.password }, 'code');
    await refused('/two-factor/confirm', { password: m.password, code: '1234567' }, 'code');
    await refused('/two-factor/confirm', { password: m.password, code: '12a456' }, 'code');
    await refused('/two-factor/confirm', { password: m.password, code: 123456 }, 'code');
    await refused('/two-factor/confirm', { code: '123456' }, 'password');
    await refused('/two-factor/disable', { password: m.password }, 'code');
    await refused(
      '/two-factor/disable',
      { password: m.password, recovery_code: 'x'.repeat(300) },
      'recovery_code',
    );
    await refused(
      '/two-factor/disable',
      { password: m.password, code: '123456', recovery_code: 'abcd-efgh-jkmn-pqrs' },
      'recovery_code',
    );
    await refused('/session', { email: m.email, password: m.password, code: '12345' }, 'code');
    await refused('/session', { email: m.email, password: m.password, code: ' '.repeat(2000) }, 'code');
    await refused(
      '/session',
      { email: m.email, password: m.password, recovery_code: 'not-a-code' },
      'recovery_code',
    );
    expect((await web.call('GET', '/two-factor')).body.enabled).toBe(false);
    expect(await auditOf(m.merchantId)).toEqual(before);
  });

  it('wrong codes count toward the sign-in throttle: after the limit even the right code waits (429)', async () => {
    const m = await server.createMerchant();
    const web = webClient(server.url, 'portal');
    await web.signIn(m.email, m.password);
    const { secret } = await enrol(web, m.password);
    for (let i = 0; i < SIGN_IN_LIMITS.accountAndAddress; i++) {
      const r = await signIn(webClient(server.url, 'portal'), {
        email: m.email,
        password: m.password,
        code: wrongCodeOf(secret),
      });
      expect(r.status).toBe(401);
    }
    const limited = await signIn(webClient(server.url, 'portal'), {
      email: m.email,
      password: m.password,
      code: codeOf(secret, 1),
    });
    expect([limited.status, limited.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('an admin resets a merchant login’s factor with a note (support may not): its sessions end, audited', async () => {
    const m = await server.createMerchant();
    const web = webClient(server.url, 'portal');
    await web.signIn(m.email, m.password);
    await enrol(web, m.password);
    const admin = await operatorClient(server, 'admin');
    const support = await operatorClient(server, 'support');
    expect((await admin.call('GET', `/merchants/${m.merchantId}`)).body.two_factor_enabled).toBe(true);
    const path = `/merchants/${m.merchantId}/two-factor-reset`;
    expect((await support.call('POST', path, { note: 'lost phone' })).status).toBe(403);
    const noNote = await admin.call('POST', path, {});
    expect([noNote.status, Object.keys(noNote.body.error.fields)]).toEqual([400, ['note']]);
    expect((await web.call('GET', '/two-factor')).body.enabled).toBe(true);

    const reset = await admin.call('POST', path, { note: 'lost phone, called from the number on file' });
    expect(reset.status).toBe(200);
    expect(reset.body.two_factor_enabled).toBe(false);
    expect((await web.call('GET', '/session')).body).toBeNull();
    expect(
      (await signIn(webClient(server.url, 'portal'), { email: m.email, password: m.password })).status,
    ).toBe(200);
    expect((await admin.call('POST', path, { note: 'again' })).status).toBe(409);
    expect((await admin.call('POST', '/merchants/MCHNOSUCH/two-factor-reset', { note: 'x' })).status).toBe(
      404,
    );
    // The note is the operators' (the merchant's own events leave it out): read as the console does.
    expect(
      (await admin.call('GET', `/audit?merchant_id=${m.merchantId}&action=two_factor.reset`)).body.items,
    ).toMatchObject([
      {
        actor_type: 'operator',
        actor_label: admin.email,
        target_type: 'merchant_user',
        note: 'lost phone, called from the number on file',
        after: { enabled: false },
      },
    ]);
  });

  it('the team lists whose is on; an admin resets another operator’s with a note (support may not, nor their own): sessions end, audited', async () => {
    const admin = await operatorClient(server, 'admin');
    const support = await operatorClient(server, 'support');
    const other = await operatorClient(server, 'support');
    const idOf = async (email: string) => (await server.services.operators.findByEmail(email))!.operatorId;
    const [adminId, supportId, otherId] = [
      await idOf(admin.email),
      await idOf(support.email),
      await idOf(other.email),
    ];
    await enrol(other, OPERATOR_PASSWORD);
    await enrol(admin, OPERATOR_PASSWORD);
    // A setup never confirmed is not on.
    expect((await support.call('POST', '/two-factor/setup')).status).toBe(200);
    const listed = async () => {
      const r = await support.call('GET', '/operators');
      expect(r.status).toBe(200);
      const on = new Map<string, boolean>(
        r.body.items.map((o: { operator_id: string; two_factor_enabled: boolean }) => [
          o.operator_id,
          o.two_factor_enabled,
        ]),
      );
      return [adminId, supportId, otherId].map((id) => on.get(id));
    };
    expect(await listed()).toEqual([true, false, true]);

    const path = `/operators/${otherId}/two-factor-reset`;
    const resets = async () =>
      (
        await server.services.audit.search({ action: 'two_factor.reset', page: 1, pageSize: 50 })
      ).items.filter((e) => [otherId, adminId, supportId].includes(e.target_id ?? ''));
    const refused = async (
      who: WebClient,
      to: string,
      body: unknown,
      answer: [number, string, string[]?],
    ) => {
      const r = await who.call('POST', to, body);
      expect([r.status, r.body.error.code, ...(answer[2] ? [Object.keys(r.body.error.fields)] : [])]).toEqual(
        answer,
      );
    };
    await refused(support, path, { note: 'lost phone' }, [403, 'forbidden']);
    await refused(support, path, {}, [403, 'forbidden']);
    await refused(admin, path, {}, [400, 'validation_failed', ['note']]);
    await refused(admin, path, { note: '   ' }, [400, 'validation_failed', ['note']]);
    await refused(admin, path, { note: 'x'.repeat(300) }, [400, 'validation_failed', ['note']]);
    await refused(admin, path, { note: 7 }, [400, 'validation_failed', ['note']]);
    // Their own is turned off on Security, with a code.
    const own = await admin.call('POST', `/operators/${adminId}/two-factor-reset`, { note: 'mine' });
    expect([own.status, own.body.error]).toEqual([
      400,
      { code: 'bad_request', message: 'Turn your own two-step sign-in off on the Security page' },
    ]);
    await refused(admin, '/operators/OPRNOSUCH/two-factor-reset', { note: 'x' }, [404, 'not_found']);
    // Not on: 409, and a setup waiting for its first code stays as it was.
    const waiting = () =>
      server.running.ctx.db
        .selectFrom('two_factor')
        .selectAll()
        .where('subject_id', '=', supportId)
        .execute();
    const waitingBefore = await waiting();
    expect(waitingBefore).toMatchObject([{ enabled_at: null }]);
    await refused(admin, `/operators/${supportId}/two-factor-reset`, { note: 'x' }, [409, 'conflict']);
    expect(await waiting()).toEqual(waitingBefore);
    expect(await listed()).toEqual([true, false, true]);
    expect((await other.call('GET', '/session')).body).not.toBeNull();
    expect(await resets()).toEqual([]);

    const reset = await admin.call('POST', path, { note: 'lost phone, asked in person' });
    expect([reset.status, reset.body.operator_id, reset.body.email]).toEqual([200, otherId, other.email]);
    expect(await listed()).toEqual([true, false, false]);
    // Their sessions ended; the password alone signs them in again.
    expect((await other.call('GET', '/session')).body).toBeNull();
    expect(
      (await signIn(webClient(server.url, 'admin'), { email: other.email, password: OPERATOR_PASSWORD }))
        .status,
    ).toBe(200);
    // Not on (any more): 409, and nothing else written.
    await refused(admin, path, { note: 'again' }, [409, 'conflict']);
    expect(
      (await resets()).map((e) => [
        e.action,
        e.actor_type,
        e.actor_label,
        e.target_type,
        e.target_id,
        e.note,
        e.before,
        e.after,
      ]),
    ).toEqual([
      [
        'two_factor.reset',
        'operator',
        admin.email,
        'operator',
        otherId,
        'lost phone, asked in person',
        { enabled: true },
        { enabled: false },
      ],
    ]);
  });

  it('an operator turns it on in the console: the console sign-in then needs the code too', async () => {
    const op = await operatorClient(server, 'support');
    const { secret } = await enrol(op, 'operator password 1');
    const visitor = webClient(server.url, 'admin');
    const noCode = await signIn(visitor, { email: op.email, password: 'operator password 1' });
    expect([noCode.status, noCode.body.error.code]).toEqual([401, 'two_factor_required']);
    const ok = await signIn(visitor, {
      email: op.email,
      password: 'operator password 1',
      code: codeOf(secret, 1),
    });
    expect([ok.status, ok.body.operator.email]).toEqual([200, op.email]);
  });

  // Last: it spends this address's budget of the route for the window.
  it('turning off is rate-limited per address, as sign-in is: guessing codes at volume meets 429', async () => {
    const m = await server.createMerchant();
    const web = webClient(server.url, 'portal');
    await web.signIn(m.email, m.password);
    const { secret } = await enrol(web, m.password);
    let limited = null;
    for (let i = 0; i <= 30 && !limited; i++) {
      const r = await web.call('POST', '/two-factor/disable', {
        password: m.password,
        code: wrongCodeOf(secret),
      });
      if (r.status === 429) limited = r;
      else expect(r.status).toBe(400);
    }
    expect(limited?.body.error.code).toBe('rate_limited');
    expect((await web.call('GET', '/two-factor')).body.enabled).toBe(true);
  });
});

describeEachDatabase('two-step sign-in: tradepost operator reset-two-factor', (database) => {
  const { target } = useCliTarget(database);

  it('turns a locked-out operator’s factor off, ends their sessions, audited as the CLI; again: exit 1 conflict', async () => {
    const email = `ops-${Date.now()}@ops.example`;
    const operatorId = await withTargetContext(target, async (ctx) => {
      const o = await ctx.services.operators.create({
        email,
        password: 'operator password 1',
        role: 'admin',
      });
      const id = o.operatorId;
      const setup = await ctx.services.twoFactor.begin({ kind: 'admin', subjectId: id, email });
      const codes = await ctx.services.twoFactor.confirm(id, codeOf(setup!.secret), {
        inUnit: async () => {},
      });
      expect(codes).toHaveLength(10);
      await ctx.writer.run((trx) =>
        ctx.services.sessions.start(trx, {
          kind: 'admin',
          subjectId: id,
          merchantId: null,
          ip: null,
          userAgent: null,
        }),
      );
      return id;
    });
    // The list says whose factor is on, as the console's Team page does.
    const listedLine = async () => {
      const list = await runCli(target, argv`operator list`);
      expect(list.code, list.stderr).toBe(0);
      return list.stdout.split('\n').find((l) => l.startsWith(operatorId));
    };
    expect(await listedLine()).toMatch(
      new RegExp(`^${operatorId}  admin    active    two-step on   ${email}  `),
    );
    const run = await runCli(
      target,
      argv`operator reset-two-factor --email ${email} --note ${'lost phone'} --json`,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toEqual({ email, two_factor_enabled: false });
    await withTargetContext(target, async (ctx) => {
      expect(await ctx.services.twoFactor.isEnabled(operatorId)).toBe(false);
      const live = await ctx.db
        .selectFrom('web_sessions')
        .select('token_hash')
        .where('subject_id', '=', operatorId)
        .where('revoked_at', 'is', null)
        .execute();
      expect(live).toEqual([]);
    });
    expect(
      (await auditEntriesOf(target, { targetId: operatorId, action: 'two_factor.reset' })).map((e) => [
        e.actor_label,
        e.target_type,
        e.note,
      ]),
    ).toEqual([['cli', 'operator', 'lost phone']]);
    expect(await listedLine()).toContain(`  two-step off  ${email}  `);
    const again = await runCli(target, argv`operator reset-two-factor --email ${email} --json`);
    expect([again.code, again.json()]).toEqual([
      1,
      { error: { code: 'conflict', message: `two-step sign-in is not on for ${email}` } },
    ]);
  });
});
