/**
 * Two-step sign-in in a real browser, on both databases: a merchant turns it on from the Security
 * page (the key read from the page, the codes computed as an authenticator app would, with
 * otplib), saves the recovery codes, signs out, and signs in again with a code in the second step
 * (a wrong one refused on its field). The enrol view and the code step pass axe at 1280 and 390 px,
 * and speak English and 简体中文.
 */
import { readFile } from 'node:fs/promises';
import { generateSync } from 'otplib';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../server/test/helpers/databases.ts';
import {
  axeHereAtBothWidths,
  hasFocus,
  settled,
  signInConsole,
  signInPortal,
  useE2E,
} from '../helpers/fixture.ts';

/** The app's code `steps` 30-second steps from now (the server takes the current one and its neighbours). */
const codeOf = (secret: string, steps = 0) =>
  generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

describeEachDatabase('two-step sign-in', (database) => {
  const e2e = useE2E(database);

  it('a merchant turns it on from the Security page, signs out, and signs in with a code', async () => {
    const m = await e2e.server.createMerchant();
    const wp = await e2e.open();
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    await page.goto('/security');
    await settled(page);

    const card = page.getByRole('region', { name: 'Two-step sign-in' });
    await card.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await card.getByRole('img', { name: 'QR code that adds Tradepost to an authenticator app' }).waitFor();
    const secret = await card.getByRole('textbox', { name: 'Key (to type by hand)' }).inputValue();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const enrolView = await axeHereAtBothWidths(wp, 'security: enrol');

    const form = card.getByRole('form', { name: 'Turn on two-step sign-in' });
    await form.getByLabel('Authentication code').fill('12');
    await form.getByLabel('Password').fill(m.password);
    await form.getByRole('button', { name: 'Turn on' }).click();
    await form.getByText('must be the 6 digits your authenticator app shows').waitFor();
    // Kept: the same code later must be refused (a slow run may be steps further on by then).
    const enrolCode = codeOf(secret);
    await form.getByLabel('Authentication code').fill(enrolCode);
    await form.getByRole('button', { name: 'Turn on' }).click();

    const dialog = page.getByRole('dialog', { name: 'Your recovery codes' });
    const list = dialog.getByRole('list', { name: 'Recovery codes' });
    await list.waitFor();
    const recovery = await list.getByRole('listitem').allInnerTexts();
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    for (const c of recovery) expect(c).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    // All ten in view at once, without scrolling the dialog.
    const last = (await list.getByRole('listitem').last().boundingBox())!;
    expect(last.y + last.height).toBeLessThanOrEqual(page.viewportSize()!.height);
    // Saved as a text file that says what they are for, numbered.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('link', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('tradepost-recovery-codes-portal.txt');
    const saved = (await readFile((await download.path())!, 'utf8')).split('\n');
    expect(saved[0]).toBe(
      `Tradepost recovery codes for ${m.email}, merchant portal at ${new URL(page.url()).host}. Each signs in once instead of an authentication code.`,
    );
    expect(saved.slice(2, 12)).toEqual(recovery.map((c, i) => `${String(i + 1).padStart(2)}. ${c}`));
    await dialog.getByText('I have saved them somewhere safe').click();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await card.getByText(/^On since .*Recovery codes left: 10\.$/).waitFor();
    // Saved, the secret is gone from the page.
    expect(await page.content()).not.toContain(secret);

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByLabel('E-mail').waitFor();
    await page.getByLabel('E-mail').fill(m.email);
    await page.getByLabel('Password').fill(m.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Two-step sign-in' }).waitFor();
    // The code field has focus: the person types at once.
    expect(await hasFocus(page.getByLabel('Authentication code'))).toBe(true);
    const codeStep = await axeHereAtBothWidths(wp, 'sign-in: code step');

    // A used code (the one that turned it on) is refused on its field; the step stays.
    await page.getByLabel('Authentication code').fill(enrolCode);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page
      .getByText('is not a current code: check the time on your phone and try the next one')
      .waitFor();

    // 简体中文, switched on the page: the step and its field in the reader's language, the password
    // still held (in memory) for the resubmission.
    await page.getByRole('button', { name: /Language/ }).click();
    await page.getByRole('option', { name: '简体中文' }).click();
    await page.getByRole('heading', { name: '两步登录' }).waitFor();
    await page.getByRole('button', { name: '改用恢复码' }).waitFor();
    await page.getByLabel('验证码', { exact: true }).fill(codeOf(secret, 1));
    await page.getByRole('button', { name: '验证' }).click();
    await page.getByRole('heading', { level: 1, name: '概览' }).waitFor();

    expect({ ...enrolView, ...codeStep }).toEqual({});
    expect(wp.problems).toEqual([]);
  });

  it('a lost phone: an admin resets the merchant login’s factor from its console page, with a note', async () => {
    const m = await e2e.server.createMerchant();
    const services = e2e.server.services;
    const login = (await services.merchants.findByEmail(m.email))!;
    const setup = await services.twoFactor.begin({ kind: 'portal', subjectId: login.userId, email: m.email });
    await services.twoFactor.confirm(login.userId, codeOf(setup!.secret), { inUnit: async () => {} });
    const admin = `admin-${Date.now()}@ops.example`;
    await services.operators.create({ email: admin, password: 'operator password 1', role: 'admin' });
    const wp = await e2e.open();
    const { page } = wp;
    await signInConsole(page, admin, 'operator password 1');
    await page.goto(`/admin/merchants/${m.merchantId}`);
    await settled(page);
    const account = page.getByRole('region', { name: 'Account' });
    await account.getByText('Two-step sign-in', { exact: true }).waitFor();
    await account.getByText('On', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Reset two-step sign-in' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Reset two-step sign-in' });
    await dialog.getByLabel('Note').fill('lost phone, called back on the number on file');
    await dialog.getByRole('button', { name: 'Reset two-step sign-in' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Off now: the page's fact says so, and the reset is offered no more.
    await account.getByText('Off', { exact: true }).waitFor();
    await account.getByRole('button', { name: 'Reset two-step sign-in' }).waitFor({ state: 'detached' });
    expect(await services.twoFactor.isEnabled(login.userId)).toBe(false);
    const [entry] = (
      await services.audit.search({
        merchantId: m.merchantId,
        action: 'two_factor.reset',
        page: 1,
        pageSize: 5,
      })
    ).items;
    expect(entry).toMatchObject({
      actor_label: admin,
      note: 'lost phone, called back on the number on file',
    });
    expect(wp.problems).toEqual([]);
  });
});
