import { expect, it } from 'vitest';
import { callAction } from '../action/action-http.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { webClient } from '../helpers/web-client.ts';
import { useConsoleServer } from './console-server.ts';

/** An admin corrects a merchant's profile, bank account and login e-mail from the console. */
describeEachDatabase('console: editing a merchant', (database) => {
  const cs = useConsoleServer(database);
  const profileOf = (merchantId: string) => cs.server.services.profiles.get(merchantId);
  const entries = async (merchantId: string, action: string) =>
    (await cs.admin.call('GET', `/audit?merchant_id=${merchantId}&action=${action}`)).body.items as {
      actor_type: string;
      actor_label: string;
      target_type: string;
      target_id: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }[];

  it('the profile, by the portal rules: stored as the portal stores it, audited with the operator as actor', async () => {
    const m = await cs.server.createMerchant();
    const r = await cs.admin.call('PUT', `/merchants/${m.merchantId}/profile`, {
      company_name: '  Acme Renamed Ltd ',
      contact_name: 'Ann Lee',
      contact_phone: '+1 555 0100',
      company_address: '1 Main St',
      country: 'us',
    });
    expect(r.status).toBe(200);
    expect(r.body.profile).toMatchObject({ company_name: 'Acme Renamed Ltd', country: 'US' });
    expect(await profileOf(m.merchantId)).toMatchObject({
      company_name: 'Acme Renamed Ltd',
      contact_name: 'Ann Lee',
      contact_phone: '+1 555 0100',
      company_address: '1 Main St',
      country: 'US',
    });
    // The list and search show the new name.
    const list = await cs.admin.call('GET', `/merchants?q=${encodeURIComponent('Acme Renamed')}`);
    expect(list.body.items.map((i: { merchant_id: string }) => i.merchant_id)).toContain(m.merchantId);
    const [e] = await entries(m.merchantId, 'profile.updated');
    expect(e).toMatchObject({
      actor_type: 'operator',
      actor_label: cs.admin.email,
      target_type: 'merchant',
      target_id: m.merchantId,
      after: { company_name: 'Acme Renamed Ltd', contact_name: 'Ann Lee', country: 'US' },
    });
    expect(e!.before).toMatchObject({ contact_name: null, country: null });
    // The merchant sees who changed it on its Security page.
    const own = await cs.server.services.audit.forMerchant(m.merchantId, { page: 1, pageSize: 20 });
    expect(own.items.map((i) => i.action)).toContain('profile.updated');
  });

  it('bad profile input: 400 with the field named, nothing changed, no entry', async () => {
    const m = await cs.server.createMerchant();
    const before = await profileOf(m.merchantId);
    for (const [body, field] of [
      [{ company_name: '' }, 'company_name'],
      [{ company_name: 'Acme', country: 'USA' }, 'country'],
      [{ company_name: 'Acme', contact_phone: 'call me' }, 'contact_phone'],
      [{ company_name: 'two\nlines' }, 'company_name'],
    ] as const) {
      const r = await cs.admin.call('PUT', `/merchants/${m.merchantId}/profile`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(r.body.error.fields)).toEqual([field]);
    }
    expect(await profileOf(m.merchantId)).toEqual(before);
    expect(await entries(m.merchantId, 'profile.updated')).toEqual([]);
    expect((await cs.admin.call('PUT', '/merchants/NOSUCH/profile', { company_name: 'X' })).status).toBe(404);
  });

  it('the bank account: replaced, shown and audited masked only, never the number', async () => {
    const m = await cs.server.createMerchant();
    const bad = await cs.admin.call('PUT', `/merchants/${m.merchantId}/bank-account`, {
      holder: 'Acme Ltd',
      bank_name: 'First Bank',
      account_number: '12',
      swift_or_routing: 'DEUTDEFF',
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['account_number']);
    expect((await profileOf(m.merchantId)).bank_account).toBeNull();
    const r = await cs.admin.call('PUT', `/merchants/${m.merchantId}/bank-account`, {
      holder: 'Acme Ltd',
      bank_name: 'First Bank',
      account_number: 'DE89 3704 0044 0532 0130 00',
      swift_or_routing: 'DEUTDEFF',
    });
    expect(r.status).toBe(200);
    expect(r.body.profile.bank_account).toEqual({
      holder: 'Acme Ltd',
      bank_name: 'First Bank',
      account_number_masked: '••••3000',
      swift_or_routing: 'DEUTDEFF',
    });
    expect(r.text).not.toContain('DE89370400440532013000');
    const [e] = await entries(m.merchantId, 'bank_account.updated');
    expect(e).toMatchObject({ actor_type: 'operator', before: null });
    expect(e!.after).toMatchObject({ account_number_masked: '••••3000' });
    expect(JSON.stringify(e)).not.toContain('0532013000');
  });

  it('the login e-mail: normalized, the old sessions and the old Action API UserID end, the password signs in under the new one', async () => {
    const m = await cs.server.createMerchant();
    const key = await cs.server.services.apiKeys.create(m.email);
    expect((await callAction(cs.server.url, key, 'GetCredit')).error).toBeUndefined();
    const portal = webClient(cs.server.url, 'portal');
    expect((await portal.signIn(m.email, m.password)).status).toBe(200);
    const next = `New-${m.merchantId}@Example.test`;
    const r = await cs.admin.call('PUT', `/merchants/${m.merchantId}/email`, { email: `  ${next} ` });
    expect(r.status).toBe(200);
    expect(r.body.profile.email).toBe(next.toLowerCase());
    expect(r.body.api_key.user_id).toBe(next.toLowerCase());
    // Signed out: the sessions opened under the old sign-in name end with it, as at a password reset.
    expect((await portal.call('GET', '/dashboard')).status).toBe(401);
    expect((await webClient(cs.server.url, 'portal').signIn(m.email, m.password)).status).toBe(401);
    const again = webClient(cs.server.url, 'portal');
    expect((await again.signIn(next, m.password)).status).toBe(200);
    expect((await again.call('GET', '/profile')).body.email).toBe(next.toLowerCase());
    // The Action API's UserID is the login e-mail: the old one is refused at once (no cached key).
    expect((await callAction(cs.server.url, key, 'GetCredit')).error?.ErrorCode).toBe('7');
    expect(
      (await callAction(cs.server.url, { ...key, user_id: next.toLowerCase() }, 'GetCredit')).error,
    ).toBeUndefined();
    const [e] = await entries(m.merchantId, 'merchant.email_changed');
    const userId = (await cs.server.services.merchants.findByEmail(next))!.userId;
    expect(e).toMatchObject({
      actor_type: 'operator',
      target_type: 'merchant_user',
      target_id: userId,
      before: { email: `${m.email[0]}•••@${m.email.split('@')[1]}` },
      after: { email: 'n•••@example.test' },
    });
    // Neither address in clear in the entry.
    expect(JSON.stringify(e).toLowerCase()).not.toContain(m.email.split('@')[0]);
    expect(JSON.stringify(e).toLowerCase()).not.toContain(next.toLowerCase());
    const own = await cs.server.services.audit.forMerchant(m.merchantId, { page: 1, pageSize: 20 });
    expect(own.items.map((i) => i.action)).toContain('merchant.email_changed');
    // The same address again (any case) changes nothing: no entry, no sign-out.
    const same = await cs.admin.call('PUT', `/merchants/${m.merchantId}/email`, {
      email: next.toUpperCase(),
    });
    expect(same.status).toBe(200);
    expect((await again.call('GET', '/dashboard')).status).toBe(200);
    expect(await entries(m.merchantId, 'merchant.email_changed')).toHaveLength(1);
  });

  it("another merchant's e-mail: 409 on the field, nothing changes, nobody signed out", async () => {
    const [m, other] = [await cs.server.createMerchant(), await cs.server.createMerchant()];
    const portal = webClient(cs.server.url, 'portal');
    await portal.signIn(m.email, m.password);
    const r = await cs.admin.call('PUT', `/merchants/${m.merchantId}/email`, {
      email: other.email.toUpperCase(),
    });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'conflict', fields: { email: 'already registered' } });
    expect((await profileOf(m.merchantId)).email).toBe(m.email);
    expect((await portal.call('GET', '/dashboard')).status).toBe(200);
    expect(await entries(m.merchantId, 'merchant.email_changed')).toEqual([]);
  });

  it('a bad e-mail: 400 on the field, nothing changes', async () => {
    const m = await cs.server.createMerchant();
    for (const email of [
      '',
      'not-an-email',
      'a@b',
      `${'x'.repeat(320)}@example.test`,
      'a\u0000b@example.test',
      42,
    ]) {
      const r = await cs.admin.call('PUT', `/merchants/${m.merchantId}/email`, { email });
      expect(r.status, JSON.stringify(email)).toBe(400);
      expect(Object.keys(r.body.error.fields)).toEqual(['email']);
    }
    expect((await profileOf(m.merchantId)).email).toBe(m.email);
    expect(await entries(m.merchantId, 'merchant.email_changed')).toEqual([]);
    expect((await cs.admin.call('PUT', '/merchants/NOSUCH/email', { email: 'x@example.test' })).status).toBe(
      404,
    );
  });

  it('support reads the merchant but every edit is 403 and changes nothing', async () => {
    const m = await cs.server.createMerchant();
    const before = await profileOf(m.merchantId);
    const edits: [string, unknown][] = [
      ['profile', { company_name: 'Support Was Here' }],
      [
        'bank-account',
        { holder: 'X', bank_name: 'Y', account_number: '12345678', swift_or_routing: 'DEUTDEFF' },
      ],
      ['email', { email: 'support-was-here@example.test' }],
    ];
    for (const [path, body] of edits) {
      const r = await cs.support.call('PUT', `/merchants/${m.merchantId}/${path}`, body);
      expect(r.status, path).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    expect(await profileOf(m.merchantId)).toEqual(before);
    expect((await cs.support.call('GET', `/merchants/${m.merchantId}`)).status).toBe(200);
  });

  it('logged nothing at error level, and no e-mail at any level captured', () => {
    expect(cs.server.logs.filter((l) => l.level >= 50)).toEqual([]);
    expect(JSON.stringify(cs.server.logs)).not.toMatch(/@example\.(com|test)/i);
  });
});
