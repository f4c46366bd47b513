/**
 * An admin corrects a merchant's details in the console, in a real browser on a phone's width
 * (390 px), on both databases: the profile by the portal's rules (a bad value named at its field),
 * the login e-mail after a confirmation (another merchant's refused at the field), the bank
 * account shown masked; the merchant then signs in with the new e-mail and reads the new name,
 * and the audit log names the change. Support sees no Edit.
 */
import { expect, it } from 'vitest';
import { uid } from '../../../server/test/helpers/factories.ts';
import { OPERATOR_PASSWORD } from '../../../server/test/helpers/web-client.ts';
import { describeEachDatabase } from '../../../server/test/helpers/databases.ts';
import { axeViolations } from '../helpers/axe.ts';
import { PHONE } from '../helpers/browser.ts';
import { settled, sidewaysScroll, signInConsole, signInPortal, useE2E } from '../helpers/fixture.ts';

describeEachDatabase('editing a merchant in the console', (database) => {
  const e2e = useE2E(database);

  it('edit on a phone and see it; the merchant signs in with the new e-mail', async () => {
    const { server } = e2e;
    const [m, other] = [await server.createMerchant(), await server.createMerchant()];
    const admin = `admin-${uid()}@ops.example`;
    await server.services.operators.create({ email: admin, password: OPERATOR_PASSWORD, role: 'admin' });
    const { page } = await e2e.open();
    await signInConsole(page, admin, OPERATOR_PASSWORD);
    // (Signed in at the desktop width, where the main navigation is shown: the fixture waits for it.)
    await page.setViewportSize(PHONE);
    await page.goto(`/admin/merchants/${encodeURIComponent(m.merchantId)}`);
    await settled(page);
    await page.getByRole('button', { name: 'Edit details' }).click();

    const info = page.getByRole('form', { name: 'Merchant information' });
    await info.getByLabel('Company name').fill('Harbour Goods Ltd');
    await info.getByLabel('Country code').fill('Britain');
    await info.getByRole('button', { name: 'Save profile' }).click();
    await info.getByText('must be a 2-letter country code like US').waitFor();
    await info.getByLabel('Country code').fill('gb');
    await info.getByLabel('Phone').fill('+44 20 7946 0018');
    await info.getByRole('button', { name: 'Save profile' }).click();
    await info.getByText('Profile saved.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Harbour Goods Ltd' }).waitFor();

    const emailForm = page.getByRole('form', { name: 'Login e-mail' });
    const emailField = emailForm.getByRole('textbox', { name: 'Login e-mail' });
    const change = async (email: string) => {
      await emailField.fill(email);
      await emailForm.getByRole('button', { name: 'Change login e-mail' }).click();
      const dialog = page.getByRole('alertdialog', { name: 'Change login e-mail' });
      await dialog.getByText(/Their sessions end/).waitFor();
      await dialog.getByRole('button', { name: 'Change login e-mail' }).click();
    };
    await change(other.email);
    await emailForm.getByText('already registered').waitFor();
    expect(await emailField.getAttribute('aria-invalid')).toBe('true');
    const next = `harbour-${uid()}@example.com`;
    await change(`  ${next.toUpperCase()} `);
    await emailForm.getByText('Login e-mail changed. The merchant was signed out.').waitFor();
    await expect(emailField.inputValue()).resolves.toBe(next);
    await page.getByRole('region', { name: 'Account' }).getByText(next).waitFor();

    const bank = page.getByRole('form', { name: 'Bank account' });
    await bank.getByLabel('Account holder').fill('Harbour Goods Ltd');
    await bank.getByLabel('Bank name').fill('NatWest');
    await bank.getByLabel('Account number').fill('GB29 NWBK 6016 1331 9268 19');
    await bank.getByLabel('SWIFT/BIC or routing code').fill('NWBKGB2L');
    await bank.getByRole('button', { name: 'Save bank account' }).click();
    await page.getByText('Bank account saved.').waitFor();
    await page.getByRole('region', { name: 'Bank account' }).getByText('••••6819').waitFor();
    expect(await page.content()).not.toContain('GB29NWBK60161331926819');

    // Nothing scrolls the page sideways at 390 px, and the open forms pass axe.
    expect(await sidewaysScroll(page)).toBe(0);
    if (database.name === 'sqlite') expect(await axeViolations(page)).toEqual([]);

    // The audit log names the change, the addresses masked.
    await page.goto('/admin/audit?action=merchant.email_changed');
    await settled(page);
    const row = page.getByRole('row').filter({ hasText: 'Login e-mail changed' }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain('h•••@example.com');

    // The merchant signs in with the new e-mail (the old one is refused) and reads the new name.
    const merchant = (await e2e.open()).page;
    await merchant.goto('/sign-in');
    await merchant.getByLabel('E-mail').fill(m.email);
    await merchant.getByLabel('Password').fill(m.password);
    await merchant.getByRole('button', { name: 'Sign in' }).click();
    await merchant
      .getByRole('alert')
      .getByText(/do not match/)
      .waitFor();
    await signInPortal(merchant, next, m.password);
    await merchant.goto('/profile');
    await settled(merchant);
    await expect(merchant.getByLabel('Company name').inputValue()).resolves.toBe('Harbour Goods Ltd');
  }, 180_000);

  it('support sees the details but no Edit', async () => {
    const { server } = e2e;
    const m = await server.createMerchant();
    const support = `support-${uid()}@ops.example`;
    await server.services.operators.create({ email: support, password: OPERATOR_PASSWORD, role: 'support' });
    const { page } = await e2e.open();
    await signInConsole(page, support, OPERATOR_PASSWORD);
    await page.goto(`/admin/merchants/${encodeURIComponent(m.merchantId)}`);
    await settled(page);
    await page.getByRole('region', { name: 'Account' }).getByText(m.email).waitFor();
    expect(await page.getByRole('button', { name: 'Edit details' }).count()).toBe(0);
  }, 60_000);
});
