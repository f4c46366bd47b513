/**
 * API access in a real browser, on both databases: every secret is read from the dialog that shows
 * it once, used against the real door it opens (B-End through the SDK, the Action API, WallTech),
 * and afterwards found nowhere: not on any page, not in the browser's storage. Regenerating and
 * revoking stop the old credential at once; a change without the CSRF token changes nothing.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { callAction } from '../../../server/test/action/action-http.ts';
import { describeEachDatabase } from '../../../server/test/helpers/databases.ts';
import { walltech } from '../../../server/test/walltech/walltech-http.ts';
import { axeViolations } from '../helpers/axe.ts';
import { PHONE } from '../helpers/browser.ts';
import {
  axeAtBothWidths,
  bendClient,
  PORTAL_PAGES,
  hasFocus,
  settled,
  signInPortal,
  useE2E,
} from '../helpers/fixture.ts';

/** Reads the values of the open secrets dialog, then confirms and closes it. */
async function takeSecrets<K extends string>(page: Page, labels: readonly K[]): Promise<Record<K, string>> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const out = {} as Record<K, string>;
  for (const label of labels) out[label] = await dialog.getByLabel(label, { exact: true }).inputValue();
  const done = dialog.getByRole('button', { name: 'Done' });
  expect(await done.isDisabled()).toBe(true); // not before saying they are saved
  await dialog.getByText(`I have saved ${labels.length === 1 ? 'it' : 'them'} somewhere safe`).click();
  await done.click();
  await dialog.waitFor({ state: 'detached' });
  return out;
}

/** Everything the page holds that a person or a script could read: markup, field values, storage. */
const pageDump = (page: Page) =>
  page.evaluate(`[
    document.documentElement.outerHTML,
    ...Array.from(document.querySelectorAll('input, textarea'), (e) => e.value),
    JSON.stringify(Object.entries(localStorage)),
    JSON.stringify(Object.entries(sessionStorage)),
    document.cookie,
  ].join('\\n')`) as Promise<string>;

