/**
 * Products and orders in a real browser, on both databases: browse by category and search, order
 * from a product's page through the shipping form, find the debit in transactions with the
 * balances the B-End API agrees with, open the order; another merchant's order is a 404 like an
 * unknown one, and the portal API without a session is a 401. An order No used before is refused
 * under the button, and that refusal goes once a later submit fails the form's own check; more
 * than is left is refused on the quantity field with how many are (English and 简体中文). A
 * recipient phone that is no phone number is refused on its field; in 简体中文 that refusal (the
 * form's own check) and a used order No (the server's) read in Chinese. The demo catalog's
 * pictures load (same origin, no console error); a dead picture link shows a neutral tile, not a
 * broken image. The merchant cancels the order from its page and the refund shows in its ledger
 * and credit.
 */
import type { Locator } from 'playwright-core';
import { expect, it } from 'vitest';
import { generateDemoCatalog } from '../../../server/src/catalog-data/demo-catalog.ts';
import { describeEachDatabase } from '../../../server/test/helpers/databases.ts';
import { address, testProduct, uid } from '../../../server/test/helpers/factories.ts';
import { DESKTOP, PHONE } from '../helpers/browser.ts';
import {
  axeAtBothWidths,
  bendClient,
  hasFocus,
  describedBy,
  settled,
  sidewaysScroll,
  shownId,
  signInPortal,
  usd,
  useE2E,
} from '../helpers/fixture.ts';

/** Loaded and drawn: a broken <img> is complete with naturalWidth 0. */
const drawn = (img: Locator): Promise<boolean> =>
  img.evaluate((el) => {
    const i = el as unknown as { complete: boolean; naturalWidth: number };
    return i.complete && i.naturalWidth > 0;
  });

/** The order form's address fields, by label, filled with the factories' address. */
const ADDRESS_FIELDS: ReadonlyArray<[string, string]> = [
  ['Recipient name', address.name],
  ['Phone', address.phone],
  ['Street address', address.address],
  ['City', address.city],
  ['Country code', address.country],
  ['Postal code', address.postal_code],
];

