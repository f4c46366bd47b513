/**
 * How the console's pages sit, as a walkthrough at 1280 and 390 px in English and 简体中文 saw
 * them, in a real browser on both databases: a form's status line takes no room until it has
 * something to say, yet is a live region (role=status) from the start, so what a save did is read
 * out; the merchant page's actions end their card as a form's button ends its own; the audit
 * log's search label stays on one line at 1280 px, and no page scrolls sideways on a phone; the
 * catalog's hint names the CLI command it stands for as code, never translated; a catalog import's
 * audit entry names its counts in the reader's language; on a phone the order queue's select-all
 * stays in sight and each card's box is named for itself; a file's bad lines (an import, a ship
 * CSV) say nothing was saved; a support operator's catalog writes stock as the portal does (2,185);
 * a cancel's hint is one run of sentences in each language.
 */
import { expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { describeEachDatabase } from '../../../server/test/helpers/databases.ts';
import { operatorClient, OPERATOR_PASSWORD } from '../../../server/test/helpers/web-client.ts';
import { orderRequest, testProduct, uid } from '../../../server/test/helpers/factories.ts';
import { DESKTOP, PHONE, type WatchedPage } from '../helpers/browser.ts';
import {
  chooseFile,
  describedBy,
  settled,
  sidewaysScroll,
  signInConsole,
  useE2E,
  type E2E,
} from '../helpers/fixture.ts';

/** The vertical room between the bottom of `inner` and the bottom of `outer`, in px. */
async function roomBelow(outer: Locator, inner: Locator): Promise<number> {
  const [o, i] = [(await outer.boundingBox())!, (await inner.boundingBox())!];
  return Math.round(o.y + o.height - (i.y + i.height));
}

const setLanguage = (page: Page, lang: 'en' | 'zh-CN') =>
  page.evaluate(`localStorage.setItem('tradepost.language', '${lang}')`);

/** `path` opened in `lang`, settled. */
async function openIn(page: Page, lang: 'en' | 'zh-CN', path: string): Promise<void> {
  await setLanguage(page, lang);
  await page.goto(path);
  await settled(page);
}

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
      expect(await sidewaysScroll(page)).toBe(0);
    }
    await setLanguage(page, 'en');
    expect(wp.problems).toEqual([]);
  });

  it('the catalog’s file hint shows the CLI command as code, the same in both languages', async () => {
    const wp = await adminPage(e2e);
    const { page } = wp;
    for (const [lang, form, hint, choose, none] of [
      [
        'en',
        'Import catalog',
        'Catalog file (JSON or CSV, as for tradepost catalog import)',
        'Choose a file',
        'No file chosen',
      ],
      [
        'zh-CN',
        '导入商品目录',
        '目录文件（JSON 或 CSV，与 tradepost catalog import 相同）',
        '选择文件',
        '未选择文件',
      ],
    ] as const) {
      await openIn(page, lang, '/admin/catalog');
      // The field's button, named by the hint, and its "no file" in the page's language.
      const file = page
        .getByRole('form', { name: form })
        .getByRole('button', { name: `${hint} ${choose}`, exact: true });
      expect(await describedBy(file)).toBe(none);
      const code = page.getByRole('form', { name: form }).getByRole('code');
      expect(await code.allTextContents()).toEqual(['tradepost catalog import']);
    }
    await setLanguage(page, 'en');
    expect(wp.problems).toEqual([]);
  });

  it('a catalog import’s audit entry names its counts in the reader’s language, as every other entry’s fields', async () => {
    const wp = await adminPage(e2e);
    const { page } = wp;
    const goodsId = `layout-${Date.now()}`;
    const file = {
      products: [
        {
          goods_id: goodsId,
          title: 'Layout mug',
          category: 'Home & Kitchen',
          currency: 'USD',
          skus: [{ sku_id: `${goodsId}-1`, spec: 'Color: White', price: '4.50', stock: 10 }],
        },
      ],
    };
    await page.goto('/admin/catalog');
    await settled(page);
    const form = page.getByRole('form', { name: 'Import catalog' });
    await chooseFile(form, /^Catalog file .* Choose a file$/, {
      name: 'catalog.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    await form.getByRole('button', { name: 'Import catalog' }).click();
    await form.getByText('Imported 1 products (1 SKUs): 1 new, 0 updated.').waitFor();
    for (const [lang, lines] of [
      ['en', ['Products: 1', 'SKUs: 1', 'New products: 1', 'Updated products: 0']],
      ['zh-CN', ['商品: 1', 'SKU: 1', '新增商品: 1', '更新商品: 0']],
    ] as const) {
      await openIn(page, lang, '/admin/audit?action=catalog.imported');
      const row = page.getByRole('row').nth(1);
      expect(await row.locator('.change-lines .subline').allInnerTexts()).toEqual(lines);
    }
    await setLanguage(page, 'en');
    expect(wp.problems).toEqual([]);
  });

  it('on a phone the order queue’s select-all stays in sight above the cards, and each card’s box is “Select”', async () => {
    const { server } = e2e;
    const m = await server.createMerchant({ creditLimit: '100.00' });
    const [product] = await server.addProducts([testProduct()]);
    for (let i = 0; i < 2; i++)
      await server.services.orders.create(
        m.merchantId,
        orderRequest(product as Parameters<typeof orderRequest>[0]),
      );
    const wp = await adminPage(e2e);
    const { page } = wp;
    await page.setViewportSize(PHONE);
    for (const [lang, selectAll, selectOne, twoSelected] of [
      ['en', 'Select all on this page', 'Select', '2 selected'],
      ['zh-CN', '选择本页全部', '选择', '已选 2 个'],
    ] as const) {
      await openIn(page, lang, `/admin/orders?merchant_id=${encodeURIComponent(m.merchantId)}`);
      const queue = page
        .getByRole('region')
        .filter({ has: page.getByRole('table') })
        .last();
      // The cards' first line names each row's own box, not the select-all.
      const firstCells = queue.locator('tbody tr td:first-child');
      expect(await firstCells.evaluateAll((tds) => tds.map((td) => td.getAttribute('data-label')))).toEqual([
        selectOne,
        selectOne,
      ]);
      // The select-all is in sight, its name beside it, and selects the page.
      const all = page.getByText(selectAll, { exact: true });
      const box = (await all.boundingBox())!;
      expect(box.width).toBeGreaterThan(20);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      await all.click();
      await page.getByText(twoSelected, { exact: true }).waitFor();
      expect(await sidewaysScroll(page)).toBe(0);
    }
    await setLanguage(page, 'en');
    expect(wp.problems).toEqual([]);
  });

  it('a file’s bad lines (a catalog import, a ship CSV) say nothing was saved, not “see the fields marked”', async () => {
    const wp = await adminPage(e2e);
    const { page } = wp;
    const csv = [
      'goods_id,title,description,category,images,currency,status,sku_id,spec,price,stock,sku_status',
      'layout-bad,Mug,,Home & Kitchen,,USD,on_sale,layout-bad-1,White,abc,10,on_sale',
    ].join('\n');
    for (const [lang, form, headline] of [
      ['en', 'Import catalog', 'Nothing was saved: fix the lines below, then try again.'],
      ['zh-CN', '导入商品目录', '均未保存：请修正以下各行后重试。'],
    ] as const) {
      await openIn(page, lang, '/admin/catalog');
      const imp = page.getByRole('form', { name: form });
      await chooseFile(imp, lang === 'en' ? /Choose a file$/ : /选择文件$/, {
        name: 'bad.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
      await imp.getByRole('button', { name: form }).click();
      const alert = imp.getByRole('alert');
      await alert.waitFor();
      expect((await alert.innerText()).split('\n')[0]).toBe(headline);
      expect(await alert.getByRole('listitem').count()).toBe(1);
    }
    await setLanguage(page, 'en');
    await page.goto('/admin/orders');
    await settled(page);
    const ship = page.getByRole('form', { name: 'Ship by CSV' });
    await ship.getByLabel('CSV: order_no,carrier,tracking_no').fill('ORD-NOT-THERE,DHL,1Z1');
    await ship.getByRole('button', { name: 'Ship by CSV' }).click();
    const alert = ship.getByRole('alert');
    await alert.waitFor();
    expect((await alert.innerText()).split('\n')[0]).toBe(
      'Nothing was saved: fix the lines below, then try again.',
    );
    expect(wp.problems).toEqual([]);
  });

  it('a support operator reads a SKU’s stock as the portal writes it: 2,185, not 2185', async () => {
    const { server } = e2e;
    const [product] = await server.addProducts([testProduct({ stock: 2185 })]);
    const support = await operatorClient(server, 'support');
    const wp = await e2e.open();
    const { page } = wp;
    await signInConsole(page, support.email, OPERATOR_PASSWORD);
    for (const [lang, stock] of [
      ['en', '2,185 in stock'],
      ['zh-CN', '库存 2,185'],
    ] as const) {
      await openIn(page, lang, `/admin/catalog?q=${encodeURIComponent(product!.goods_id!)}`);
      await page.getByText(stock, { exact: true }).waitFor();
    }
    await setLanguage(page, 'en');
    expect(wp.problems).toEqual([]);
  });

  it('an order’s cancel and fail dialogs each say what they do, in one run of sentences: no space after “。” in 简体中文', async () => {
    const { server } = e2e;
    const m = await server.createMerchant({ creditLimit: '100.00' });
    const [product] = await server.addProducts([testProduct()]);
    const order = await server.services.orders.create(
      m.merchantId,
      orderRequest(product as Parameters<typeof orderRequest>[0]),
    );
    const wp = await adminPage(e2e);
    const { page } = wp;
    for (const [lang, actions, move, hint] of [
      [
        'en',
        'Actions',
        'Cancel order',
        "The order ends as cancelled, as if the merchant had cancelled it. Its amount is refunded to the merchant's credit and its stock returned. The merchant sees this reason on its order.",
      ],
      [
        'en',
        'Actions',
        'Fail',
        "For an order the supplier cannot fulfil: it ends as failed, not cancelled. Its amount is refunded to the merchant's credit and its stock returned. The merchant sees this reason on its order.",
      ],
      [
        'zh-CN',
        '操作',
        '取消订单',
        '订单以“已取消”结束，如同商户自行取消。订单金额将退回商户额度，库存将恢复。商户会在其订单上看到该原因。',
      ],
      [
        'zh-CN',
        '操作',
        '标记失败',
        '用于供应商无法履约的订单：订单以“失败”结束，而非“已取消”。订单金额将退回商户额度，库存将恢复。商户会在其订单上看到该原因。',
      ],
    ] as const) {
      await openIn(page, lang, `/admin/orders/${encodeURIComponent(order.order_no)}`);
      await page.getByRole('button', { name: actions }).click();
      await page.getByRole('menuitem', { name: move }).click();
      const reason = page.getByRole('dialog').getByRole('textbox');
      expect(await describedBy(reason)).toBe(hint);
      await page.keyboard.press('Escape');
    }
    await setLanguage(page, 'en');
    expect(wp.problems).toEqual([]);
  });

  // Layout alone: the database does not change it.
  it.skipIf(database.name !== 'sqlite')(
    'an operator’s e-mail in the audit log wraps before its “@” or a “.”, never inside a word, in both languages',
    async () => {
      const email = `operations.lead.${uid()}@warehousesupply.example.com`;
      await e2e.server.services.operators.create({ email, password: OPERATOR_PASSWORD, role: 'admin' });
      const wp = await e2e.open();
      const { page } = wp;
      await signInConsole(page, email, OPERATOR_PASSWORD);
      for (const lang of ['en', 'zh-CN'] as const) {
        await openIn(page, lang, `/admin/audit?q=${encodeURIComponent(email)}`);
        const who = page.locator('td.audit-who').getByText(email, { exact: true }).first();
        // The text from each character that begins a new line of the box on.
        const wrapped = await who.evaluate((el) => {
          const doc = el.ownerDocument;
          const starts: string[] = [];
          let lastTop: number | null = null;
          const texts = doc.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
          for (let text = texts.nextNode(); text; text = texts.nextNode()) {
            const data = text.textContent ?? '';
            for (let i = 0; i < data.length; i++) {
              const range = doc.createRange();
              range.setStart(text, i);
              range.setEnd(text, i + 1);
              const { top } = range.getBoundingClientRect();
              if (lastTop !== null && top > lastTop + 1) starts.push(data.slice(i));
              lastTop = top;
            }
          }
          return starts;
        });
        expect(wrapped.length, lang).toBeGreaterThan(0);
        for (const line of wrapped) expect(line, lang).toMatch(/^[@.]/);
      }
      await setLanguage(page, 'en');
      expect(wp.problems).toEqual([]);
    },
  );
});
