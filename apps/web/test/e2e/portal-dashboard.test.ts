/**
 * The dashboard and credit pages in a real browser, on both databases: the figures a merchant sees
 * are the ones the B-End API answers (called for real through the SDK), and a frozen line's (on a product's page too), the language switch, and
 * both pages' accessibility at desktop and phone widths.
 */
import { expect, it } from 'vitest';
import en from '../../src/i18n/en.json' with { type: 'json' };
import { describeEachDatabase } from '../../../server/test/helpers/databases.ts';
import { address, newProduct } from '../../../server/test/helpers/factories.ts';
import { PHONE } from '../helpers/browser.ts';
import {
  axeAtBothWidths,
  bendClient,
  hasFocus,
  PORTAL_PAGES,
  settled,
  signInPortal,
  usd,
  useE2E,
} from '../helpers/fixture.ts';

describeEachDatabase('portal dashboard', (database) => {
  const e2e = useE2E(database);

  it('shows the credit figures B-End GET /credit answers, the orders and today’s spend; dashboard and credit pass axe', async () => {
    const m = await e2e.server.createMerchant({ creditLimit: '500.00' });
    const p = await newProduct(e2e.server.services, { price: '45.50' });
    const sdk = bendClient(e2e.server, m.app);
    const orders = [];
    for (const quantity of [1, 2]) {
      orders.push(
        await sdk.orders.create({
          goods_id: p.goodsId,
          sku_id: p.skuId,
          quantity,
          shipping_address: address,
        }),
      );
    }
    await e2e.server.services.credit.adjust(m.merchantId, { type: 'repayment', amount: '33.00' });
    // An operator's correction is on the Credit page too, so Used can be reconciled from it.
    await e2e.server.services.credit.adjust(m.merchantId, { type: 'adjustment', amount: '3.50' });
    const credit = await sdk.credit.retrieve();
    expect(credit).toMatchObject({ used: '100.00', available: '400.00', utilization_percent: '20.00' });

    const wp = await e2e.open();
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    await settled(page);
    const figure = (name: string) => page.locator(`[data-figure="${name}"]`).first().textContent();
    expect(await figure('credit_limit')).toBe(usd(credit.credit_limit));
    expect(await figure('used')).toBe(usd(credit.used));
    expect(await figure('available')).toBe(usd(credit.available));
    expect(await figure('utilization')).toBe('20%');
    const recent = page.getByRole('region', { name: 'Recent orders' }).first();
    for (const o of orders) await recent.getByRole('link', { name: o.order_no }).waitFor();
    // Today's spend in the chart's table (the SVG is hidden from screen readers; the table is not).
    const spend = page.locator('table', { has: page.locator('caption') });
    await expect(spend.locator('tbody tr').last().locator('td').last().textContent()).resolves.toBe(
      usd('136.50'),
    );

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Credit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Credit' }).waitFor();
    await settled(page);
    expect(await figure('available')).toBe(usd(credit.available));
    const history = page
      .getByRole('region', { name: 'Limit changes, repayments and adjustments' })
      .first()
      .locator('tbody tr');
    await expect(history.allTextContents()).resolves.toEqual([
      expect.stringContaining('Adjustment'),
      expect.stringContaining('Repayment'),
      expect.stringContaining('Limit change'),
    ]);

    const found = { ...(await axeAtBothWidths(wp, '/')), ...(await axeAtBothWidths(wp, '/credit')) };
    expect(found).toEqual({});

    // Frozen, the line keeps its room but none of it can be spent: both pages say so.
    await e2e.server.services.credit.setStatus(m.merchantId, 'frozen');
    for (const path of ['/', '/credit']) {
      await page.goto(path);
      await page.getByText(en.credit.frozenBanner).waitFor();
      expect(await figure('available')).toBe(usd(credit.available));
      await page.getByText(en.credit.availableFrozen).waitFor();
    }
    // A product's page says it too, instead of an order form the server would refuse.
    await page.goto(`/products/${encodeURIComponent(p.goodsId)}`);
    await page.getByText(en.credit.frozenBanner).waitFor();
    expect(await page.getByRole('button', { name: 'Place order' }).count()).toBe(0);
    expect(wp.problems).toEqual([]);
  });

  it('in Honolulu the chart names each UTC day of the series as that day alike on its axis, tooltip and table; utilization is never rounded up', async () => {
    // 99,995.00 of 100,000.00 used (a correction and today's order), 5.00 left: the API rounds
    // down to "99.99", the page to 99.9%.
    const m = await e2e.server.createMerchant({ creditLimit: '100000.00' });
    await e2e.server.services.credit.adjust(m.merchantId, { type: 'adjustment', amount: '-99990.00' });
    const p = await newProduct(e2e.server.services, { price: '5.00' });
    const sdk = bendClient(e2e.server, m.app);
    await sdk.orders.create({ goods_id: p.goodsId, sku_id: p.skuId, quantity: 1, shipping_address: address });
    const credit = await sdk.credit.retrieve();
    expect(credit).toMatchObject({ available: '5.00', utilization_percent: '99.99' });

    const wp = await e2e.open({ timezoneId: 'Pacific/Honolulu' });
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    await settled(page);
    const figure = page.locator('[data-figure="utilization"]').first();
    expect(await figure.textContent()).toBe('99.9%');
    expect(
      await page.getByRole('meter', { name: 'Utilization' }).first().getAttribute('aria-valuetext'),
    ).toBe('99.9%');

    // The series' days are UTC days: today's, the last, is today in UTC, wherever the reader is.
    const dash = (await (await page.request.get('/portal/api/dashboard')).json()) as {
      daily_spend: { date: string }[];
    };
    const days = dash.daily_spend.map((d) => d.date);
    expect(days.at(-1)).toBe(new Date().toISOString().slice(0, 10));
    const day = (d: string, o: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat('en-US', { ...o, timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));
    const table = page.locator('table', { has: page.locator('caption') });
    await expect(table.locator('tbody tr td:first-child').allTextContents()).resolves.toEqual(
      days.map((d) => day(d, { dateStyle: 'medium' })),
    );
    // The axis's first and last ticks (it keeps both ends), and the tooltip of today's bar.
    const tick = page.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value');
    await tick.first().waitFor(); // drawn once the container has measured itself
    const ticks = await tick.allTextContents();
    expect(ticks.at(0)).toBe(day(days[0]!, { month: 'short', day: 'numeric' }));
    expect(ticks.at(-1)).toBe(day(days.at(-1)!, { month: 'short', day: 'numeric' }));
    await page.locator('.recharts-bar-rectangle').last().hover();
    await expect
      .poll(() => page.locator('.recharts-tooltip-label').textContent())
      .toBe(day(days.at(-1)!, { dateStyle: 'medium' }));
    expect(wp.problems).toEqual([]);
  });

  it('a day whose refunds outweigh its orders is drawn below the axis, in its own colour, and says why', async () => {
    const m = await e2e.server.createMerchant({ creditLimit: '500.00' });
    const p = await newProduct(e2e.server.services, { price: '20.00' });
    const order = await e2e.server.services.orders.create(m.merchantId, {
      goods_id: p.goodsId,
      sku_id: p.skuId,
      quantity: 1,
      shipping_address: address,
    });
    // Placed yesterday (its debit moved back a day), cancelled today: today is -20.00 net.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    await e2e.server.running.ctx.writer.run((trx) =>
      trx
        .updateTable('credit_transactions')
        .set({ created_at: yesterday })
        .where('merchant_id', '=', m.merchantId)
        .where('type', '=', 'order')
        .execute(),
    );
    await e2e.server.services.orders.cancel(m.merchantId, order.order_no, { reason: 'not needed' });

    const wp = await e2e.open();
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    // Named, as the table names it: a $20.00 refund beside larger orders is too short a bar to see.
    const today = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(),
    );
    await page.getByText(en.dashboard.refundDays.replace('{{days}}', today)).waitFor();
    const table = page.locator('table', { has: page.locator('caption') });
    const lastTwo = (await table.locator('tbody tr td:last-child').allTextContents()).slice(-2);
    expect(lastTwo).toEqual([usd('20.00'), usd('-20.00')]);
    const bars = page.locator('.recharts-bar-rectangle path');
    await bars.last().waitFor();
    expect(await bars.last().getAttribute('fill')).toBe('#0f766e');
    expect(wp.problems).toEqual([]);
  });

  it('switches to 中文 and back from any page, remembered across reloads; on a phone the pages are behind Menu', async () => {
    const m = await e2e.server.createMerchant({ creditLimit: '1234.50' });
    const { page, problems } = await e2e.open();
    await signInPortal(page, m.email, m.password);
    await settled(page);

    await page.getByRole('button', { name: /Language/ }).click();
    await page.getByRole('option', { name: '简体中文' }).click();
    await page.getByRole('heading', { level: 1, name: '概览' }).waitFor();
    // No spend yet: said in words, not drawn as an empty chart.
    await page.getByText('最近 30 天没有支出。').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '概览' }).waitFor();
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '交易记录' }).click();
    await page.getByRole('heading', { level: 1, name: '交易记录' }).waitFor();
    await settled(page);
    // The new page is told: its heading is the tab's title, and focus is on it (not on <body>).
    expect(await page.title()).toBe('交易记录 · Tradepost');
    expect(await hasFocus(page.getByRole('heading', { level: 1, name: '交易记录' }))).toBe(true);
    // Every string went through the translation files: no key shows as text.
    const text = await page.locator('body').innerText();
    const keyLike = new RegExp(`\\b(${Object.keys(en).join('|')})\\.[a-z][A-Za-z.]*\\b`);
    expect(text).not.toMatch(keyLike);
    expect(text).not.toMatch(/\bDashboard|Transactions|Sign out\b/);

    await page.getByRole('button', { name: /语言/ }).click();
    await page.getByRole('option', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Transaction history' }).waitFor();
    await expect.poll(() => page.title()).toBe('Transaction history · Tradepost');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Transaction history' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    // On a phone the navigation folds behind Menu: every page one tap away, nothing sideways.
    await page.setViewportSize(PHONE);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await nav.isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    for (const [path] of PORTAL_PAGES) expect(await nav.locator(`a[href="${path}"]`).isVisible()).toBe(true);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await nav.getByRole('link', { name: 'Credit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Credit' }).waitFor();
    expect(await hasFocus(page.getByRole('heading', { level: 1, name: 'Credit' }))).toBe(true);
    expect(await page.title()).toBe('Credit · Tradepost');
    expect(await nav.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(problems).toEqual([]);
  });
});
