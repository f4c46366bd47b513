/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * The audit log of webhook changes, over real HTTP with a real portal session, on both databases:
 * adding an endpoint, rolling its secret, changing its URL, disabling and enabling it, and changing
 * the credit.low threshold each write exactly one row (the merchant as actor, its address), with
 * neither the secret nor the URL's query string; refused changes and changes to the same value
 * write none; the console finds them by action and the merchant sees its credential ones. The
 * worker's own disable (3 days of failures) is in delivery.test.ts; the CLI's in
 * cli/cli-webhooks.e2e.test.ts.
 */
import { expect, it } from 'vitest';
import { useConsoleServer } from '../admin/console-server.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { webClient } from '../helpers/web-client.ts';

describeEachDatabase('webhook changes in the audit log', (database) => {
  const c = useConsoleServer(database);

  it('one row per change, the merchant as actor, no secret, no query string; refusals write none', async () => {
    const m = await c.server.createMerchant();
    const other = await c.server.createMerchant();
    const web = webClient(c.server.url, 'portal');
    const otherWeb = webClient(c.server.url, 'portal');
    expect((await web.signIn(m.email, m.password)).status).toBe(200);
    expect((await otherWeb.signIn(other.email, other.password)).status).toBe(200);
    const rows = async (merchantId = m.merchantId): Promise<any[]> =>
      (await c.admin.call('GET', `/audit?merchant_id=${merchantId}&page_size=100`)).body.items
        .filter((e: any) => e.action.startsWith('webhook.'))
        .reverse();
    const secrets: string[] = [];
    /** Runs a change and returns the one row it wrote. */
    const one = async (change: () => Promise<{ status: number; body: any }>) => {
      const before = (await rows()).length;
      const r = await change();
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      if (r.body.secret) secrets.push(r.body.secret);
      const after = await rows();
      expect(after).toHaveLength(before + 1);
      return after.at(-1);
    };
    const none = async (change: () => Promise<{ status: number; body: any }>, status: number) => {
      const before = await rows();
      expect((await change()).status).toBe(status);
      expect(await rows()).toEqual(before);
    };

    // Refused: no CSRF token, a bad URL, a bad threshold; nothing is recorded.
    const url = 'https://hooks.example.com/in/tradepost?token=tok_DO_NOT_LOG';
    await none(() => web.call('POST', '/webhooks/endpoints', { url }, { csrf: null }), 403);
    await none(() => web.call('POST', '/webhooks/endpoints', { url: 'ftp://hooks.example.com/x' }), 400);
    await none(() => web.call('PUT', '/webhooks/settings', { credit_low_threshold: '-1' }), 400);

    const created = await one(() =>
      web.call('POST', '/webhooks/endpoints', { url, events: ['order.shipped'] }),
    );
    const id = created.target_id as string;
    expect(created).toMatchObject({
      action: 'webhook.created',
      actor_type: 'merchant',
      actor_label: m.email,
      merchant_id: m.merchantId,
      target_type: 'webhook_endpoint',
      after: { url: 'https://hooks.example.com/in/tradepost', events: 'order.shipped', status: 'enabled' },
    });
    expect(id).toMatch(/^we_/);
    expect(created.ip).toBeTruthy();

    // Another merchant cannot touch it, and its attempts leave no trace in either log.
    await none(() => otherWeb.call('POST', `/webhooks/endpoints/${id}/roll-secret`, {}), 404);
    await none(() => otherWeb.call('PATCH', `/webhooks/endpoints/${id}`, { enabled: false }), 404);
    await none(() => web.call('POST', `/webhooks/endpoints/${id}/roll-secret`, { grace_hours: 100 }), 400);
    expect(await rows(other.merchantId)).toEqual([]);

    const rolled = await one(() =>
      web.call('POST', `/webhooks/endpoints/${id}/roll-secret`, { grace_hours: 2 }),
    );
    expect(rolled).toMatchObject({
      action: 'webhook.secret_rolled',
      target_id: id,
      after: { grace_hours: 2 },
    });
    expect(rolled.after.previous_secret_expires_at).toBeTruthy();

    const moved = await one(() =>
      web.call('PATCH', `/webhooks/endpoints/${id}`, {
        url: 'https://hooks2.example.com/v2?sig=tok_ALSO_NOT',
      }),
    );
    expect(moved).toMatchObject({
      action: 'webhook.updated',
      before: { url: 'https://hooks.example.com/in/tradepost' },
      after: { url: 'https://hooks2.example.com/v2' },
    });

    const off = await one(() => web.call('PATCH', `/webhooks/endpoints/${id}`, { enabled: false }));
    expect(off).toMatchObject({
      action: 'webhook.disabled',
      before: { status: 'enabled' },
      after: { status: 'disabled', disabled_reason: 'merchant' },
    });
    // Disabling what is disabled changes nothing and records nothing.
    await none(() => web.call('PATCH', `/webhooks/endpoints/${id}`, { enabled: false }), 200);
    const on = await one(() => web.call('PATCH', `/webhooks/endpoints/${id}`, { enabled: true }));
    expect(on).toMatchObject({ action: 'webhook.enabled', after: { status: 'enabled' } });

    const low = await one(() => web.call('PUT', '/webhooks/settings', { credit_low_threshold: '100.00' }));
    expect(low).toMatchObject({
      action: 'webhook.threshold_changed',
      target_type: 'webhook_settings',
      before: { credit_low_threshold: null },
      after: { credit_low_threshold: '100.00' },
    });
    await none(() => web.call('PUT', '/webhooks/settings', { credit_low_threshold: '100.00' }), 200);

    const all = await rows();
    expect(all.map((e) => e.action)).toEqual([
      'webhook.created',
      'webhook.secret_rolled',
      'webhook.updated',
      'webhook.disabled',
      'webhook.enabled',
      'webhook.threshold_changed',
    ]);
    for (const e of all) expect(e).toMatchObject({ actor_type: 'merchant', actor_label: m.email });
    const text = JSON.stringify(all);
    expect(secrets).toHaveLength(2);
    for (const s of [...secrets, 'tok_DO_NOT_LOG', 'tok_ALSO_NOT']) expect(text).not.toContain(s);

    // The console's action filter knows the new names; the merchant sees its credential events.
    const filtered = await c.admin.call(
      'GET',
      `/audit?action=webhook.secret_rolled&merchant_id=${m.merchantId}`,
    );
    expect(filtered.status).toBe(200);
    expect(filtered.body.items.map((e: any) => e.id)).toEqual([rolled.id]);
    const own = await web.call('GET', '/security/events?page_size=100');
    expect(own.body.items.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['webhook.created', 'webhook.secret_rolled', 'webhook.disabled']),
    );
  });
});
