import { afterAll, beforeAll, expect, it } from 'vitest';
import { COUNT_CAP } from '../../src/db/paginate.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { OPERATOR_PASSWORD, operatorClient, webClient } from '../helpers/web-client.ts';

describeEachDatabase('operator console', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url() });
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  const operator = (role: 'admin' | 'support') => operatorClient(server, role);

  it('support reads but is refused money movement and credentials: 403, nothing changed', async () => {
    const m = await server.createMerchant({ creditLimit: '100.00' });
    const support = await operator('support');
    expect((await support.call('GET', `/merchants/${m.merchantId}`)).body.credit.credit_limit).toBe('100.00');
    const before = await server.services.credit.get(m.merchantId);
    const refused = await support.call('POST', `/merchants/${m.merchantId}/credit/entries`, {
      type: 'limit_change',
      amount: '50',
      note: 'x',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect((await support.call('POST', `/merchants/${m.merchantId}/password-reset`, {})).status).toBe(403);
    expect(
      (await support.call('POST', `/merchants/${m.merchantId}/status`, { status: 'suspended', note: 'x' }))
        .status,
    ).toBe(403);
    expect(await server.services.credit.get(m.merchantId)).toEqual(before);
  });

  it('admin moves money with a mandatory note, audited in the same unit', async () => {
    const m = await server.createMerchant({ creditLimit: '100.00' });
    const admin = await operator('admin');
    const noNote = await admin.call('POST', `/merchants/${m.merchantId}/credit/entries`, {
      type: 'limit_change',
      amount: '50',
    });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.fields).toEqual({ note: 'is required' });
    const ok = await admin.call('POST', `/merchants/${m.merchantId}/credit/entries`, {
      type: 'limit_change',
      amount: '50',
      note: 'good payer',
    });
    expect(ok.status).toBe(200);
    expect((await server.services.credit.get(m.merchantId)).credit_limit).toBe('150.00');
    const audit = await admin.call('GET', `/audit?merchant_id=${m.merchantId}&action=credit.limit_change`);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        actor_type: 'operator',
        note: 'good payer',
        target_id: ok.body.reference_no,
        // The limit itself, which the operator changed, beside the available credit it moved.
        before: { available: '100.00', credit_limit: '100.00' },
        after: { available: '150.00', credit_limit: '150.00', amount: '50.00', currency: 'USD' },
      }),
    ]);
    // Dated up to the last day there is: every entry, none lost to an out-of-range bound.
    const today = new Date().toISOString().slice(0, 10);
    const dated = (range: string) =>
      admin.call('GET', `/audit?merchant_id=${m.merchantId}&action=credit.limit_change&${range}`);
    expect((await dated(`from=${today}&to=9999-12-31`)).body.total).toBe(1);
    expect((await dated('to=2000-01-01')).body.total).toBe(0);
    expect((await dated('from=9999-12-31')).body.total).toBe(0);
    expect((await admin.call('GET', '/merchants/NOSUCH')).status).toBe(404);
  });

  it("a merchant's whole ledger, filtered as the portal's: pages and a CSV export for both roles; an unknown merchant 404", async () => {
    const m = await server.createMerchant({ creditLimit: '100.00' });
    await server.services.credit.adjust(m.merchantId, { type: 'adjustment', amount: '-2.50' });
    await server.services.credit.adjust(m.merchantId, { type: 'repayment', amount: '2.00', note: 'wire' });
    const support = await operator('support');
    const page = await support.call('GET', `/merchants/${m.merchantId}/transactions?type=repayment`);
    expect(page.body).toMatchObject({ total: 1, items: [{ type: 'repayment', amount: '2.00' }] });

    const csv = await support.call('GET', `/merchants/${m.merchantId}/transactions.csv?type=adjustment`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(
      `attachment; filename="transactions-${m.merchantId}-adjustment.csv"`,
    );
    const [header, ...rows] = csv.text.trimEnd().split('\r\n');
    expect(header).toBe(
      'reference_no,type,amount,balance_before,balance_after,currency,order_no,description,created_at',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^[^,]+,adjustment,-2\.50,100\.00,97\.50,USD,,/);
    // Every entry, newest first, as the portal's export of the same ledger.
    const all = await support.call('GET', `/merchants/${m.merchantId}/transactions.csv`);
    expect(
      all.text
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[1]),
    ).toEqual(['repayment', 'adjustment', 'limit_change']);
    const portal = webClient(server.url, 'portal');
    expect((await portal.signIn(m.email, m.password)).status).toBe(200);
    expect((await portal.call('GET', '/transactions.csv')).text).toBe(all.text);

    const unknown = await support.call('GET', '/merchants/NOSUCH/transactions.csv');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/json');
    expect((await support.call('GET', `/merchants/${m.merchantId}/transactions.csv?type=bogus`)).status).toBe(
      400,
    );
    expect(
      (await webClient(server.url, 'admin').call('GET', `/merchants/${m.merchantId}/transactions.csv`))
        .status,
    ).toBe(401);
  });

  it('a credit entry with an idempotency key is made once, however often or concurrently it is sent', async () => {
    const m = await server.createMerchant({ creditLimit: '100.00' });
    const admin = await operator('admin');
    const post = (body: Record<string, unknown>) =>
      admin.call('POST', `/merchants/${m.merchantId}/credit/entries`, { note: 'wire 1234', ...body });
    const key = `key-${Math.random().toString(36).slice(2)}-0123456789`;
    // A double-click and a retry at once: one entry, every answer names it.
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => post({ type: 'limit_change', amount: '50.00', idempotency_key: key })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const refs = new Set(answers.map((a) => a.body.reference_no));
    expect(refs.size).toBe(1);
    expect((await post({ type: 'limit_change', amount: '50.00', idempotency_key: key })).body).toEqual(
      answers[0]!.body,
    );
    expect((await server.services.credit.get(m.merchantId)).credit_limit).toBe('150.00');
    const audit = await admin.call('GET', `/audit?merchant_id=${m.merchantId}&action=credit.limit_change`);
    expect(audit.body.total).toBe(1);

    // The key with another entry: refused on the key, nothing moves.
    const other = await post({ type: 'limit_change', amount: '60.00', idempotency_key: key });
    expect(other.status).toBe(409);
    expect(other.body.error.fields).toEqual({
      idempotency_key: `was used for another entry (${[...refs][0]})`,
    });
    const badKey = await post({ type: 'repayment', amount: '1.00', idempotency_key: 'short' });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.fields).toEqual({
      idempotency_key: 'must be 16 to 64 letters, digits, "_" or "-"',
    });
    // Another merchant's key space is its own.
    const n = await server.createMerchant({ creditLimit: '5.00' });
    const theirs = await admin.call('POST', `/merchants/${n.merchantId}/credit/entries`, {
      type: 'limit_change',
      amount: '50.00',
      note: 'x',
      idempotency_key: key,
    });
    expect(theirs.status).toBe(200);
    expect((await server.services.credit.get(n.merchantId)).credit_limit).toBe('55.00');
    // A key whose entry was refused stays free.
    const refusedKey = `${key}-refused`;
    const beyond = await post({ type: 'adjustment', amount: '-150.01', idempotency_key: refusedKey });
    expect(beyond.status).toBe(402);
    expect(beyond.body.error.fields).toEqual({ amount: 'exceeds the available credit (150.00)' });
    expect((await post({ type: 'adjustment', amount: '-10.00', idempotency_key: refusedKey })).status).toBe(
      200,
    );
    const credit = await server.services.credit.get(m.merchantId);
    expect(credit).toMatchObject({ credit_limit: '150.00', available: '140.00' });
    const ledger = await server.services.credit.listTransactions(m.merchantId, { page: 1, page_size: 10 });
    expect(ledger.items.map((e) => [e.type, e.amount])).toEqual([
      ['adjustment', '-10.00'],
      ['limit_change', '50.00'],
      ['limit_change', '100.00'],
    ]);
  });

  it("a frozen line's and a suspended account's detail says when, by whom and why, while it lasts", async () => {
    const m = await server.createMerchant({ creditLimit: '100.00' });
    const admin = await operator('admin');
    const detail = async () => (await admin.call('GET', `/merchants/${m.merchantId}`)).body;
    expect(await detail()).toMatchObject({ frozen_by: null, suspended_by: null });
    for (const note of ['first freeze', 'overdue invoice INV-77']) {
      await admin.call('POST', `/merchants/${m.merchantId}/credit/status`, { status: 'frozen', note });
      if (note === 'first freeze')
        await admin.call('POST', `/merchants/${m.merchantId}/credit/status`, {
          status: 'active',
          note: 'paid',
        });
    }
    expect(
      (
        await admin.call('POST', `/merchants/${m.merchantId}/status`, {
          status: 'suspended',
          note: 'fraud check',
        })
      ).status,
    ).toBe(200);
    const frozen = await detail();
    expect(frozen.frozen_by).toMatchObject({
      action: 'credit.frozen',
      actor_type: 'operator',
      note: 'overdue invoice INV-77',
    });
    expect(frozen.suspended_by).toMatchObject({ action: 'merchant.suspended', note: 'fraud check' });
    await admin.call('POST', `/merchants/${m.merchantId}/credit/status`, {
      status: 'active',
      note: 'paid again',
    });
    await admin.call('POST', `/merchants/${m.merchantId}/status`, { status: 'active', note: 'cleared' });
    expect(await detail()).toMatchObject({ frozen_by: null, suspended_by: null });
  });

  it('the audit log names the merchant each entry concerns, as it is called now, and finds it by a part of that name', async () => {
    const admin = await operator('admin');
    const tag = Math.random().toString(36).slice(2, 8);
    const created = await admin.call('POST', '/merchants', {
      email: `zephyr-${tag}@example.com`,
      name: `Zephyr ${tag} Widgets`,
      credit_limit: '100.00',
    });
    expect(created.status).toBe(200);
    const id = created.body.merchant_id as string;
    await admin.call('POST', `/merchants/${id}/status`, { status: 'suspended', note: 'check' });
    const search = async (q: string) =>
      (await admin.call('GET', `/audit?q=${encodeURIComponent(q)}`)).body.items as {
        action: string;
        merchant_id: string;
        merchant_name: string | null;
      }[];
    // Any case, any part of the name; every entry of that merchant, each with its name.
    const found = await search(`WIDGETS`);
    expect(
      found
        .filter((e) => e.merchant_id === id)
        .map((e) => e.action)
        .sort(),
    ).toEqual(['merchant.created', 'merchant.suspended']);
    expect((await search(`zephyr ${tag}`)).every((e) => e.merchant_name === `Zephyr ${tag} Widgets`)).toBe(
      true,
    );
    // The operator's entries on the merchant name it; its own sign-in concerns no merchant.
    const own = await search(admin.email);
    expect(own.filter((e) => e.merchant_id === id).map((e) => e.merchant_name)).toEqual([
      `Zephyr ${tag} Widgets`,
      `Zephyr ${tag} Widgets`,
    ]);
    expect(own.filter((e) => e.action === 'session.sign_in').map((e) => e.merchant_name)).toEqual([null]);
  });

  it(`the audit log counts up to ${COUNT_CAP} entries a search finds, then says "more than"`, async () => {
    const admin = await operator('admin');
    const name = `Capped ${Math.random().toString(36).slice(2, 8)} Co`;
    const created = await admin.call('POST', '/merchants', {
      email: `capped-${Date.now()}@example.com`,
      name,
      credit_limit: '100.00',
    });
    const id = created.body.merchant_id as string;
    await server.services.audit.record(
      { type: 'system', id: null, label: 'cap-test', ip: null },
      Array.from({ length: COUNT_CAP }, (_, i) => ({
        action: 'profile.updated' as const,
        merchantId: id,
        note: `n${i}`,
      })),
    );
    // merchant.created and COUNT_CAP more: "more than COUNT_CAP", and each page is still full.
    const all = await admin.call('GET', `/audit?merchant_id=${id}&page_size=100`);
    expect(all.body).toMatchObject({ total: COUNT_CAP, total_capped: true });
    expect(all.body.items).toHaveLength(100);
    // By a part of the merchant's name (asked of the merchants table, not joined for the count).
    const named = await admin.call('GET', `/audit?q=${encodeURIComponent(name.toUpperCase())}&page_size=1`);
    expect(named.body).toMatchObject({ total: COUNT_CAP, total_capped: true });
    expect(named.body.items[0].merchant_name).toBe(name);
    // Under the cap the count is exact and unflagged.
    const one = await admin.call('GET', `/audit?merchant_id=${id}&action=merchant.created`);
    expect(one.body.total).toBe(1);
    expect(one.body).not.toHaveProperty('total_capped');
  }, 60_000);

  it('creating a merchant: a too-long or wrong-typed field says so, "is required" only when it is missing', async () => {
    const admin = await operator('admin');
    const fields = async (body: Record<string, unknown>) => {
      const r = await admin.call('POST', '/merchants', { credit_limit: '100.00', ...body });
      expect(r.status).toBe(400);
      return r.body.error.fields;
    };
    expect(await fields({ email: `${'e'.repeat(400)}@example.com`, name: 'n'.repeat(100_000) })).toEqual({
      email: 'must be at most 320 characters',
      name: 'must be at most 200 characters',
    });
    expect(await fields({ email: ['a@example.com'], name: 5 })).toEqual({
      email: 'must be a string',
      name: 'must be a string',
    });
    expect(await fields({ name: '  ' })).toEqual({ email: 'is required', name: 'is required' });
  });

  it("an operator's password change ends its other sessions and keeps this one; sign out everywhere ends them all; both audited", async () => {
    const a = await operator('support');
    const b = webClient(server.url, 'admin');
    await b.signIn(a.email, OPERATOR_PASSWORD);
    const next = 'another operator passphrase';
    const changed = await a.call('POST', '/password', {
      current_password: OPERATOR_PASSWORD,
      new_password: next,
      confirm_password: next,
    });
    expect(changed.status).toBe(204);
    expect((await a.call('GET', '/session')).body).toMatchObject({ operator: { email: a.email } });
    expect((await b.call('GET', '/session')).body).toBeNull();
    expect((await b.signIn(a.email, OPERATOR_PASSWORD)).status).toBe(401);
    expect((await b.signIn(a.email, next)).status).toBe(200);

    expect((await a.call('POST', '/session/sign-out-everywhere', {})).status).toBe(204);
    expect((await a.call('GET', '/session')).body).toBeNull();
    expect((await b.call('GET', '/session')).body).toBeNull();
    const admin = await operator('admin');
    const audit = await admin.call('GET', `/audit?actor_type=operator&q=${encodeURIComponent(a.email)}`);
    const mine = (
      audit.body.items as { action: string; actor_id: string; target_type: string; target_id: string }[]
    )
      .filter((e) => e.action === 'password.changed' || e.action === 'session.sign_out_everywhere')
      .map((e) => [e.action, e.target_type, e.target_id === e.actor_id]);
    expect(mine.sort()).toEqual([
      ['password.changed', 'operator', true],
      ['session.sign_out_everywhere', 'operator', true],
    ]);
  });

  it('password reset: shown once, old sessions end, the portal then allows only a password change, which ends other sessions', async () => {
    const m = await server.createMerchant();
    const first = webClient(server.url, 'portal');
    await first.signIn(m.email, m.password);
    const admin = await operator('admin');
    const reset = await admin.call('POST', `/merchants/${m.merchantId}/password-reset`, {});
    expect(reset.status).toBe(200);
    expect(reset.headers.get('cache-control')).toBe('no-store');
    const temp = reset.body.temporary_password as string;
    expect((await first.call('GET', '/dashboard')).status).toBe(401);
    expect((await first.signIn(m.email, m.password)).status).toBe(401);
    const a = webClient(server.url, 'portal');
    const b = webClient(server.url, 'portal');
    expect((await a.signIn(m.email, temp)).body.must_change_password).toBe(true);
    await b.signIn(m.email, temp);
    expect((await a.call('GET', '/dashboard')).body.error.code).toBe('password_change_required');
    const weak = await a.call('POST', '/password', {
      current_password: temp,
      new_password: 'short',
      confirm_password: 'short',
    });
    expect(weak.status).toBe(400);
    const changed = await a.call('POST', '/password', {
      current_password: temp,
      new_password: 'a much longer passphrase',
      confirm_password: 'a much longer passphrase',
    });
    expect(changed.status).toBe(204);
    expect((await a.call('GET', '/dashboard')).status).toBe(200);
    expect((await b.call('GET', '/dashboard')).status).toBe(401);
    expect((await b.signIn(m.email, temp)).status).toBe(401);
    const events = await server.services.audit.forMerchant(m.merchantId, { page: 1, pageSize: 20 });
    expect(events.items.map((e) => e.action)).toEqual(
      expect.arrayContaining(['password.reset', 'password.changed']),
    );
    expect(JSON.stringify(events.items)).not.toContain(temp);
  });
});
