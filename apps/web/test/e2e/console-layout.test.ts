/**
 * How the console's pages sit, as a walkthrough at 1280 and 390 px in English and 简体中文 saw
 * them, in a real browser on both databases: a form's status line takes no room until it has
 * something to say, yet is a live region (role=status) from the start, so what a save did is read
 * out; the merchant page's actions end their card as a form's button ends its own; the audit
 * log's search label stays on one line at 1280 px, and no page scrolls sideways on a phone; the
 * catalog's hint names the CLI command it stands for as code, never translated.
 */
import { expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { describeEachDatabase } from '../../../server/test/helpers/databases.ts';
import { operatorClient, OPERATOR_PASSWORD } from '../../../server/test/helpers/web-client.ts';
import { orderRequest, testProduct } from '../../../server/test/helpers/factories.ts';
import { DESKTOP, PHONE, type WatchedPage } from '../helpers/browser.ts';
import { settled, signInConsole, useE2E, type E2E } from '../helpers/fixture.ts';

/** The vertical room between the bottom of `inner` and the bottom of `outer`, in px. */
async function roomBelow(outer: Locator, inner: Locator): Promise<number> {
  const [o, i] = [(await outer.boundingBox())!, (await inner.boundingBox())!];
  return Math.round(o.y + o.height - (i.y + i.height));
}

const sidewaysScroll = (page: Page) =>
  page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');

const setLanguage = (page: Page, lang: 'en' | 'zh-CN') =>
  page.evaluate(`localStorage.setItem('tradepost.language', '${lang}')`);

/** A page signed in to the console as a new admin. */
async function adminPage(e2e: E2E): Promise<WatchedPage> {
  const admin = await operatorClient(e2e.server, 'admin');
  const wp = await e2e.open();
  await signInConsole(wp.page, admin.email, OPERATOR_PASSWORD);
  return wp;
}

describeEachDatabase('the console’s layout', (database) => {
  const e2e = useE2E(database);

  it('a form’s idle status line takes no room but is a live region already; what the save did shows in it', async () => {
    const { server } = e2e;
    const m = await server.createMerchant({ creditLimit: '100.00' });
    const [product] = await server.addProducts([testProduct()]);
    await server.services.orders.create(
      m.merchantId,
      orderRequest(product as Parameters<typeof orderRequest>[0]),
    );
    const wp = await adminPage(e2e);
    const { page } = wp;

    await page.goto(`/admin/merchants/${encodeURIComponent(m.merchantId)}`);
    await settled(page);
    const credit = page.getByRole('form', { name: 'Limit change, repayment or adjustment' });
    const status = credit.getByRole('status');
    expect(await status.textContent()).toBe('');
    expect((await status.boundingBox())?.height).toBe(0);
    // Nothing under the button: the form ends where its button row does.
    const buttons = credit.getByRole('button', { name: 'Post ledger entry' });
    expect(await roomBelow(credit, buttons)).toBe(0);
    // The Account card's row of actions ends it as the form's button ends its card: with the card's
    // padding under it, no band of idle status lines or margin.
    const account = page.getByRole('region', { name: 'Account' });
    const creditCard = page.getByRole('region', { name: 'Limit change, repayment or adjustment' });
    expect(await account.getByRole('status').count()).toBe(2);
    expect(await roomBelow(account, account.getByRole('button', { name: 'Suspend merchant' }))).toBe(
      await roomBelow(creditCard, buttons),
    );

    // Posted, the same live region says so, and then takes its line.
    await credit.getByRole('button', { name: /Type/ }).click();
    await page.getByRole('option', { name: 'Limit change' }).click();
    await credit.getByLabel('Amount').fill('50.00');
    await credit.getByLabel('Note').fill('annual review');
    await buttons.click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Post ledger entry' }).click();
    await status.getByText(/^Posted as \S+\.$/).waitFor();
    expect((await status.boundingBox())!.height).toBeGreaterThan(10);

    // The order queue: its table is set off from the bulk buttons above it all the same.
    await page.goto(`/admin/orders?merchant_id=${encodeURIComponent(m.merchantId)}`);
    await settled(page);
    const bulk = (await page.getByRole('button', { name: 'Mark selected processing' }).boundingBox())!;
    const table = (await page.getByRole('region', { name: 'Order queue' }).last().boundingBox())!;
    expect(table.y - (bulk.y + bulk.height)).toBeGreaterThanOrEqual(10);

    // The catalog's forms alike: the import form and each SKU's editor.
    await page.goto(`/admin/catalog?q=${encodeURIComponent(product!.goods_id!)}`);
    await settled(page);
    const imp = page.getByRole('form', { name: 'Import catalog' });
    expect(await roomBelow(imp, imp.getByRole('button', { name: 'Import catalog' }))).toBe(0);
    const sku = page.getByRole('form', { name: `SKU ${product!.skus[0]!.sku_id!}` });
    expect(await sku.getByRole('status').textContent()).toBe('');
    expect((await sku.getByRole('status').boundingBox())?.height).toBe(0);
    await sku.getByRole('button', { name: 'Save' }).click();
    await sku.getByRole('status').getByText('Saved.').waitFor();
    expect(wp.problems).toEqual([]);
  });

  it('the audit log’s search label is one line at 1280 px, in both languages; no sideways scroll at 390 px', async () => {
    const wp = await adminPage(e2e);
    const { page } = wp;
    for (const [lang, label] of [
      ['en', 'Search (merchant name, e-mail, id, address)'],
      ['zh-CN', '搜索（商户名称、邮箱、ID、地址）'],
    ] as const) {
      await setLanguage(page, lang);
      await page.setViewportSize(DESKTOP);
      await page.goto('/admin/audit');
      await settled(page);
      const text = page.getByText(label, { exact: true });
      const lineHeight = await text.evaluate((el) =>
        parseFloat(el.ownerDocument.defaultView!.getComputedStyle(el).lineHeight),
      );
      expect((await text.boundingBox())!.height).toBeLessThan(1.5 * lineHeight);
      await page.setViewportSize(PHONE);
      expect(await sidewaysScroll(page)).toBe(false);
    }
    await setLanguage(page, 'en');
    expect(wp.problems).toEqual([]);
  });

  it('the catalog’s file hint shows the CLI command as code, the same in both languages', async () => {
    const wp = await adminPage(e2e);
    const { page } = wp;
    for (const [lang, form, hint] of [
      ['en', 'Import catalog', 'Catalog file (JSON or CSV, as for tradepost catalog import)'],
      ['zh-CN', '导入商品目录', '目录文件（JSON 或 CSV，与 tradepost catalog import 相同）'],
    ] as const) {
      await setLanguage(page, lang);
      await page.goto('/admin/catalog');
      await settled(page);
      const file = page.getByRole('form', { name: form }).getByLabel(hint, { exact: true });
      expect(await file.getAttribute('type')).toBe('file');
      const code = page.getByRole('form', { name: form }).getByRole('code');
      expect(await code.allTextContents()).toEqual(['tradepost catalog import']);
    }
    await setLanguage(page, 'en');
    expect(wp.problems).toEqual([]);
  });
});