describeEachDatabase('portal API access', (database) => {
  const e2e = useE2E(database);

  it('creates an App whose keys, read from the dialog, call the B-End API; then the keys are on no page and in no storage', async () => {
    const m = await e2e.server.createMerchant({ creditLimit: '750.00' });
    const wp = await e2e.open();
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API access' }).click();
    await settled(page);
    // Three kinds of credential side by side: the page first says which one to take.
    const which = page.getByRole('region', { name: 'Which one do I need?' });
    await which.waitFor();
    expect(await which.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^Building a new integration: create an App \(B-End API\)/),
      expect.stringMatching(/SellerCenter Action API .*: generate the API key\.$/),
      expect.stringMatching(/WallTech-style .*: create an API token\.$/),
    ]);

    await page.getByLabel('App name').fill('Warehouse sync');
    await page.getByRole('button', { name: 'Create App' }).click();
    await page.getByRole('dialog').waitFor();
    // The dialog itself is accessible, and its copy button puts the exact value on the clipboard.
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Copy Sign Key' }).click();
    await page.getByText('Copied').waitFor();
    const copied = (await page.evaluate('navigator.clipboard.readText()')) as string;
    const keys = await takeSecrets(page, ['App ID', 'Secret Key', 'Sign Key']);
    expect(copied).toBe(keys['Sign Key']);

    const sdk = bendClient(e2e.server, {
      app_id: keys['App ID'],
      secret_key: keys['Secret Key'],
      sign_key: keys['Sign Key'],
    });
    await expect(sdk.credit.retrieve()).resolves.toMatchObject({ credit_limit: '750.00' });
    const row = page.getByRole('row', { name: /Warehouse sync/ });
    await expect(row.textContent()).resolves.toContain(keys['App ID']);

    // Disable stops the merchant's system: it asks first, and Cancel changes nothing.
    await page.getByRole('button', { name: 'Disable Warehouse sync' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Disable this App?' });
    await confirm.getByText(`Requests signed with the keys of Warehouse sync (${keys['App ID']})`).waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect(sdk.credit.retrieve()).resolves.toMatchObject({ credit_limit: '750.00' });
    await page.getByRole('button', { name: 'Disable Warehouse sync' }).click();
    await confirm.getByRole('button', { name: 'Disable now' }).click();
    await page.getByText('Warehouse sync is disabled: its requests are refused.').waitFor();
    await expect(sdk.credit.retrieve()).rejects.toThrow();
    // Enabling harms nothing: one press.
    await page.getByRole('button', { name: 'Enable Warehouse sync' }).click();
    await page.getByText('Warehouse sync is enabled.').waitFor();
    await expect(sdk.credit.retrieve()).resolves.toMatchObject({ credit_limit: '750.00' });

    // Walk every page in the same running app (its memory is where a leak would live), then reload.
    const secrets = [keys['Secret Key'], keys['Sign Key']];
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [path, title] of [...PORTAL_PAGES, PORTAL_PAGES[5]]) {
      await nav.locator(`a[href="${path}"]`).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await settled(page);
      const dump = await pageDump(page);
      for (const s of secrets) expect(dump.includes(s), `${s} on ${path}`).toBe(false);
    }
    // The docs page lists the merchant's App IDs (never a secret).
    await page.goto('/api-docs');
    await settled(page);
    await page.getByText(keys['App ID']).first().waitFor();
    const dump = await pageDump(page);
    for (const s of secrets) expect(dump.includes(s)).toBe(false);
    // The example's Run: line names this server's base URL (the Base URL block's), not the default port.
    const example = await page.locator('section#bend').getByRole('tabpanel').innerText();
    expect(example).toContain(`TRADEPOST_BASE_URL=${e2e.server.url}/api/v1 `);
    expect(example).not.toContain(':8080');
    // So do the guides' code blocks (an Action API curl, a token client's fallback), and they name
    // the merchant's own e-mail where they name a user (UserID, --email)…
    for (const door of ['action-api', 'tokens']) {
      const code = (await page.locator(`#${door} pre`).allInnerTexts()).join('\n');
      expect(code, door).toContain(`${e2e.server.url}/api/v1`);
      expect(code, door).not.toContain(':8080');
      expect(code, door).toContain(`--email ${m.email}`);
      expect(code, door).not.toContain('buyer@acme.test');
    }
    expect(await page.locator('#action-api pre').allInnerTexts()).toContainEqual(
      expect.stringContaining(`USER_ID, API_KEY = '${m.email}'`),
    );
    // The curl's UserID too, URL-encoded as its query needs it; and the page says which UserID is
    // the reader's, and where credentials are made.
    expect(await page.locator('#action-api pre').allInnerTexts()).toContainEqual(
      expect.stringContaining(`USER=${encodeURIComponent(m.email)}`),
    );
    expect(await page.getByLabel('Action API UserID (your login e-mail)', { exact: true }).innerText()).toBe(
      m.email,
    );
    expect(await page.getByRole('link', { name: /under API access/ }).getAttribute('href')).toBe(
      '/api-access',
    );
    // …while the prose still says what the default is.
    await page.locator('#bend').getByText('http://127.0.0.1:8080/api/v1', { exact: true }).first().waitFor();
    expect(wp.problems).toEqual([]);
  }, 120_000); // every portal page and the API docs (four guides, four sets of runnable files)

  it('regenerating the API key stops the old one at the Action API; a token works until revoked', async () => {
    const m = await e2e.server.createMerchant();
    const wp = await e2e.open();
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    await page.goto('/api-access');
    await settled(page);
    // No key yet reads as the Apps and tokens sections' empty states do.
    expect(await page.locator('.state-empty').allInnerTexts()).toEqual(['No API key yet.', 'No tokens yet.']);

    await page.getByRole('button', { name: 'Generate API key' }).click();
    const first = await takeSecrets(page, ['User ID', 'API key']);
    const key1 = { user_id: first['User ID'], api_key: first['API key'] };
    expect((await callAction(e2e.server.url, key1, 'GetCredit')).error).toBeUndefined();

    await page.getByRole('button', { name: 'Regenerate API key' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('Your current API key stops working at once.').waitFor();
    await confirm.getByRole('button', { name: 'Regenerate; the old key stops working' }).click();
    const second = await takeSecrets(page, ['User ID', 'API key']);
    const key2 = { user_id: second['User ID'], api_key: second['API key'] };
    expect(key2.api_key).not.toBe(key1.api_key);
    const old = await callAction(e2e.server.url, key1, 'GetCredit');
    expect(old.error).toMatchObject({ ErrorCode: '7' });
    expect((await callAction(e2e.server.url, key2, 'GetCredit')).error).toBeUndefined();

    await page.getByLabel('Token name').fill('reporting box');
    await page.getByRole('button', { name: 'Create token' }).click();
    const tok = await takeSecrets(page, ['Token', 'Secret']);
    const cred = { token: tok.Token, secret_key: tok.Secret };
    const credit = `${e2e.server.url}/api/v1/credit`;
    expect((await walltech(credit, cred)).body.code).toBe(0);
    await page.getByRole('button', { name: 'Revoke reporting box' }).click();
    await page.getByRole('button', { name: 'Revoke now' }).click();
    await page.getByText('Token reporting box is revoked.').waitFor();
    // The list refetches after the notice: wait for the row itself to say so.
    await page
      .getByRole('row', { name: /reporting box/ })
      .filter({ hasText: 'Revoked' })
      .waitFor();
    // The Revoke button that had focus is gone: focus is on the notice, not left on <body>.
    expect(await hasFocus(page.getByText('Token reporting box is revoked.'))).toBe(true);
    const refused = await walltech(credit, cred);
    expect([refused.status, refused.body.code]).toEqual([403, 1003]);

    // The name is checked before anything is sent; a read-only token says so in the list.
    const tokenForm = page.getByRole('form', { name: 'Create token' });
    const tokenName = tokenForm.getByLabel('Token name');
    await tokenName.fill('x'.repeat(101));
    await page.getByRole('button', { name: 'Create token' }).click();
    await tokenForm.getByText('must be at most 100 characters').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await tokenName.fill('read box');
    await tokenForm.getByText('Read-only (cannot place or cancel orders)').click();
    await page.getByRole('button', { name: 'Create token' }).click();
    await takeSecrets(page, ['Token', 'Secret']);
    await expect(tokenName.inputValue()).resolves.toBe('');
    await page
      .getByRole('row', { name: /read box/ })
      .filter({ hasText: 'Read-only' })
      .waitFor();

    const dump = await pageDump(page);
    for (const s of [key1.api_key, key2.api_key, cred.secret_key]) expect(dump.includes(s)).toBe(false);
    expect(wp.problems).toEqual([]);
  });

  it('a double-click on Create App, Create token or Generate API key sends one request: one credential, its secret shown', async () => {
    const m = await e2e.server.createMerchant();
    const wp = await e2e.open();
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    await page.goto('/api-access');
    await settled(page);
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
    });
    const api = wp.context.request;
    const named = async (what: 'apps' | 'tokens', name: string) =>
      (
        (await (await api.get(`${e2e.server.url}/portal/api/${what}`)).json()) as {
          items: { name: string }[];
        }
      ).items.filter((c) => c.name === name);

    await page.getByLabel('App name').fill('Twice');
    await page.getByRole('button', { name: 'Create App' }).dblclick();
    await takeSecrets(page, ['App ID', 'Secret Key', 'Sign Key']);
    await page.getByLabel('Token name').fill('Twice');
    await page.getByRole('button', { name: 'Create token' }).dblclick();
    await takeSecrets(page, ['Token', 'Secret']);
    await page.getByRole('button', { name: 'Generate API key' }).dblclick();
    await takeSecrets(page, ['User ID', 'API key']);

    expect(await named('apps', 'Twice')).toHaveLength(1);
    expect(await named('tokens', 'Twice')).toHaveLength(1);
    expect(posts).toEqual(['/portal/api/apps', '/portal/api/tokens', '/portal/api/api-key']);
    expect(wp.problems).toEqual([]);
  });

  it('the API documentation covers every door at its anchor, and the Webhooks and API access pages link there', async () => {
    const m = await e2e.server.createMerchant();
    const wp = await e2e.open();
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    /** The section `id` is on the page and scrolled into the viewport. */
    const landedOn = async (id: string) => {
      await page.waitForURL((u) => u.pathname === '/api-docs' && u.hash === `#${id}`);
      await expect
        .poll(
          () =>
            page.evaluate(
              `Math.abs(document.getElementById('${id}')?.getBoundingClientRect().top ?? innerHeight) < innerHeight / 2`,
            ),
          { timeout: 15_000 },
        )
        .toBe(true);
    };

    // The Webhooks page's hint lands on the webhooks section: events, verifying the signature, retries, rolling.
    await page.goto('/webhooks');
    await settled(page);
    await page.getByRole('link', { name: /^Webhooks in the API documentation/ }).click();
    await landedOn('webhooks');
    const webhooks = await page.locator('section#webhooks').innerText();
    for (const text of [
      'order.shipped',
      'Tradepost-Signature',
      'whsec_',
      'retried',
      'Roll secret',
      'credit.low',
    ])
      expect(webhooks).toContain(text);

    // Each API access card links to its door.
    for (const [name, id] of [
      ['B-End API documentation', 'bend'],
      ['Action API documentation', 'action-api'],
      ['API token documentation (WallTech signing)', 'tokens'],
    ] as const) {
      await page.goto('/api-access');
      await settled(page);
      await page.getByRole('link', { name, exact: true }).click();
      await landedOn(id);
    }

    // Every door is a section with its translated heading; every link inside the page has its target.
    for (const [id, title] of [
      ['bend', 'B-End API'],
      ['action-api', 'Action API'],
      ['tokens', 'API tokens (WallTech)'],
      ['webhooks', 'Webhooks'],
    ] as const) {
      await page
        .locator(`section#${id}`)
        .getByRole('heading', { level: 2, name: title, exact: true })
        .waitFor();
      await page.getByRole('navigation', { name: 'Contents' }).locator(`a[href="#${id}"]`).waitFor();
    }
    const dangling = await page.evaluate(`Array.from(document.querySelectorAll('main a[href^="#"]'))
      .map((a) => a.getAttribute('href')).filter((h) => !document.getElementById(h.slice(1)))`);
    expect(dangling).toEqual([]);
    // The guides' raw HTML (comments, <details>) is neither rendered nor shown as text.
    const main = await page.locator('main').innerText();
    expect(main).not.toContain('<!--');
    expect(main).not.toContain('<details>');
    expect(await page.locator('main details, main script, main [style]').count()).toBe(0);

    // The standard response: the envelope with app_id, its data holding {code, message, data}.
    const standard = await page.locator('pre[aria-label="B-End API: Standard response"]').innerText();
    expect(standard).toMatch(
      /"app_id": "app_[\s\S]*"data": "[\s\S]*"sign": "[\s\S]*"code": 0,[\s\S]*"message": "success",[\s\S]*"data": \{/,
    );

    // Every block of code has its Copy button, copying it as shown (this server's base URL in it):
    // the Action API's curl lines, and a whole runnable client, hundreds of lines in a box that
    // scrolls, which no one should have to select by dragging.
    const clipboard = () => page.evaluate('navigator.clipboard.readText()') as Promise<string>;
    const baseUrl = await page.locator('pre[aria-label="Base URL"]').innerText();
    expect(baseUrl).toBe(`${e2e.server.url}/api/v1`);
    await page.getByRole('button', { name: 'Copy Action API: curl', exact: true }).click();
    await expect.poll(clipboard).toMatch(/^KEY=…; USER=/);
    expect(await clipboard()).toContain(`BASE=\${TRADEPOST_BASE_URL:-${baseUrl}}`);
    const bend = page.locator('section#bend');
    await bend.getByRole('tab', { name: 'Python', exact: true }).click();
    const python = 'docs/examples/bend/python/bend_example.py';
    await bend.getByRole('button', { name: `Copy ${python}`, exact: true }).click();
    const file = await readFile(new URL(`../../../../${python}`, import.meta.url), 'utf8');
    await expect.poll(clipboard).toBe(file.replaceAll('http://127.0.0.1:8080/api/v1', baseUrl));

    // A GET's parameters are listed, how they travel, and each code's HTTP status.
    const endpoints = page.getByRole('region', { name: 'B-End API: Endpoints', exact: true });
    const products = await endpoints.getByRole('row').filter({ hasText: 'GET/products' }).first().innerText();
    for (const p of ['page', 'page_size', 'keyword', 'category']) expect(products).toContain(p);
    const orders = await endpoints.getByRole('row').filter({ hasText: '/orders (v1.1)' }).first().innerText();
    for (const p of ['status', 'created_from', 'created_to', 'batch_no']) expect(orders).toContain(p);
    expect(await page.locator('section#bend').innerText()).toContain('?data=');
    const codes = page.getByRole('region', { name: 'B-End API: Verification order and response codes' });
    await expect(
      codes.getByRole('row').filter({ hasText: 'Duplicate order' }).innerText(),
    ).resolves.toContain('409');
    // The examples say what they do.
    await page
      .getByRole('heading', {
        name: 'Runnable examples: list products, place an order, repeat it (2002), cancel it',
      })
      .waitFor();
    // The webhooks guide's receivers are on the page, not named as files the portal does not serve.
    const hooks = page.locator('section#webhooks');
    await hooks
      .getByRole('heading', { name: 'Runnable receivers: verify every delivery, dedupe on the event id' })
      .waitFor();
    await hooks.getByRole('tab', { name: 'Go', exact: true }).click();
    const goReceiver = await hooks.getByRole('tabpanel').innerText();
    expect(goReceiver).toContain('docs/examples/webhooks/go/main.go');
    expect(goReceiver).toContain('Tradepost-Signature');
    // Every set of files in the same language tabs, in the same order.
    const tabs = ['TypeScript / Node.js', 'Python', 'Java', 'Go', 'PHP'];
    expect(await hooks.getByRole('tab').allInnerTexts()).toEqual(tabs);

    // The Action API's and the API tokens' clients: a tab shows its file, its Copy button names it
    // and copies it with this server's base URL in its Run: line.
    for (const [id, tab, path] of [
      ['action-api', 'Go', 'docs/examples/action/go/main.go'],
      ['tokens', 'Java', 'docs/examples/tokens/java/TokenExample.java'],
    ] as const) {
      const door = page.locator(`section#${id}`);
      await door
        .getByRole('heading', {
          name: 'Runnable clients: read your credit, list products, place an order, read it back',
        })
        .waitFor();
      expect(await door.getByRole('tab').allInnerTexts()).toEqual(tabs);
      await door.getByRole('tab', { name: tab, exact: true }).click();
      expect(await door.getByRole('tabpanel').innerText()).toContain(path);
      await door.getByRole('button', { name: `Copy ${path}`, exact: true }).click();
      const client = await readFile(new URL(`../../../../${path}`, import.meta.url), 'utf8');
      await expect
        .poll(clipboard)
        .toBe(
          client.replaceAll('http://127.0.0.1:8080/api/v1', baseUrl).replaceAll('buyer@acme.test', m.email),
        );
      expect(await clipboard()).toContain(`TRADEPOST_BASE_URL=${baseUrl} `);
    }
    // The Action API client's Run: line names the reader's own UserID.
    await page.locator('section#action-api').getByRole('tab', { name: 'Go', exact: true }).click();
    expect(await page.locator('section#action-api').getByRole('tabpanel').innerText()).toContain(
      `TRADEPOST_USER_ID=${m.email} `,
    );

    // In 简体中文 the page's headings are Chinese, and one line says the reference is English.
    // A fresh load (not a jump within the page), which also lands on the anchor from the address bar.
    await page.evaluate(`localStorage.setItem('tradepost.language', 'zh-CN')`);
    await page.goto('/');
    await page.goto('/api-docs#tokens');
    await settled(page);
    await page.getByRole('heading', { level: 2, name: 'API 令牌（WallTech）' }).waitFor();
    await page.getByText('以下各节的参考文档仅提供英文版本。').waitFor();
    await landedOn('tokens');
    // On a phone the guides' long lines, tables and code scroll in their boxes, not the page.
    await page.setViewportSize(PHONE);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    expect(wp.problems).toEqual([]);
  }, 120_000);

  it('on a phone an App ID stays one line in its card, on API access and in the API documentation', async () => {
    const m = await e2e.server.createMerchant();
    const { page } = await e2e.open();
    await signInPortal(page, m.email, m.password);
    await page.setViewportSize(PHONE);
    // Line boxes of the cell holding the App ID: its last character wrapped alone onto a second.
    const appIdLines = () =>
      page.evaluate<number>(
        `(() => {
          const cell = [...document.querySelectorAll('td')].find((td) => td.textContent.trim() === '${m.app.app_id}');
          const range = document.createRange();
          range.selectNodeContents(cell);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        })()`,
      );
    for (const path of ['/api-access', '/api-docs']) {
      await page.goto(path);
      await settled(page);
      expect([path, await appIdLines()]).toEqual([path, 1]);
    }
  });

  it('a change without the CSRF token is refused (403) and changes nothing; the pages pass axe', async () => {
    const m = await e2e.server.createMerchant();
    const wp = await e2e.open();
    await signInPortal(wp.page, m.email, m.password);
    // The browser's own cookie jar: the session cookie goes along, only the header is missing.
    const api = wp.context.request;
    const url = `${e2e.server.url}/portal/api/tokens`;
    const forged = await api.post(url, { data: { name: 'planted' } });
    expect(forged.status()).toBe(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
    const session = (await (await api.get(`${e2e.server.url}/portal/api/session`)).json()) as {
      csrf_token: string;
    };
    expect(((await (await api.get(url)).json()) as { items: unknown[] }).items).toEqual([]);
    const real = await api.post(url, {
      data: { name: 'real' },
      headers: { 'x-csrf-token': session.csrf_token },
    });
    expect(real.status()).toBe(200);

    const found = {
      ...(await axeAtBothWidths(wp, '/api-access')),
      ...(await axeAtBothWidths(wp, '/api-docs')),
    };
    expect(found).toEqual({});
    expect(wp.problems).toEqual([]);
  }, 120_000); // axe over the API docs page at two widths: 11-31 s here idle, 40-60 s at load 13-15
});
