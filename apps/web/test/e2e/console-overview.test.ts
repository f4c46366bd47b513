/**
 * The console's overview in a real browser on both databases, on a server of its own (its figures
 * are the whole platform's): an operator signs in onto it; it shows the orders waiting in each
 * status (how many, how long the oldest has waited) with a link to the queue filtered to each, the
 * credit granted and used per currency, the merchants closest to their limit linked to their page,
 * and the failing webhooks; the same in 简体中文; axe finds nothing at 1280 and 390 px, and a phone
 * shows it without scrolling sideways.
 */
import { expect, it } from 'vitest';
import { orderRequest, testProduct, uid } from '../../../server/test/helpers/factories.ts';
import { OPERATOR_PASSWORD } from '../../../server/test/helpers/web-client.ts';
import { DESKTOP, PHONE } from '../helpers/browser.ts';
import { axeAtBothWidths, settled, sidewaysScroll, signInConsole, useE2E } from '../helpers/fixture.ts';
import { describeEachDatabase } from '../../../server/test/helpers/databases.ts';

describeEachDatabase('console overview in the browser', (database) => {
  const e2e = useE2E(database);

  it('lands on the overview; waiting orders, credit per currency and the closest to their limit, each linked', async () => {
    const { server } = e2e;
    const [product] = await server.addProducts([testProduct({ price: '45.00', stock: 50 })]);
    const near = await server.createMerchant({ creditLimit: '100.00' });
    const far = await server.createMerchant({ creditLimit: '900.00' });
    const euro = await server.createMerchant({ creditLimit: '250.00', currency: 'EUR' });
    await server.services.credit.setStatus(euro.merchantId, 'frozen');
    const order = (merchantId: string, quantity: number) =>
      server.services.orders.create(
        merchantId,
        orderRequest(product as Parameters<typeof orderRequest>[0], { quantity }),
      );
    await order(near.merchantId, 2); // 90.00 of 100.00
    await order(far.merchantId, 1); // 45.00 of 900.00
    const admin = `admin-${uid()}@ops.example`;
    await server.services.operators.create({ email: admin, password: OPERATOR_PASSWORD, role: 'admin' });

    const ops = await e2e.open();
    const { page } = ops;
    await signInConsole(page, admin, OPERATOR_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/overview');
    await settled(page);

    const waiting = page.getByRole('region', { name: 'Waiting on an operator' });
    const pending = waiting.locator('tr[data-status="pending"]');
    await expect.poll(() => pending.locator('td').nth(1).textContent()).toBe('2');
    expect(await pending.locator('td').nth(2).textContent()).toMatch(/minute|now/);
    expect(await waiting.locator('tr[data-status="shipped"] td').nth(2).textContent()).toBe('—');

    const credit = page.getByRole('region', { name: 'Credit granted' });
    expect(await credit.locator('tr[data-currency="USD"] td').allTextContents()).toEqual([
      'USD',
      '2',
      '$1,000.00',
      '$135.00',
      '13.5%',
      '0',
    ]);
    expect(await credit.locator('tr[data-currency="EUR"] td').allTextContents()).toEqual([
      'EUR',
      '1',
      '€250.00',
      '€0.00',
      '0%',
      '1',
    ]);
    // The frozen count opens the merchants whose credit is frozen.
    await credit.locator('tr[data-currency="EUR"]').getByRole('link', { name: '1' }).click();
    await page.getByRole('heading', { level: 1, name: 'Merchants' }).waitFor();
    expect(new URL(page.url()).search).toBe('?credit_status=frozen');
    await settled(page);
    await expect.poll(() => page.locator('main tbody tr').count()).toBe(1);
    expect(await page.locator('main tbody tr td').first().textContent()).toBe(
      (await server.services.profiles.get(euro.merchantId)).company_name,
    );
    await page.goto('/admin/overview');
    await settled(page);

    // The closest to their limit, most first, each a link to its merchant.
    const closest = page.getByRole('region', { name: 'Closest to their limit' });
    expect(await closest.locator('tbody tr td:last-child').allTextContents()).toEqual(['90%', '5%']);
    await closest.locator('tbody tr').first().getByRole('link').click();
    await page.waitForURL(`**/admin/merchants/${encodeURIComponent(near.merchantId)}`);

    // Pending links to the queue filtered to it.
    await page.goto('/admin/overview');
    await settled(page);
    await waiting.getByRole('link', { name: 'Pending' }).click();
    await page.getByRole('heading', { level: 1, name: 'Order queue' }).waitFor();
    expect(new URL(page.url()).search).toBe('?status=pending');

    // 简体中文: the same page, its own words and numbers.
    await page.goto('/admin/overview');
    await page.evaluate(`localStorage.setItem('tradepost.language', 'zh-CN')`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '概览' }).waitFor();
    await settled(page);
    expect(
      await page
        .getByRole('region', { name: '待运营处理' })
        .locator('tr[data-status="pending"] td')
        .first()
        .textContent(),
    ).toBe('待处理');
    await page.evaluate(`localStorage.setItem('tradepost.language', 'en')`);

    // A phone shows it without scrolling sideways.
    await page.setViewportSize(PHONE);
    await page.goto('/admin/overview');
    await settled(page);
    expect(await sidewaysScroll(page)).toBe(0);
    await page.setViewportSize(DESKTOP);

    // a11y (the page's DOM does not depend on the database).
    if (database.name === 'sqlite') expect(await axeAtBothWidths(ops, '/admin/overview')).toEqual({});
  }, 120_000);
});
