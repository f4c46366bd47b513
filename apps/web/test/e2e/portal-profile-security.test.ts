/**
 * Profile and Security in a real browser, on both databases: the profile and bank account are
 * validated, saved and shown back (the account number only as its last 4); the account's
 * sessions are listed and another is signed out; a password change
 * ends every other session and the old password, and leaves this one signed in.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../server/test/helpers/databases.ts';
import { axeAtBothWidths, settled, signInPortal, useE2E } from '../helpers/fixture.ts';

describeEachDatabase('portal profile and security', (database) => {
  const e2e = useE2E(database);

  it('edits the profile and the bank account: bad input named and not saved, the number shown masked; both pages pass axe', async () => {
    const m = await e2e.server.createMerchant();
    const wp = await e2e.open();
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
    await settled(page);

    const info = page.getByRole('form', { name: 'Merchant information' });
    await info.getByLabel('Company name').fill('Harbour Goods Ltd');
    await info.getByLabel('Contact person').fill('Grace Hopper');
    await info.getByLabel('Phone').fill('+44 20 7946 0018');
    await info.getByLabel('Address').fill('1 Dock Road, Bristol');
    await info.getByLabel('Country code').fill('Britain');
    await info.getByRole('button', { name: 'Save profile' }).click();
    await info.getByText('must be a 2-letter country code like US').waitFor();
    await info.getByLabel('Country code').fill('gb');
    await info.getByRole('button', { name: 'Save profile' }).click();
    await info.getByText('Profile saved.').waitFor();
    // Saved, the form shows what was stored, as a reload would (below): not 'gb' as typed.
    await expect(info.getByLabel('Country code').inputValue()).resolves.toBe('GB');

    const number = 'GB29 NWBK 6016 1331 9268 19';
    const bank = page.getByRole('form', { name: 'Bank account' });
    await bank.getByLabel('Account holder').fill('Harbour Goods Ltd');
    await bank.getByLabel('Bank name').fill('NatWest');
    await bank.getByLabel('Account number').fill(number);
    await bank.getByLabel('SWIFT/BIC or routing code').fill('NWB');
    await bank.getByRole('button', { name: 'Save bank account' }).click();
    await bank.getByText(/must be a SWIFT\/BIC code/).waitFor();
    await bank.getByLabel('SWIFT/BIC or routing code').fill('nwbk gb 2l');
    await bank.getByRole('button', { name: 'Save bank account' }).click();
    await page.getByText('Bank account saved.').waitFor();

    // What the server stored, read back after a reload: the profile as typed (country upper-cased),
    // the bank account with its number as the last 4 only, the full number nowhere on the page.
    await page.reload();
    await settled(page);
    await expect(page.getByLabel('Country code').inputValue()).resolves.toBe('GB');
    await expect(page.getByLabel('Company name').inputValue()).resolves.toBe('Harbour Goods Ltd');
    const bankCard = page.getByRole('region', { name: 'Bank account' });
    const shown = await bankCard.innerText();
    expect(shown).toContain('••••6819');
    expect(shown).toContain('NWBKGB2L');
    // Nowhere else on the page either, whole or in part: no 8 characters in a row of it, spaces or
    // not. (Not 4: the page holds random digits, react-aria's 10-digit ids and the merchant ID, and
    // a run once found '9268' among them.)
    const compact = (await page.content()).replace(/\s+/g, '');
    const digits = number.replace(/\s+/g, '');
    for (let at = 0; at + 8 <= digits.length; at++) expect(compact).not.toContain(digits.slice(at, at + 8));

    const found = {
      ...(await axeAtBothWidths(wp, '/profile')),
      ...(await axeAtBothWidths(wp, '/security')),
    };
    expect(found).toEqual({});
    expect(wp.problems).toEqual([]);
  });

  it('lists where the account is signed in, this browser marked, and signs another out; the page passes axe', async () => {
    const m = await e2e.server.createMerchant();
    const here = await e2e.open();
    const elsewhere = await e2e.open();
    await signInPortal(elsewhere.page, m.email, m.password);
    await signInPortal(here.page, m.email, m.password);
    const { page } = here;
    await page.goto('/security');
    const table = page.getByRole('region', { name: 'Where you are signed in' });
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    // Newest first: this browser (headless Chromium on Linux), then the other one.
    expect(await rows.nth(0).innerText()).toMatch(/Chrom.*Linux[\s\S]*127\.0\.0\.1[\s\S]*This browser/);
    await rows
      .nth(1)
      .getByRole('button', { name: /^Sign out Chrom.*, signed in / })
      .click();
    await page.getByText('Signed out. That browser must sign in again.').waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    await elsewhere.page.goto('/profile');
    await elsewhere.page.waitForURL(/\/sign-in\?next=%2Fprofile$/);
    expect(await axeAtBothWidths(here, '/security')).toEqual({});
    expect([...here.problems, ...elsewhere.problems]).toEqual([]);
  });

  it('changing the password ends the other session and the old password; this session stays', async () => {
    const m = await e2e.server.createMerchant();
    const here = await e2e.open();
    const elsewhere = await e2e.open();
    await signInPortal(here.page, m.email, m.password);
    await signInPortal(elsewhere.page, m.email, m.password);
    const { page } = here;
    await page.goto('/security');
    await settled(page);

    const form = page.getByRole('form', { name: 'Change password' });
    const newPassword = 'a much longer passphrase 7';
    await form.getByLabel('Current password').fill(m.password);
    await form.getByLabel('New password', { exact: true }).fill('short');
    await form.getByLabel('Confirm new password').fill('short');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form
      .getByText(/at least 12 characters/)
      .first()
      .waitFor();
    await form.getByLabel('New password', { exact: true }).fill(newPassword);
    await form.getByLabel('Confirm new password').fill(newPassword);
    await form.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. Your other sessions are signed out.').waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await elsewhere.page.goto('/profile');
    await elsewhere.page.waitForURL(/\/sign-in\?next=%2Fprofile$/);

    const fresh = await e2e.open();
    await fresh.page.goto('/sign-in');
    await fresh.page.getByLabel('E-mail').fill(m.email);
    await fresh.page.getByLabel('Password').fill(m.password);
    await fresh.page.getByRole('button', { name: 'Sign in' }).click();
    await fresh.page.getByText('That e-mail and password do not match an account.').waitFor();
    await signInPortal(fresh.page, m.email, newPassword);
    expect([...here.problems, ...elsewhere.problems, ...fresh.problems]).toEqual([]);
  });
});
