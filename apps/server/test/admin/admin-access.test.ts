/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * The access routes and what the console sees of them, over real HTTP on both databases: a merchant
 * creates, rotates and disables an App, generates an API key and creates and revokes a token in the
 * portal; each answer carries its secret once (no-store); each change is one audit row (merchant,
 * address, ids and flags, never a secret) that operators search and the merchant sees on its
 * Security page; refused changes (bad input, no CSRF, another merchant's App) write nothing; the
 * console's merchant view lists ids and status only, for admin and support alike.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { webClient } from '../helpers/web-client.ts';
import { useConsoleServer } from './console-server.ts';

const CREDENTIAL_ACTIONS = [
  'app.created',
  'app.rotated',
  'app.disabled',
  'api_key.generated',
  'token.created',
  'token.revoked',
];

describeEachDatabase('access routes and the console', (database) => {
  const c = useConsoleServer(database);

  it('each credential change: secret once, one audit row without it, seen by operators and the merchant', async () => {
    const m = await c.server.createMerchant();
    const other = await c.server.createMerchant();
    const web = webClient(c.server.url, 'portal');
    expect((await web.signIn(m.email, m.password)).status).toBe(200);
    const audited = async () =>
      (await c.admin.call('GET', `/audit?merchant_id=${m.merchantId}&page_size=100`)).body.items.filter(
        (e: any) => CREDENTIAL_ACTIONS.includes(e.action),
      );

    // Refused: no CSRF token, bad input, another merchant's App. Nothing written.
    expect((await web.call('POST', '/apps', { name: 'ERP' }, { csrf: null })).status).toBe(403);
    expect((await web.call('POST', '/apps', { name: '' })).status).toBe(400);
    expect((await web.call('POST', '/apps', { name: 5 })).body.error.fields).toEqual({
      name: 'must be a string',
    });
    expect((await web.call('POST', '/apps', {})).body.error.fields).toEqual({ name: 'is required' });
    expect((await web.call('POST', '/tokens', { name: 'x'.repeat(500) })).body.error.fields).toEqual({
      name: 'must be at most 100 characters',
    });
    expect((await web.call('POST', `/apps/${other.app.app_id}/rotate`, {})).status).toBe(404);
    expect((await web.call('POST', `/apps/${other.app.app_id}/status`, { status: 'disabled' })).status).toBe(
      404,
    );
    expect(await audited()).toEqual([]);

    const secrets: string[] = [];
    const created = await web.call('POST', '/apps', { name: 'ERP' });
    expect(created.status).toBe(200);
    expect(created.headers.get('cache-control')).toBe('no-store');
    secrets.push(created.body.secret_key, created.body.sign_key);
    const appId = created.body.app_id as string;
    const rotated = await web.call('POST', `/apps/${appId}/rotate`, {});
    secrets.push(rotated.body.secret_key, rotated.body.sign_key);
    expect(rotated.body.secret_key).not.toBe(created.body.secret_key);
    expect((await web.call('POST', `/apps/${appId}/status`, { status: 'disabled' })).body.status).toBe(
      'disabled',
    );
    // Disabling twice changes nothing and records nothing.
    expect((await web.call('POST', `/apps/${appId}/status`, { status: 'disabled' })).status).toBe(200);
    const key = await web.call('POST', '/api-key', { read_only: true });
    secrets.push(key.body.api_key);
    const token = await web.call('POST', '/tokens', { name: 'warehouse' });
    secrets.push(token.body.secret_key);
    expect((await web.call('POST', `/tokens/${token.body.token}/revoke`, {})).body.status).toBe('revoked');
    // Revoking again answers the revoked token and records nothing new.
    expect((await web.call('POST', `/tokens/${token.body.token}/revoke`, {})).body.status).toBe('revoked');

    const rows = await audited();
    expect(rows.map((e: any) => e.action).sort()).toEqual([...CREDENTIAL_ACTIONS].sort());
    for (const e of rows) {
      expect(e).toMatchObject({ actor_type: 'merchant', actor_label: m.email, ip: '127.0.0.1' });
    }
    expect(rows.find((e: any) => e.action === 'app.disabled')).toMatchObject({
      target_id: appId,
      before: { status: 'active' },
      after: { status: 'disabled' },
    });

    // The merchant sees the same events on its Security page; nobody sees a secret anywhere.
    const own = await web.call('GET', '/security/events?page_size=100');
    expect(own.body.items.map((e: any) => e.action)).toEqual(expect.arrayContaining(CREDENTIAL_ACTIONS));
    for (const who of [c.admin, c.support]) {
      const detail = await who.call('GET', `/merchants/${m.merchantId}`);
      expect(detail.status).toBe(200);
      expect(detail.body.apps).toEqual(
        expect.arrayContaining([expect.objectContaining({ app_id: appId, status: 'disabled' })]),
      );
      expect(detail.body.api_key).toMatchObject({ user_id: m.email, read_only: true });
      expect(detail.body.tokens).toEqual([
        expect.objectContaining({ token: token.body.token, status: 'revoked' }),
      ]);
      const seen = JSON.stringify([
        detail.body,
        (await who.call('GET', `/audit?q=${m.merchantId}`)).body,
        own.body,
      ]);
      for (const s of secrets) expect(seen).not.toContain(s);
    }
    expect(c.server.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
