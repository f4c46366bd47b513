/**
 * The console's team in a real browser on both databases: an admin adds an operator and reads
 * the temporary password once; the new operator signs in with it and is held on Security until
 * they choose their own; support sees the team without any action; the admin promotes, disables
 * (the other browser is signed out) and resets a password, each after a confirmation that says
 * what it does; each row says whether two-step sign-in is on, and the admin resets another's
 * with a note (a lost phone: their session ends); the same in 简体中文; axe finds nothing at 1280
 * and 390 px, and a phone shows it without scrolling sideways.
 */
import { generateSync } from 'otplib';
import { expect, it } from 'vitest';
import { uid } from '../../../server/test/helpers/factories.ts';
import { OPERATOR_PASSWORD, webClient } from '../../../server/test/helpers/web-client.ts';
import { describeEachDatabase } from '../../../server/test/helpers/databases.ts';
import { PHONE } from '../helpers/browser.ts';
import { axeAtBothWidths, settled, sidewaysScroll, signInConsole, useE2E } from '../helpers/fixture.ts';

describeEachDatabase('console team in the browser', (database) => {
  const e2e = useE2E(database);

  it('add an operator, their first sign-in, promote, disable and reset, each confirmed', async () => {
    const { server } = e2e;
    const admin = `admin-${uid()}@ops.example`;
    await server.services.operators.create({ email: admin, password: OPERATOR_PASSWORD, role: 'admin' });
    const ops = await e2e.open();
    const { page } = ops;
    await signInConsole(page, admin, OPERATOR_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click();
    await page.getByRole('heading', { level: 1, name: 'Team' }).waitFor();
    await settled(page);
    const row = (email: string) => page.locator('main tbody tr', { hasText: email });
    // Each row's changes are one menu, "Actions for <e-mail>".
    const act = async (email: string, action: string) => {
      await page.getByRole('button', { name: `Actions for ${email}` }).click();
      await page.getByRole('menuitem', { name: action }).click();
    };
    expect(await row(admin).locator('td').last().textContent()).toBe('You');

    // Add one: the temporary password is shown once, then gone from the page.
    const newcomer = `sam-${uid()}@ops.example`;
    const form = page.getByRole('form', { name: 'Add an operator' });
    await form.getByLabel('E-mail').fill(newcomer);
    await form.getByRole('button', { name: 'Add an operator' }).click();
    const shown = page.getByRole('dialog', { name: 'Temporary password' });
    const temporary = await shown.getByRole('textbox', { name: 'Temporary password' }).inputValue();
    expect(temporary).toMatch(/^[A-Za-z0-9]{16}$/);
    await shown.getByText('I have saved it somewhere safe').click();
    await shown.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => row(newcomer).count()).toBe(1);
    expect(await row(newcomer).locator('td').allTextContents()).toEqual([
      newcomer.split('@')[0],
      newcomer,
      'Support',
      'ActiveTwo-step sign-in offTemporary password not yet changed',
      expect.any(String),
      'Never',
      '⋯',
    ]);
    expect(await page.content()).not.toContain(temporary);

    // Their first sign-in: held on Security until they choose a password; support sees no actions.
    const theirs = await e2e.open();
    await signInConsole(theirs.page, newcomer, temporary);
    await theirs.page.waitForURL('**/admin/security');
    await theirs.page.getByText('An operator set a temporary password for you').waitFor();
    await theirs.page.goto('/admin/overview');
    await theirs.page.waitForURL('**/admin/security');
    await theirs.page.getByLabel('Current password').fill(temporary);
    await theirs.page.getByLabel('New password', { exact: true }).fill(OPERATOR_PASSWORD);
    await theirs.page.getByLabel('Confirm new password').fill(OPERATOR_PASSWORD);
    await theirs.page.getByRole('button', { name: 'Change password' }).click();
    await theirs.page.getByText('Password changed.').waitFor();
    await theirs.page.goto('/admin/team');
    await theirs.page.getByRole('heading', { level: 1, name: 'Team' }).waitFor();
    await settled(theirs.page);
    expect(await theirs.page.getByRole('form', { name: 'Add an operator' }).count()).toBe(0);
    expect(await theirs.page.locator('main tbody tr', { hasText: admin }).locator('td').count()).toBe(6);
    await page.reload();
    await settled(page);
    expect(await row(newcomer).textContent()).not.toContain('Temporary password');
    // Their sign-in is the team page's "Last sign-in", in the reader's time.
    expect(await row(newcomer).locator('td').nth(5).textContent()).toMatch(/\d:\d\d/);

    // Promote, after a confirmation that says what it grants.
    await act(newcomer, 'Make admin');
    const confirm = page.getByRole('alertdialog', { name: 'Make admin' });
    expect(await confirm.textContent()).toContain(`${newcomer} will be able to move money`);
    await confirm.getByRole('button', { name: 'Make admin' }).click();
    await expect.poll(() => row(newcomer).locator('td').nth(2).textContent()).toBe('Admin');

    // Disable: their browser is signed out.
    await act(newcomer, 'Disable');
    await page.getByRole('alertdialog', { name: 'Disable' }).getByRole('button', { name: 'Disable' }).click();
    await expect
      .poll(() => row(newcomer).locator('td').nth(3).textContent())
      .toBe('DisabledTwo-step sign-in off');
    await theirs.page.reload();
    await theirs.page.waitForURL('**/admin/sign-in**');

    // Enable and reset: a new temporary password, shown once.
    await act(newcomer, 'Enable');
    await page.getByRole('alertdialog', { name: 'Enable' }).getByRole('button', { name: 'Enable' }).click();
    await expect
      .poll(() => row(newcomer).locator('td').nth(3).textContent())
      .toBe('ActiveTwo-step sign-in off');
    await act(newcomer, 'Reset password');
    await page
      .getByRole('alertdialog', { name: 'Reset password' })
      .getByRole('button', { name: 'Reset password' })
      .click();
    const reset = page.getByRole('dialog', { name: 'Temporary password' });
    const second = await reset.getByRole('textbox', { name: 'Temporary password' }).inputValue();
    expect(second).not.toBe(temporary);
    await reset.getByText('I have saved it somewhere safe').click();
    await reset.getByRole('button', { name: 'Done' }).click();
    expect(await server.services.operators.authenticate(newcomer, second)).toMatchObject({
      mustChangePassword: true,
    });

    // Two-step sign-in on for a colleague (their app's code, signed in with it): the row says so.
    const colleague = `kim-${uid()}@ops.example`;
    const { operatorId } = await server.services.operators.create({
      email: colleague,
      password: OPERATOR_PASSWORD,
      role: 'support',
    });
    const setup = await server.services.twoFactor.begin({
      kind: 'admin',
      subjectId: operatorId,
      email: colleague,
    });
    const codeOf = (steps: number) =>
      generateSync({ secret: setup!.secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });
    await server.services.twoFactor.confirm(operatorId, codeOf(0), { inUnit: async () => {} });
    const theirs2 = webClient(server.url, 'admin');
    const signedIn = await theirs2.call('POST', '/session', {
      email: colleague,
      password: OPERATOR_PASSWORD,
      code: codeOf(1),
    });
    expect(signedIn.status).toBe(200);
    await page.reload();
    await settled(page);
    // Under each row's status.
    const twoStep = (email: string) =>
      row(email)
        .locator('td')
        .nth(3)
        .getByText(/^Two-step sign-in/)
        .textContent();
    expect([await twoStep(colleague), await twoStep(newcomer), await twoStep(admin)]).toEqual([
      'Two-step sign-in on',
      'Two-step sign-in off',
      'Two-step sign-in off',
    ]);
    // The column keeps the table within 1280 px: its region does not scroll sideways.
    const [tableScroll, tableClient] = await page.evaluate<[number, number]>(
      "[document.querySelector('main .table-wrap').scrollWidth, document.querySelector('main .table-wrap').clientWidth]",
    );
    expect(tableScroll).toBeLessThanOrEqual(tableClient);
    // Offered only while it is on.
    await page.getByRole('button', { name: `Actions for ${newcomer}` }).click();
    await page.getByRole('menuitem', { name: 'Make support' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Reset two-step sign-in' }).count()).toBe(0);
    await page.keyboard.press('Escape');

    // A lost phone: reset with a note, after a dialog that says what it does.
    await act(colleague, 'Reset two-step sign-in');
    const lost = page.getByRole('alertdialog', { name: 'Reset two-step sign-in' });
    expect(await lost.textContent()).toContain(`${colleague} can then sign in with their password alone`);
    await lost.getByRole('textbox', { name: 'Note' }).fill('lost phone, asked in person');
    await lost.getByRole('button', { name: 'Reset two-step sign-in' }).click();
    await expect.poll(() => twoStep(colleague)).toBe('Two-step sign-in off');
    expect(await lost.count()).toBe(0);
    expect((await theirs2.call('GET', '/session')).body).toBeNull();
    expect(await server.services.twoFactor.isEnabled(operatorId)).toBe(false);

    // The audit log names each change as the Team page does, not by its stored codes.
    await page.goto(`/admin/audit?q=${encodeURIComponent(admin)}`);
    const audit = page.getByRole('region', { name: 'Audit log' });
    const lines = (action: string) =>
      audit
        .getByRole('row')
        .filter({ hasText: action })
        .first()
        .locator('.change-lines .subline')
        .allInnerTexts();
    await audit.getByText('Operator role changed').waitFor();
    expect(await lines('Operator role changed')).toEqual(['Role: Support → Admin']);
    expect(await lines('Operator disabled')).toEqual(['Status: Active → Disabled']);
    expect(await lines('Password reset')).toEqual(['Must change the password: yes']);
    const lostRow = audit.getByRole('row').filter({ hasText: 'Two-step sign-in reset by an operator' });
    expect(await lostRow.count()).toBe(1);
    expect(await lostRow.textContent()).toContain('lost phone, asked in person');

    // 简体中文.
    await page.evaluate(`localStorage.setItem('tradepost.language', 'zh-CN')`);
    await page.goto('/admin/team');
    await page.getByRole('heading', { level: 1, name: '团队' }).waitFor();
    await settled(page);
    expect(await row(newcomer).locator('td').nth(2).textContent()).toBe('管理员');
    expect(await row(colleague).locator('td').nth(3).textContent()).toBe('启用两步登录未开启');
    await page.evaluate(`localStorage.setItem('tradepost.language', 'en')`);

    // A phone shows it without scrolling sideways.
    await page.setViewportSize(PHONE);
    await page.goto('/admin/team');
    await settled(page);
    expect(await sidewaysScroll(page)).toBe(0);

    if (database.name === 'sqlite') expect(await axeAtBothWidths(ops, '/admin/team')).toEqual({});
  }, 180_000);
});
