/**
 * A merchant's whole ledger in the console, in a real browser on both databases: from the
 * merchant's page an operator opens all its transactions, filters them by type (in the URL), and
 * downloads the CSV of that filter, which holds exactly the entries the merchant's own export
 * holds; the page goes back to the merchant, reads in 简体中文, and passes axe at 1280 and 390 px.
 */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { uid } from '../../../server/test/helpers/factories.ts';
import { OPERATOR_PASSWORD, webClient } from '../../../server/test/helpers/web-client.ts';
import { describeEachDatabase } from '../../../server/test/helpers/databases.ts';
import { axeAtBothWidths, settled, signInConsole, useE2E } from '../helpers/fixture.ts';

describeEachDatabase("a merchant's ledger in the console", (database) => {
  const e2e = useE2E(database);

  it('all transactions from the merchant page; a type filter; its CSV is the merchant’s own export of it', async () => {
    const { server } = e2e;
    const m = await server.createMerchant({ creditLimit: '300.00' });
    await server.services.credit.adjust(m.merchantId, { type: 'adjustment', amount: '-40.00' });
    await server.services.credit.adjust(m.merchantId, { type: 'repayment', amount: '15.00', note: 'wire 7' });
    await server.services.credit.adjust(m.merchantId, { type: 'repayment', amount: '5.00', note: 'wire 8' });
    const company = (await server.services.profiles.get(m.merchantId)).company_name;
    const admin = `admin-${uid()}@ops.example`;
    await server.services.operators.create({ email: admin, password: OPERATOR_PASSWORD, role: 'admin' });

    const ops = await e2e.open();
    const { page } = ops;
    await signInConsole(page, admin, OPERATOR_PASSWORD);
    await page.goto(`/admin/merchants/${encodeURIComponent(m.merchantId)}`);
    await settled(page);
    await page.getByRole('link', { name: 'All transactions' }).click();
    const title = `${company}: transaction history`;
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await settled(page);
    // Each entry's type, without the note shown under it ("Repayment“wire 8”").
    const types = async () =>
      (
        await page.getByRole('region', { name: title }).locator('tbody tr td:nth-child(2)').allTextContents()
      ).map((cell) => cell.replace(/“.*”$/, ''));
    await expect.poll(types).toEqual(['Repayment', 'Repayment', 'Adjustment', 'Limit change']);

    await page.getByRole('button', { name: /Type$/ }).click();
    await page.getByRole('option', { name: 'Repayment' }).click();
    await page.waitForURL(/[?&]type=repayment/);
    await expect.poll(types).toEqual(['Repayment', 'Repayment']);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`transactions-${m.merchantId}-repayment.csv`);
    const csv = await readFile((await download.path())!, 'utf8');
    const portal = webClient(server.url, 'portal');
    expect((await portal.signIn(m.email, m.password)).status).toBe(200);
    const own = await portal.call('GET', '/transactions.csv?type=repayment');
    // (The download keeps the byte order mark that fetch's text() drops.)
    expect(csv.replace(/^\ufeff/, '')).toBe(own.text);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(3);

    await page.getByRole('link', { name: 'Back to the merchant' }).click();
    await page.getByRole('heading', { level: 1, name: company }).waitFor();

    const path = `/admin/merchants/${encodeURIComponent(m.merchantId)}/transactions`;
    await page.goto(path);
    await page.evaluate(`localStorage.setItem('tradepost.language', 'zh-CN')`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: `${company}：交易记录` }).waitFor();
    await page.evaluate(`localStorage.setItem('tradepost.language', 'en')`);

    if (database.name === 'sqlite') expect(await axeAtBothWidths(ops, path)).toEqual({});
  }, 120_000);
});
