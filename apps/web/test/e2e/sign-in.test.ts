/**
 * Signing in and out of the portal in a real browser, on both databases: the guard, wrong
 * passwords in words, a lockout in words (and a reset ending it), the session surviving a reload, sign-out, and the sign-in page's a11y.
 */
import { expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../server/src/modules/audit/audit.service.ts';
import { SIGN_IN_LIMITS } from '../../../server/src/modules/sessions/sessions.throttle.ts';
import { describeEachDatabase } from '../../../server/test/helpers/databases.ts';
import { OPERATOR_PASSWORD, operatorClient } from '../../../server/test/helpers/web-client.ts';
import { axeAtBothWidths, hasFocus, signInConsole, signInPortal, useE2E } from '../helpers/fixture.ts';

describeEachDatabase('portal sign-in', (database) => {
  const e2e = useE2E(database);

  it('sends a signed-out visitor to sign-in and back where they were going', async () => {
    const m = await e2e.server.createMerchant({ creditLimit: '500.00' });
    const { page, problems } = await e2e.open();
    await page.goto('/transactions?type=order');
    await page.waitForURL(/\/sign-in\?next=/);
    expect(new URL(page.url()).searchParams.get('next')).toBe('/transactions?type=order');

    await page.getByLabel('E-mail').fill(m.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('do not match');

    await page.getByLabel('Password').fill(m.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/transactions\?type=order$/);
    await page.getByRole('heading', { level: 1, name: 'Transaction history' }).waitFor();

    // The session is a cookie the page cannot read, and it survives a reload.
    expect(await page.evaluate('document.cookie')).not.toMatch(/tp_portal/);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Transaction history' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('signs out, and the portal is closed again; no console error or warning on the way', async () => {
    const m = await e2e.server.createMerchant();
    const { page, problems, consoleErrors, consoleWarnings } = await e2e.open();
    // A read still in flight when the session ends: the dashboard's, held until the server has
    // ended the session, and answered (if it still goes out) before the sign-out's own answer
    // reaches the page. The page aborts it at the click rather than let it come back 401, which
    // the browser logs.
    const isDashboard = (url: URL) => url.pathname === '/portal/api/dashboard';
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(isDashboard, async (route) => {
      await released;
      await route.continue().catch(() => undefined);
    });
    await page.route(
      (url) => url.pathname === '/portal/api/session',
      async (route) => {
        if (route.request().method() !== 'DELETE') return route.fallback();
        const ended = await route.fetch();
        const answered = page.waitForResponse((r) => isDashboard(new URL(r.url())), { timeout: 2_000 });
        release();
        await answered.catch(() => undefined);
        await route.fulfill({ response: ended });
      },
    );
    await signInPortal(page, m.email, m.password);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    await page.goto('/');
    await page.waitForURL(/\/sign-in\?next=%2F$/);
    // A visitor's "who am I" is an answer (null), not a 401 the browser logs; the first page's
    // lazy chunk loads behind a HydrateFallback, so React Router has nothing to warn about.
    await page.goto('/admin');
    await page.waitForURL(/\/admin\/sign-in\?next=%2Fadmin$/);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect({ problems, consoleErrors, consoleWarnings }).toEqual({
      problems: [],
      consoleErrors: [],
      consoleWarnings: [],
    });
  });

  it('a locked-out operator is told for how long and how to get in sooner; a reset as the CLI does lets them in at once', async () => {
    const email = `locked-${Date.now()}@ops.example`;
    const operator = await e2e.server.services.operators.create({ email, password: 'operator password 1' });
    const m = await e2e.server.createMerchant();
    const failSignIn = async (area: 'admin' | 'portal', login: string, password: string) => {
      const r = await fetch(`${e2e.server.url}/${area}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: login, password }),
      });
      expect(r.status).toBe(401);
    };
    for (let i = 0; i < SIGN_IN_LIMITS.accountAndAddress; i++) {
      await failSignIn('admin', email, `wrong ${i}`);
      await failSignIn('portal', m.email, `wrong ${i}`);
    }

    // Another admin sees why: on the Team page and on the merchant's page, held until when, and
    // that a reset ends it.
    const admin = await operatorClient(e2e.server, 'admin');
    const other = await e2e.open();
    await signInConsole(other.page, admin.email, OPERATOR_PASSWORD);
    await other.page.goto('/admin/team');
    const row = other.page.getByRole('row').filter({ hasText: email });
    await row.getByText(/^Sign-in held until /).waitFor();
    await other.page.goto(`/admin/merchants/${m.merchantId}`);
    await other.page.getByText(/^5 in the last 15 minutes, the latest /).waitFor();
    await other.page
      .getByText(/^Sign-in is held until .*; resetting the password lets them in at once\.$/)
      .waitFor();
    const { page } = await e2e.open();
    await page.goto('/admin/sign-in');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill('operator password 1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      'Too many failed sign-ins. Try again in about 15 minutes, or ask another admin to reset your ' +
        'password (on the server: npx tradepost operator reset-password --email …).',
    );

    const reset = await e2e.server.services.operators.resetPassword(operator.operatorId, {
      actor: SYSTEM_ACTOR,
    });
    await page.getByLabel('Password').fill(reset.temporaryPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin\/security$/);
  });

  it('an empty sign-in is refused on its fields in the page’s language, as every other form does', async () => {
    const { page, problems } = await e2e.open();
    const posts: string[] = [];
    page.on('request', (r) => void (r.method() === 'POST' && posts.push(r.url())));
    await page.goto('/sign-in');
    await page.getByRole('button', { name: /Language/ }).click();
    await page.getByRole('option', { name: '简体中文' }).click();
    await page.getByRole('button', { name: '登录' }).click();
    // Not the browser's own bubble ("Please fill out this field.", in the browser's language).
    for (const label of ['电子邮箱', '密码']) {
      const field = page.getByLabel(label, { exact: true });
      await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
      const messages = await Promise.all(
        describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).innerText()),
      );
      expect(messages, label).toContain('此项为必填项');
    }
    // Focus moves off the submit button to the first field refused, so its label, state and
    // message are read out (nothing was said before).
    expect(await hasFocus(page.getByLabel('电子邮箱', { exact: true }))).toBe(true);
    expect(posts).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('the focus ring and a dropdown’s focused option stand out: at least 3:1 against the page and white', async () => {
    const { page } = await e2e.open();
    await page.goto('/sign-in');
    await page.getByLabel('E-mail').waitFor();
    // The relative luminance of an `rgb(r, g, b)` colour, and the contrast ratio of two (WCAG 2).
    const lum = (rgb: string) => {
      const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const ratio = (a: string, b: string) => {
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
      return (hi! + 0.05) / (lo! + 0.05);
    };
    const ring = async (target: ReturnType<typeof page.locator>) =>
      (await target.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).boxShadow)).match(
        /rgba?\([^)]*\)/,
      )?.[0] ?? 'none';
    const email = page.getByLabel('E-mail');
    await email.focus();
    const color = await ring(email);
    expect(ratio(color, 'rgb(255, 255, 255)')).toBeGreaterThanOrEqual(3);
    expect(ratio(color, 'rgb(246, 247, 249)')).toBeGreaterThanOrEqual(3);
    // The language dropdown's focused option: ringed in the same colour, not only tinted.
    await page.getByRole('button', { name: /Language/ }).focus();
    await page.keyboard.press('ArrowDown');
    const option = page.locator('.listbox-item[data-focused]');
    await option.waitFor();
    expect(ratio(await ring(option), 'rgb(234, 241, 255)')).toBeGreaterThanOrEqual(3);
  });

  it('the sign-in pages pass axe at 1280 px and 390 px', async () => {
    const wp = await e2e.open();
    const found = {
      ...(await axeAtBothWidths(wp, '/sign-in')),
      ...(await axeAtBothWidths(wp, '/admin/sign-in')),
    };
    expect(found).toEqual({});
  });
});