describeEachDatabase('portal orders and products', (database) => {
  const e2e = useE2E(database);

  it('orders from a product page; the debit is in transactions with the right balances; the pages pass axe', async () => {
    const category = `Kitchen ${uid()}`;
    const kettle = testProduct({ category, title: `Copper kettle ${uid()}`, price: '19.99', stock: 5 });
    kettle.skus.push({ sku_id: `S${uid()}`, spec: 'Color: Green', price: '5.00', stock: 0 } as never);
    const other = testProduct({ category, title: `Tea towel ${uid()}` });
    await e2e.server.addProducts([kettle, other, testProduct({ title: `Elsewhere ${uid()}` })]);
    const m = await e2e.server.createMerchant({ creditLimit: '300.00' });

    const wp = await e2e.open();
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Products' }).click();
    await settled(page);
    await page.getByRole('button', { name: /Category$/ }).click();
    await page.getByRole('option', { name: category }).click();
    const grid = page.getByRole('list', { name: 'Products' });
    // Both were added at once, so their order is goods_id's: compare the set.
    await expect
      .poll(async () => (await grid.getByRole('link').allTextContents()).sort())
      .toEqual([kettle.title, other.title].sort());
    await page.getByLabel('Search products').fill('copper');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => grid.getByRole('link').allTextContents()).toEqual([kettle.title]);
    // A search the server would refuse is said on the search field and not sent; nothing to retry.
    const searches: string[] = [];
    page.on('request', (r) => void (r.url().includes('/api/products?') && searches.push(r.url())));
    const search = page.getByLabel('Search products');
    await search.fill('x'.repeat(201));
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => search.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('must be at most 200 characters', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    expect(searches).toEqual([]);
    await search.fill('copper');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => search.getAttribute('aria-invalid')).toBe(null);
    await grid.getByRole('link', { name: kettle.title }).click();
    await page.getByRole('heading', { level: 1, name: kettle.title }).waitFor();
    const skuRows = page.getByRole('region', { name: 'SKUs' }).last().locator('tbody tr');
    await expect(skuRows.allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/Color: Red\s+\$19\.99\s+5\s+In stock/),
      expect.stringMatching(/Color: Green\s+\$5\.00\s+0\s+Out of stock/),
    ]);

    const form = page.getByRole('form', { name: 'Place order' });
    // What the order will cost is said before it is placed, and follows the quantity.
    const total = form.getByText(/^Order total: /);
    await expect
      .poll(() => total.innerText())
      .toBe('Order total: $19.99, debited from your available credit ($300.00) when placed');
    await form.getByLabel('Quantity').fill('2');
    await expect
      .poll(() => total.innerText())
      .toBe('Order total: $39.98, debited from your available credit ($300.00) when placed');
    const fields: Array<[string, string]> = [['Your order No', `PO-${uid()}`], ...ADDRESS_FIELDS];
    for (const [label, value] of fields) await form.getByLabel(label).fill(value);
    // The phone field brings up a phone's keypad and the browser's saved number.
    const phoneField = form.getByLabel('Phone');
    expect(await phoneField.getAttribute('type')).toBe('tel');
    expect(await phoneField.getAttribute('inputmode')).toBe('tel');
    expect(await phoneField.getAttribute('autocomplete')).toBe('shipping tel');
    // A double-tap, and a tap more once the order is placed: one order, and the emptied form
    // marks no field as required under the notice.
    await form.getByRole('button', { name: 'Place order' }).dblclick();
    const placed = form.getByText(/^Order \S+ placed: \$39\.98 debited from your credit\./);
    await placed.waitFor();
    await form.getByRole('button', { name: 'Place order' }).click();
    await page.waitForTimeout(300);
    expect(await form.locator('[aria-invalid="true"]').count()).toBe(0);
    expect(await form.getByText('This field is required').count()).toBe(0);
    await placed.waitFor();
    const orderNo = /^Order (\S+) placed/.exec(await placed.innerText())![1]!;
    const mine = (await (await wp.context.request.get(`${e2e.server.url}/portal/api/orders`)).json()) as {
      items: unknown[];
    };
    expect(mine.items).toHaveLength(1);
    // The form is fresh for the next order: nothing of this one is sent again by a second click.
    for (const [label] of fields) expect(await form.getByLabel(label).inputValue(), label).toBe('');
    expect(await form.getByLabel('Quantity').inputValue()).toBe('1');

    await form.getByRole('link', { name: 'View transactions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Transaction history' }).waitFor();
    await settled(page);
    const debit = page.getByRole('row', { name: new RegExp(orderNo) });
    const cells = await debit.locator('td').allInnerTexts();
    expect(cells.slice(1, 5)).toEqual([`Order ${orderNo}`, usd('-39.98'), usd('300.00'), usd('260.02')]);
    await expect(bendClient(e2e.server, m.app).credit.retrieve()).resolves.toMatchObject({
      available: '260.02',
    });

    await debit.getByRole('link', { name: orderNo }).click();
    await page.getByRole('heading', { level: 1, name: `Order ${orderNo}` }).waitFor();
    await settled(page);
    const shipTo = await page.getByRole('region', { name: 'Shipping address' }).innerText();
    expect(shipTo).toContain(address.name);
    expect(shipTo).toContain(address.postal_code);
    // Upright, not the browser's italics for <address>.
    const shipToStyle = await page
      .getByRole('region', { name: 'Shipping address' })
      .locator('address')
      .evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).fontStyle);
    expect(shipToStyle).toBe('normal');
    const ledger = page.getByRole('region', { name: 'Ledger entries' }).last().locator('tbody tr');
    await expect(ledger.allInnerTexts()).resolves.toEqual([expect.stringContaining(usd('-39.98'))]);

    await page.goto(`/orders?q=${orderNo}`);
    await settled(page);
    await expect(
      page.getByRole('region', { name: 'Orders' }).last().locator('tbody tr').count(),
    ).resolves.toBe(1);

    // The same order No again: the server refuses it under the button. Then a quantity the form's
    // own check refuses: only that message shows, not the old refusal beside it as a second reason.
    await page.goto(`/products/${kettle.goods_id}`);
    await settled(page);
    for (const [label, value] of fields) await form.getByLabel(label).fill(value);
    await form.getByRole('button', { name: 'Place order' }).click();
    const refusal = form.getByRole('alert');
    await refusal.waitFor();
    const refused = await refusal.innerText();
    expect(refused).not.toBe('');
    // A refusal about one field is told on that field, and not listed again under the button.
    await form.getByText(`is already used by order ${orderNo}`).waitFor();
    expect(refused).not.toContain('merchant_order_no');
    await form.getByLabel('Quantity').fill('99999');
    await form.getByRole('button', { name: 'Place order' }).click();
    await form.getByText('must be an integer from 1 to 999').waitFor();
    expect(await total.count()).toBe(0); // no total for a quantity the server would refuse
    expect(await form.getByText(refused).count()).toBe(0);

    // More than is left: the quantity field says how many (3 of 5, after the order above), in
    // either language.
    await form.getByLabel('Quantity').fill('4');
    await form.getByLabel('Your order No').fill(`PO-${uid()}`);
    await form.getByRole('button', { name: 'Place order' }).click();
    await form.getByText('only 3 left', { exact: true }).waitFor();
    expect(await form.getByRole('alert').innerText()).toBe('Not enough stock for this.');
    await page.getByRole('button', { name: /Language/ }).click();
    await page.getByRole('option', { name: '简体中文' }).click();
    const zhForm = page.getByRole('form', { name: '下单' });
    await zhForm.getByText('仅剩 3 件', { exact: true }).waitFor();
    expect(await zhForm.getByRole('alert').innerText()).toBe('库存不足。');
    await page.getByRole('button', { name: /语言/ }).click();
    await page.getByRole('option', { name: 'English' }).click();
    await form.getByText('only 3 left', { exact: true }).waitFor();

    const found = {
      ...(await axeAtBothWidths(wp, '/products')),
      ...(await axeAtBothWidths(wp, `/products/${kettle.goods_id}`)),
      ...(await axeAtBothWidths(wp, '/orders')),
      ...(await axeAtBothWidths(wp, `/orders/${orderNo}`)),
    };
    expect(found).toEqual({});

    // The merchant cancels it from its page: told what comes back, the way out is "Keep order";
    // once cancelled the refund is in its ledger, the credit is whole again, the button is gone.
    await page.goto(`/orders/${orderNo}`);
    await settled(page);
    // On a phone in 简体中文 the title naming the order No wraps inside the dialog, not cut at its edge.
    await page.getByRole('button', { name: /Language/ }).click();
    await page.getByRole('option', { name: '简体中文' }).click();
    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: '取消订单' }).click();
    const zhDialog = page.getByRole('alertdialog', { name: `取消订单 ${orderNo}？` });
    const title = zhDialog.getByRole('heading', { name: `取消订单 ${orderNo}？` });
    expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const [titleBox, dialogBox] = [await title.boundingBox(), await zhDialog.boundingBox()];
    expect(titleBox!.x + titleBox!.width).toBeLessThanOrEqual(dialogBox!.x + dialogBox!.width);
    await zhDialog.getByRole('button', { name: '保留订单' }).click();
    await zhDialog.waitFor({ state: 'detached' });
    await page.setViewportSize(DESKTOP);
    await page.getByRole('button', { name: /语言/ }).click();
    await page.getByRole('option', { name: 'English' }).click();

    await page.getByRole('button', { name: 'Cancel order' }).click();
    const dialog = page.getByRole('alertdialog', { name: `Cancel order ${orderNo}?` });
    await dialog.getByText(`${usd('39.98')} goes back to your available credit`).waitFor();
    await dialog.getByRole('button', { name: 'Keep order' }).waitFor();
    await dialog.getByLabel('Reason (optional)').fill('Ordered twice');
    await dialog.getByRole('button', { name: 'Cancel order' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Said on the page, and focused there: the Cancel order button that had focus is gone.
    const cancelled = page.getByText(`Order cancelled: ${usd('39.98')} is back in your available credit.`);
    expect(await hasFocus(cancelled)).toBe(true);
    await page.getByRole('button', { name: 'Cancel order' }).waitFor({ state: 'detached' });
    expect(await hasFocus(cancelled)).toBe(true);
    await expect
      .poll(() => ledger.allInnerTexts())
      .toEqual(
        expect.arrayContaining([
          expect.stringContaining(usd('39.98')),
          expect.stringContaining(usd('-39.98')),
        ]),
      );
    await expect
      .poll(() => page.getByRole('region', { name: 'Summary' }).last().innerText())
      .toContain('Cancelled');
    expect(await page.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    await expect(bendClient(e2e.server, m.app).credit.retrieve()).resolves.toMatchObject({
      available: '300.00',
    });
    expect(wp.problems).toEqual([]);
  }, 120_000);

  it('an order past the available credit is said before it is sent, and its refusal names both amounts', async () => {
    const product = testProduct({ title: `Standing desk ${uid()}`, price: '100.00', stock: 50 });
    await e2e.server.addProducts([product]);
    const m = await e2e.server.createMerchant({ creditLimit: '300.00' });
    const { page } = await e2e.open();
    await signInPortal(page, m.email, m.password);
    await page.goto(`/products/${product.goods_id}`);
    await settled(page);
    const form = page.getByRole('form', { name: 'Place order' });
    await form.getByLabel('Quantity').fill('4');
    await expect
      .poll(() => form.getByText(/^Order total: /).innerText())
      .toBe(
        'Order total: $400.00, debited from your available credit ($300.00) when placed\n' +
          'That is more than your available credit: the order would be refused.',
      );
    for (const [label, value] of ADDRESS_FIELDS) await form.getByLabel(label).fill(value);
    await form.getByRole('button', { name: 'Place order' }).click();
    await form
      .getByText(
        'Not placed: this order is $400.00 and your available credit is $300.00. Lower the quantity, ' +
          'or ask the platform to raise your limit.',
      )
      .waitFor();
    expect((await bendClient(e2e.server, m.app).credit.retrieve()).available).toBe('300.00');
  });

  it('the recipient phone must be a phone number, said on its field; in 简体中文 the form’s and the server’s refusals are Chinese', async () => {
    const product = testProduct({ title: `Desk fan ${uid()}`, price: '4.00', stock: 5 });
    await e2e.server.addProducts([product]);
    const m = await e2e.server.createMerchant({ creditLimit: '100.00' });
    const wp = await e2e.open();
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    await page.goto(`/products/${product.goods_id}`);
    await settled(page);

    // The order form in the page's language: its name (its button's too) and its fields' labels.
    const orderForm = (name: string, labels: readonly string[]) => {
      const form = page.getByRole('form', { name });
      return {
        field: (i: number) => form.getByLabel(labels[i]!),
        submit: async (orderNo: string, phone: string) => {
          const values = [orderNo, address.name, phone, address.address, address.city, address.country];
          for (const [i, value] of values.entries()) await form.getByLabel(labels[i]!).fill(value);
          await form.getByRole('button', { name }).click();
        },
      };
    };
    const PHONE = 2;
    const ORDER_NO = 0;

    const en = orderForm('Place order', [
      'Your order No',
      'Recipient name',
      'Phone',
      'Street address',
      'City',
      'Country code',
    ]);
    await en.submit('', 'abc');
    await expect.poll(() => en.field(PHONE).getAttribute('aria-invalid')).toBe('true');
    expect(await describedBy(en.field(PHONE))).toBe('must be a phone number like +1 415 555 0100');

    // The language remembered as 简体中文 (what the language menu stores).
    await page.evaluate(`localStorage.setItem('tradepost.language', 'zh-CN')`);
    await page.reload();
    await settled(page);
    const zh = orderForm('下单', ['商户订单号', '收件人', '电话', '街道地址', '城市', '国家代码']);
    const orderNo = `PO-${uid()}`;
    // The form's own check, in the contract's words, translated.
    await zh.submit(orderNo, 'abc');
    await expect.poll(() => describedBy(zh.field(PHONE))).toBe('必须是有效的电话号码，例如 +1 415 555 0100');
    // Placed once; the same order No again is the server's refusal, on its field, in Chinese too.
    await zh.submit(orderNo, address.phone);
    const placed = page.getByRole('form', { name: '下单' }).getByText(/^订单 \S+ 已下单/);
    await placed.waitFor();
    const placedNo = /^订单 (\S+) 已下单/.exec(await placed.innerText())![1]!;
    await zh.submit(orderNo, address.phone);
    await expect.poll(() => describedBy(zh.field(ORDER_NO))).toContain(`已被订单 ${placedNo} 使用`);
    expect(await describedBy(zh.field(ORDER_NO))).not.toContain('already used');
    expect(wp.problems).toEqual([]);
  }, 120_000);

  it('the next page of a list opens at the list’s top, not where the last page was scrolled to', async () => {
    const category = `Paged ${uid()}`;
    await e2e.server.addProducts(Array.from({ length: 40 }, () => testProduct({ category })));
    const m = await e2e.server.createMerchant();
    const wp = await e2e.open({ viewport: PHONE });
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    await page.goto(`/products?category=${encodeURIComponent(category)}`);
    await settled(page);
    const grid = page.getByRole('list', { name: 'Products' });
    await expect.poll(() => grid.getByRole('link').count()).toBe(24);
    const next = page.getByRole('button', { name: 'Next' });
    await next.scrollIntoViewIfNeeded();
    await next.click();
    await expect.poll(() => grid.getByRole('link').count()).toBe(16);
    // The new page's first product is in view (the scroll was left at the bottom).
    const top = await grid
      .getByRole('listitem')
      .first()
      .evaluate((el) => [el.getBoundingClientRect().top, el.ownerDocument.defaultView!.innerHeight]);
    expect(top[0]).toBeGreaterThanOrEqual(0);
    expect(top[0]).toBeLessThan(top[1]!);
    expect(wp.problems).toEqual([]);
  });

  it('on a phone each order card keeps a long order No of the merchant’s on one line, cut in the middle, nothing sideways (English and 简体中文)', async () => {
    const [p] = await e2e.server.addProducts([testProduct({ price: '2.00', stock: 5 })]);
    const m = await e2e.server.createMerchant();
    const longNo = `SO-2026-11-29-ACME-WAREHOUSE-EAST-${uid()}`;
    await bendClient(e2e.server, m.app).orders.create({
      goods_id: p!.goods_id!,
      sku_id: p!.skus[0]!.sku_id!,
      quantity: 1,
      shipping_address: address,
      merchant_order_no: longNo,
    });
    const wp = await e2e.open({ viewport: PHONE });
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    for (const [lang, label] of [
      ['en', 'Your order No'],
      ['zh-CN', '商户订单号'],
    ] as const) {
      await page.evaluate(`localStorage.setItem('tradepost.language', '${lang}')`);
      await page.goto('/orders');
      await settled(page);
      const cell = page.locator(`td[data-label="${label}"]`);
      // Its start and its end in sight, the middle given up; selecting it copies it whole.
      expect(await shownId(cell, longNo, 7)).toEqual({
        text: longNo,
        cut: true,
        start: true,
        end: true,
        copied: longNo,
      });
      // One line beside the label, inside the card: not a column of broken pieces.
      const [id, lineHeight, card] = await cell.getByTitle(longNo, { exact: true }).evaluate((el) => {
        const style = el.ownerDocument.defaultView!.getComputedStyle(el);
        const box = el.getBoundingClientRect();
        const td = el.closest('td')!.getBoundingClientRect();
        return [
          { top: box.top, height: box.height, right: box.right },
          parseFloat(style.lineHeight),
          { top: td.top, right: td.right },
        ];
      });
      expect(id.height).toBeLessThan(1.5 * lineHeight);
      expect(id.top - card.top).toBeLessThan(lineHeight);
      expect(id.right).toBeLessThanOrEqual(card.right);
      expect(await sidewaysScroll(page)).toBe(0);
    }
    expect(wp.problems).toEqual([]);
  });

  it('demo pictures load from the server with no console error; a dead picture link shows a neutral tile', async () => {
    const demo = generateDemoCatalog({ perCategory: 12 });
    await e2e.server.addProducts(demo);
    const kitchen = demo.filter((p) => p.category === 'Home & Kitchen');
    const m = await e2e.server.createMerchant();
    const wp = await e2e.open();
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    await page.goto(`/products?category=${encodeURIComponent('Home & Kitchen')}`);
    await settled(page);
    const grid = page.getByRole('list', { name: 'Products' });
    await expect.poll(() => grid.getByRole('link').count()).toBe(kitchen.length);
    const pictures = grid.locator('img');
    expect(await pictures.count()).toBe(kitchen.length);
    for (const img of await pictures.all()) {
      await img.scrollIntoViewIfNeeded();
      // Loaded and drawn (a broken image has naturalWidth 0), from this origin.
      await expect.poll(() => drawn(img)).toBe(true);
      expect(await img.getAttribute('src')).toMatch(/^\/demo-images\/demo-hk-\d{3}\/\d\.svg$/);
    }
    await grid.getByRole('link', { name: kitchen[0]!.title }).click();
    await page.getByRole('heading', { level: 1, name: kitchen[0]!.title }).waitFor();
    await expect.poll(() => drawn(page.getByRole('img', { name: kitchen[0]!.title }))).toBe(true);
    expect({ consoleErrors: wp.consoleErrors, problems: wp.problems }).toEqual({
      consoleErrors: [],
      problems: [],
    });

    // A real catalog's dead link (the factory's pictures never resolve): a tile, named like the picture.
    const dead = testProduct({ title: `Dead link ${uid()}` });
    await e2e.server.addProducts([dead]);
    await page.goto(`/products/${dead.goods_id}`);
    const tile = page.getByRole('img', { name: dead.title });
    await expect.poll(() => tile.evaluate((el) => el.tagName)).toBe('DIV');
    await expect(page.locator('img').count()).resolves.toBe(0);
  });

  it('shows a batch item by item; another merchant’s order or batch is a 404 exactly like an unknown one; the API without a session is a 401', async () => {
    // Stock for 999: the last item is refused for credit, not for stock.
    const [p] = await e2e.server.addProducts([testProduct({ stock: 2000 })]);
    const item = {
      goods_id: p!.goods_id!,
      sku_id: p!.skus[0]!.sku_id!,
      quantity: 1,
      shipping_address: address,
    };
    const theirs = await e2e.server.createMerchant();
    const theirSdk = bendClient(e2e.server, theirs.app);
    const order = await theirSdk.orders.create(item);
    const theirBatch = await theirSdk.batchOrders.create({ orders: [item] });
    const m = await e2e.server.createMerchant();
    const longNo = 'SO-2026-11-29-ACME-WAREHOUSE-EAST-000123';
    const batch = await bendClient(e2e.server, m.app).batchOrders.create({
      orders: [
        { ...item, merchant_order_no: longNo },
        { ...item, sku_id: 'NO-SUCH-SKU' },
        { ...item, quantity: 10_000 },
        { ...item, quantity: 999 }, // 9,990.00 of 1,000.00 available: 2001
      ],
    });
    const wp = await e2e.open();
    await signInPortal(wp.page, m.email, m.password);
    await wp.page.goto(`/orders/${order.order_no}`);
    await wp.page.getByText('Not found, or not yours to see.').waitFor();
    await expect(wp.page.getByText(address.name).count()).resolves.toBe(0);
    await wp.page.goto(`/batches/${batch.batch_no}`);
    await wp.page.getByText('1 placed, 3 failed, of 4').waitFor();
    // Its items are its orders, placed or refused; in 简体中文 not 商品明细 (the goods of one order).
    await wp.page.getByRole('heading', { level: 2, name: 'Batch items' }).waitFor();
    // A failure reads as its code's meaning, its code after, with the server's own words beneath
    // when they say more.
    const failed = wp.page.getByRole('row').filter({ hasText: '4001' });
    await expect(failed.getByRole('cell').nth(2).innerText()).resolves.toBe(
      'Invalid parameters (4001)\norders[2].quantity: must be an integer from 1 to 999',
    );
    // Server words the code's already hold ("Insufficient credit") add no second line.
    const noCredit = wp.page.getByRole('row').filter({ hasText: '2001' });
    await expect(noCredit.getByRole('cell').nth(2).innerText()).resolves.toBe(
      'Insufficient credit (or credit frozen) (2001)',
    );
    // A long merchant order number is cut in the middle (its two shown parts); the whole value is
    // its title, and what assistive tech reads.
    const cut = wp.page.locator(`td .middle-truncate[title="${longNo}"]`);
    await expect(
      cut.evaluate((el) =>
        [...el.querySelectorAll('[aria-hidden="true"]')].map((part) => part.textContent).join(''),
      ),
    ).resolves.toBe(longNo);
    await expect(cut.locator('.middle-truncate-whole').textContent()).resolves.toBe(longNo);
    expect(await axeAtBothWidths(wp, `/batches/${batch.batch_no}`)).toEqual({});

    // The batch page's one way in: the summary of an order placed in it links its batch, there
    // and back (nothing else in the portal leads to a batch). An order placed alone names none.
    const placed = batch.items.find((i) => i.order)!.order!;
    await wp.page.getByRole('link', { name: placed.order_no }).click();
    await wp.page.getByRole('heading', { level: 1, name: `Order ${placed.order_no}` }).waitFor();
    const summary = wp.page.getByRole('region', { name: 'Summary' });
    await summary.getByRole('link', { name: batch.batch_no, exact: true }).click();
    await wp.page.getByRole('heading', { level: 1, name: `Batch ${batch.batch_no}` }).waitFor();
    // And from the batch back to the orders list, as from an order.
    await wp.page.getByRole('link', { name: 'Back to orders', exact: true }).click();
    await wp.page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    await wp.page.goBack();
    await wp.page.getByRole('heading', { level: 1, name: `Batch ${batch.batch_no}` }).waitFor();
    await wp.page.evaluate(`localStorage.setItem('tradepost.language', 'zh-CN')`);
    await wp.page.reload();
    await wp.page.getByRole('heading', { level: 2, name: '批次明细' }).waitFor();
    await wp.page.evaluate(`localStorage.setItem('tradepost.language', 'en')`);
    const alone = await bendClient(e2e.server, m.app).orders.create(item);
    await wp.page.goto(`/orders/${alone.order_no}`);
    await wp.page.getByRole('heading', { level: 1, name: `Order ${alone.order_no}` }).waitFor();
    // The heading shows before the order's facts arrive: wait for them.
    await expect
      .poll(() => wp.page.getByRole('region', { name: 'Summary' }).locator('dt').allInnerTexts())
      .toEqual(['Status', 'Your order No', 'Amount', 'Created', 'Updated']);

    const api = `${e2e.server.url}/portal/api`;
    const theirOrder = await wp.context.request.get(`${api}/orders/${order.order_no}`);
    const unknown = await wp.context.request.get(`${api}/orders/ORD${'9'.repeat(20)}`);
    expect([theirOrder.status(), unknown.status()]).toEqual([404, 404]);
    expect(await theirOrder.json()).toEqual(await unknown.json());
    const otherBatch = await wp.context.request.get(`${api}/batches/${theirBatch.batch_no}`);
    expect(otherBatch.status()).toBe(404);

    const anonymous = await e2e.open();
    const r = await anonymous.context.request.get(`${api}/dashboard`);
    expect(r.status()).toBe(401);
    expect(await r.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });
});
