/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * The console's team over real HTTP on both databases: an admin adds an operator (a temporary
 * password, shown once, changed at the first sign-in), changes a role, disables and re-enables
 * one (their sessions end), resets a password; support reads the list and changes nothing;
 * nobody changes their own access, and the last active admin stays one, even when two admins
 * are demoted at once. Every change is one audit entry; nothing logs an error.
 */
import { expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/audit/audit.service.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { uid } from '../helpers/factories.ts';
import { OPERATOR_PASSWORD, webClient } from '../helpers/web-client.ts';
import { useConsoleServer } from './console-server.ts';

describeEachDatabase('console team (operators)', (database) => {
  const cs = useConsoleServer(database);
  const email = () => `op-${uid()}@ops.example`;
  const listed = async (operatorId: string) =>
    ((await cs.admin.call('GET', '/operators')).body.items as any[]).find(
      (o) => o.operator_id === operatorId,
    );
  const auditOf = async (operatorId: string) =>
    (await cs.server.services.audit.search({ page: 1, pageSize: 50 })).items
      .filter((e) => e.target_id === operatorId)
      .map((e) => ({ action: e.action, by: e.actor_label, before: e.before, after: e.after }))
      .reverse();
  const add = async (role: 'admin' | 'support' = 'support') => {
    const address = email();
    const r = await cs.admin.call('POST', '/operators', { email: address, role, name: 'Sam Ops' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return { email: address, id: r.body.operator.operator_id as string, password: r.body.temporary_password };
  };
  const signedIn = async (who: { email: string; password: string }) => {
    const web = webClient(cs.server.url, 'admin');
    expect((await web.signIn(who.email, who.password)).status).toBe(200);
    return web;
  };

  it('an admin adds an operator: a temporary password, shown once, changed at the first sign-in', async () => {
    const address = email();
    const r = await cs.admin.call('POST', '/operators', {
      email: ` ${address.toUpperCase()} `,
      role: 'support',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.temporary_password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(r.body.operator).toMatchObject({
      email: address,
      name: address.split('@')[0],
      role: 'support',
      status: 'active',
      must_change_password: true,
    });
    const id = r.body.operator.operator_id;
    expect(await listed(id)).toEqual({
      ...r.body.operator,
      last_sign_in_at: null,
      two_factor_enabled: false,
      failed_sign_ins: null,
    });
    // A wrong password is no sign-in; the team sees it counted.
    expect((await webClient(cs.server.url, 'admin').signIn(address, 'not the password')).status).toBe(401);
    expect(await listed(id)).toMatchObject({
      last_sign_in_at: null,
      failed_sign_ins: { count: 1, addresses: 1, held_until: null },
    });

    // Until the password is changed, the console answers nothing else.
    const signInFrom = new Date().toISOString();
    const web = await signedIn({ email: address, password: r.body.temporary_password });
    expect((await listed(id)).last_sign_in_at >= signInFrom.slice(0, 19)).toBe(true);
    expect((await web.call('GET', '/overview')).body.error.code).toBe('password_change_required');
    const changed = await web.call('POST', '/password', {
      current_password: r.body.temporary_password,
      new_password: 'a new operator password',
      confirm_password: 'a new operator password',
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(204);
    expect((await web.call('GET', '/overview')).status).toBe(200);
    expect((await listed(id)).must_change_password).toBe(false);
    expect(await auditOf(id)).toEqual([
      {
        action: 'operator.created',
        by: cs.admin.email,
        before: null,
        after: { email: address, role: 'support' },
      },
      expect.objectContaining({ action: 'password.changed' }),
    ]);
  });

  it('refused additions name the field and add nobody', async () => {
    const before = (await cs.admin.call('GET', '/operators')).body.items.length;
    const taken = await cs.admin.call('POST', '/operators', { email: cs.support.email, role: 'admin' });
    expect([taken.status, taken.body.error.code, taken.body.error.fields]).toEqual([
      409,
      'conflict',
      { email: 'already registered' },
    ]);
    const badRole = await cs.admin.call('POST', '/operators', { email: email(), role: 'owner' });
    expect([badRole.status, Object.keys(badRole.body.error.fields)]).toEqual([400, ['role']]);
    const badEmail = await cs.admin.call('POST', '/operators', { email: 'not an address', role: 'support' });
    expect([badEmail.status, Object.keys(badEmail.body.error.fields)]).toEqual([400, ['email']]);
    expect((await cs.admin.call('GET', '/operators')).body.items.length).toBe(before);
  });

  it('support reads the team and changes nothing', async () => {
    const target = await add('support');
    const list = await cs.support.call('GET', '/operators');
    expect(list.status).toBe(200);
    expect(list.body.items.map((o: any) => o.email)).toEqual(
      expect.arrayContaining([cs.admin.email, target.email]),
    );
    expect(JSON.stringify(list.body)).not.toMatch(/password_hash|scrypt/);
    for (const [path, body] of [
      ['/operators', { email: email(), role: 'admin' }],
      [`/operators/${target.id}/role`, { role: 'admin' }],
      [`/operators/${target.id}/status`, { status: 'disabled' }],
      [`/operators/${target.id}/password-reset`, undefined],
    ] as const) {
      const r = await cs.support.call('POST', path, body);
      expect([path, r.status, r.body.error.code]).toEqual([path, 403, 'forbidden']);
    }
    expect(await listed(target.id)).toMatchObject({ role: 'support', status: 'active' });
    expect((await auditOf(target.id)).map((e) => e.action)).toEqual(['operator.created']);
  });

  it('a role change holds at once; disabling ends their sessions and sign-ins until re-enabled', async () => {
    const target = await add('support');
    const web = await signedIn(target);
    expect(
      (
        await web.call('POST', '/password', {
          current_password: target.password,
          new_password: OPERATOR_PASSWORD,
          confirm_password: OPERATOR_PASSWORD,
        })
      ).status,
    ).toBe(204);
    expect((await web.call('POST', '/operators', { email: email(), role: 'support' })).status).toBe(403);

    const promoted = await cs.admin.call('POST', `/operators/${target.id}/role`, { role: 'admin' });
    expect([promoted.status, promoted.body.role]).toEqual([200, 'admin']);
    expect((await web.call('POST', '/operators', { email: email(), role: 'support' })).status).toBe(200);

    const disabled = await cs.admin.call('POST', `/operators/${target.id}/status`, { status: 'disabled' });
    expect([disabled.status, disabled.body.status]).toEqual([200, 'disabled']);
    expect((await web.call('GET', '/overview')).status).toBe(401);
    expect((await webClient(cs.server.url, 'admin').signIn(target.email, OPERATOR_PASSWORD)).status).toBe(
      401,
    );

    // Unchanged: nothing written, nothing audited.
    expect(
      (await cs.admin.call('POST', `/operators/${target.id}/status`, { status: 'disabled' })).status,
    ).toBe(200);
    expect((await cs.admin.call('POST', `/operators/${target.id}/status`, { status: 'active' })).status).toBe(
      200,
    );
    expect((await signedIn({ email: target.email, password: OPERATOR_PASSWORD })).cookie).not.toBeNull();
    expect((await auditOf(target.id)).filter((e) => e.action !== 'password.changed')).toEqual([
      expect.objectContaining({ action: 'operator.created' }),
      {
        action: 'operator.role_changed',
        by: cs.admin.email,
        before: { role: 'support' },
        after: { role: 'admin' },
      },
      {
        action: 'operator.disabled',
        by: cs.admin.email,
        before: { status: 'active' },
        after: { status: 'disabled' },
      },
      {
        action: 'operator.enabled',
        by: cs.admin.email,
        before: { status: 'disabled' },
        after: { status: 'active' },
      },
    ]);
  });

  it('a password reset: a temporary password, the old one and its sessions end', async () => {
    const target = await add('support');
    const web = await signedIn(target);
    const r = await cs.admin.call('POST', `/operators/${target.id}/password-reset`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({
      email: target.email,
      temporary_password: expect.stringMatching(/^[A-Za-z0-9]{16}$/),
    });
    expect((await web.call('GET', '/operators')).status).toBe(401);
    expect((await webClient(cs.server.url, 'admin').signIn(target.email, target.password)).status).toBe(401);
    const again = await signedIn({ email: target.email, password: r.body.temporary_password });
    expect((await again.call('GET', '/operators')).body.error.code).toBe('password_change_required');
    expect(JSON.stringify(await auditOf(target.id))).not.toContain(r.body.temporary_password);
    expect((await auditOf(target.id)).at(-1)).toEqual({
      action: 'password.reset',
      by: cs.admin.email,
      before: null,
      after: { must_change_password: true },
    });
  });

  it('nobody changes their own access; an unknown operator is a 404', async () => {
    const self = (await cs.admin.call('GET', '/session')).body.operator.operator_id as string;
    const role = await cs.admin.call('POST', `/operators/${self}/role`, { role: 'support' });
    expect([role.status, role.body.error.fields]).toEqual([
      400,
      { role: 'cannot be changed on your own account: ask another admin' },
    ]);
    const status = await cs.admin.call('POST', `/operators/${self}/status`, { status: 'disabled' });
    expect([status.status, Object.keys(status.body.error.fields)]).toEqual([400, ['status']]);
    const reset = await cs.admin.call('POST', `/operators/${self}/password-reset`);
    expect([reset.status, reset.body.error.message]).toEqual([
      400,
      'Invalid request: change your own password on the Security page',
    ]);
    expect(await listed(self)).toMatchObject({ role: 'admin', status: 'active' });
    for (const path of ['/operators/OPR-nobody/role', '/operators/OPR-nobody/status']) {
      const r = await cs.admin.call(
        'POST',
        path,
        path.endsWith('role') ? { role: 'admin' } : { status: 'active' },
      );
      expect([r.status, r.body.error.code]).toEqual([404, 'not_found']);
    }
    expect((await cs.admin.call('POST', '/operators/OPR-nobody/password-reset')).status).toBe(404);
  });

  it('the last active admin stays one, also when two admins are demoted at the same time', async () => {
    const ops = cs.server.services.operators;
    // Leave exactly two active admins: the suite's own and one new.
    const other = await add('admin');
    for (const o of await ops.list())
      if (
        o.role === 'admin' &&
        o.status === 'active' &&
        o.email !== cs.admin.email &&
        o.operatorId !== other.id
      )
        await ops.setAccess(o.operatorId, { status: 'disabled' }, { actor: SYSTEM_ACTOR });
    const suiteAdmin = (await ops.findByEmail(cs.admin.email))!.operatorId;

    // As the CLI would (no "own account" there): both at once, and only one can pass.
    const results = await Promise.allSettled([
      ops.setAccess(suiteAdmin, { role: 'support' }, { actor: SYSTEM_ACTOR }),
      ops.setAccess(other.id, { role: 'support' }, { actor: SYSTEM_ACTOR }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected')!;
    expect(String(refused.reason)).toContain('role: the last active admin must stay an active admin');
    const admins = (await ops.list()).filter((o) => o.role === 'admin' && o.status === 'active');
    expect(admins).toHaveLength(1);

    // The one left can be neither disabled nor demoted; back as it was for the other tests.
    const last = admins[0]!;
    await expect(
      ops.setAccess(last.operatorId, { status: 'disabled' }, { actor: SYSTEM_ACTOR }),
    ).rejects.toThrow('status: the last active admin');
    const demoted = last.operatorId === suiteAdmin ? other.id : suiteAdmin;
    await ops.setAccess(demoted, { role: 'admin' }, { actor: SYSTEM_ACTOR });
    expect((await cs.admin.call('GET', '/operators')).status).toBe(200);
  });

  it('logged no error', () => {
    expect(cs.server.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
