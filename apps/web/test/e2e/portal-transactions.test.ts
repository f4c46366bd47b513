/**
 * Transaction history in a real browser, on both databases: filters by type and date (kept in the
 * URL), and the CSV the browser downloads holds exactly the filtered ledger the B-End API answers
 * (called for real through the SDK) and the rows the table shows.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../server/test/helpers/databases.ts';
import { address, newProduct } from '../../../server/test/helpers/factories.ts';
import {
  axeAtBothWidths,
  bendClient,
  farFromUtc,
  settled,
  signInPortal,
  usd,
  useE2E,
} from '../helpers/fixture.ts';
import { DESKTOP, PHONE } from '../helpers/browser.ts';

const referenceNos = (page: Page) =>
  page
    .getByRole('region', { name: 'Transaction history' })
    .locator('tbody tr td:first-child')
    .allTextContents();

describeEachDatabase('portal transactions', (database) => {
  const e2e = useE2E(database);

  it('filters by type and date; the downloaded CSV is the filtered ledger B-End answers; the page passes axe', async () => {
    const m = await e2e.server.createMerchant({ creditLimit: '1000.00' });
    const p = await newProduct(e2e.server.services, { price: '12.30' });
    const sdk = bendClient(e2e.server, m.app);
    for (let i = 0; i < 3; i++) {
      await sdk.orders.create({
        goods_id: p.goodsId,
        sku_id: p.skuId,
        quantity: i + 1,
        shipping_address: address,
      });
    }
    await e2e.server.services.credit.adjust(m.merchantId, {
      type: 'repayment',
      amount: '5.00',
      note: 'wire, "ref" =1',
    });

    const wp = await e2e.open();
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Transactions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Transaction history' }).waitFor();
    await settled(page);
    const all = await sdk.credit.listTransactions({ page_size: 100 });
    await expect.poll(() => referenceNos(page)).toEqual(all.items.map((t) => t.reference_no));
    // The pager reads the page answer itself: 4 entries fit one page of 20.
    // A phone shows each entry as a card, every column a named line: the amount and balances
    // without a sideways scroll (a scrolled table showed only the reference and the type).
    await page.setViewportSize(PHONE);
    const history = page.getByRole('region', { name: 'Transaction history' });
    expect(await history.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const amount = history.locator('tbody tr').first().locator('td').nth(2);
    expect(await amount.getAttribute('data-label')).toBe('Amount');
    // The balances are the available credit around each entry (bend-v1.md), and say so.
    const firstRow = history.locator('tbody tr').first().locator('td');
    expect([
      await firstRow.nth(3).getAttribute('data-label'),
      await firstRow.nth(4).getAttribute('data-label'),
    ]).toEqual(['Available before', 'Available after']);
    const box = (await amount.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(DESKTOP);
    const pager = page.getByRole('navigation', { name: 'Pagination' });
    await pager.getByText(`Page 1 of 1 (${all.total} in all)`).waitFor();
    await expect(pager.getByRole('button', { name: 'Next' }).isDisabled()).resolves.toBe(true);

    await page.getByRole('button', { name: /Type$/ }).click();
    await page.getByRole('option', { name: 'Order' }).click();
    await page.waitForURL(/[?&]type=order/);
    const orders = await sdk.credit.listTransactions({ type: 'order', page_size: 100 });
    expect(orders.items).toHaveLength(3);
    await expect.poll(() => referenceNos(page)).toEqual(orders.items.map((t) => t.reference_no));
    // Each order entry shows its amount and balances and links to its order.
    const first = orders.items[0]!;
    const row = page.getByRole('row', { name: new RegExp(first.reference_no) });
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(2, 5)).toEqual([
      usd(first.amount),
      usd(first.balance_before),
      usd(first.balance_after),
    ]);
    await expect(row.getByRole('link').textContent()).resolves.toBe(first.order_no);

    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel('From', { exact: true }).fill(today);
    await page.waitForURL(new RegExp(`from=${today}`));
    await expect.poll(() => referenceNos(page)).toHaveLength(3);

    // The CSV of this filter, downloaded by the browser, row for row the B-End ledger.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    // A byte order mark first, for Excel (doors/web/csv.ts).
    expect(lines[0]).toBe(
      '\ufeffreference_no,type,amount,balance_before,balance_after,currency,order_no,description,created_at',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 7).join(','))).toEqual(
      orders.items.map((t) =>
        [t.reference_no, t.type, t.amount, t.balance_before, t.balance_after, t.currency, t.order_no].join(
          ',',
        ),
      ),
    );

    await page.getByLabel('From', { exact: true }).fill('1999-12-01');
    await page.getByLabel('To', { exact: true }).fill('2000-01-01');
    await page.getByText('No transactions match these filters.').waitFor();
    expect(new URL(page.url()).search).toBe('?type=order&from=1999-12-01&to=2000-01-01');
    const [empty] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect((await readFile((await empty.path())!, 'utf8')).trimEnd().split('\r\n')).toHaveLength(1);
    // A range that ends before it starts is named on the field, and not asked for: no second copy
    // of the refusal under the filters, no Retry of a request that would fail again.
    const asked: string[] = [];
    page.on('request', (r) => void asked.push(decodeURIComponent(r.url())));
    await page.getByLabel('From', { exact: true }).fill('2000-02-01');
    await page.getByText('Must not be after the “To” date.').waitFor();
    await settled(page);
    expect(await page.getByText('Must not be after the “To” date.').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    expect(asked.filter((u) => u.includes('from=2000-02-01'))).toEqual([]);
    // So is a bound in a hand-edited URL that is no day: on its field, with the field's label.
    await page.goto('/transactions?from=garbage');
    await settled(page);
    const from = page.getByLabel('From', { exact: true });
    expect(await from.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('must be a date like 2026-11-28').waitFor();
    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    expect(asked.filter((u) => u.includes('garbage') && u.includes('/api/'))).toEqual([]);

    expect(await axeAtBothWidths(wp, '/transactions')).toEqual({});
    expect(wp.problems).toEqual([]);
  });

  it('pages hold still while entries arrive: Next and Previous read the ledger as it was, a notice counts the newer entries and shows them', async () => {
    const m = await e2e.server.createMerchant({ creditLimit: '1000.00' });
    // 24 entries with the limit: two pages of 20.
    for (let i = 0; i < 23; i++)
      await e2e.server.services.credit.adjust(m.merchantId, { type: 'adjustment', amount: '-1.00' });
    const sdk = bendClient(e2e.server, m.app);
    const before = (await sdk.credit.listTransactions({ page_size: 100 })).items.map((t) => t.reference_no);
    expect(before).toHaveLength(24);

    const wp = await e2e.open();
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    await page.goto(new URL('/transactions', e2e.server.url).href);
    await page.getByRole('heading', { level: 1, name: 'Transaction history' }).waitFor();
    await expect.poll(() => referenceNos(page)).toEqual(before.slice(0, 20));

    // Three entries arrive while page 1 is being read, one of them an order through the B-End API.
    const p = await newProduct(e2e.server.services, { price: '2.00' });
    await sdk.orders.create({ goods_id: p.goodsId, sku_id: p.skuId, quantity: 1, shipping_address: address });
    await e2e.server.services.credit.adjust(m.merchantId, { type: 'adjustment', amount: '-1.00' });
    await e2e.server.services.credit.adjust(m.merchantId, { type: 'repayment', amount: '3.00' });
    const after = (await sdk.credit.listTransactions({ page_size: 100 })).items.map((t) => t.reference_no);
    expect(after).toHaveLength(27);

    const pager = page.getByRole('navigation', { name: 'Pagination' });
    await pager.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/[?&]page=2/);
    expect(new URL(page.url()).searchParams.get('as_of')).toBe('24');
    // The last 4 of the 24 there were, not 3 of page 1 again.
    await expect.poll(() => referenceNos(page)).toEqual(before.slice(20));
    await pager.getByText('Page 2 of 2 (24 in all)').waitFor();
    const notice = page.getByRole('status').filter({ hasText: 'Entries added since this list was read: 3.' });
    await notice.waitFor();

    // The browser's Back returns to page 1 (a page move is pushed to the history), Forward to page 2.
    await page.goBack();
    await expect.poll(() => referenceNos(page)).toEqual(before.slice(0, 20));
    await page.goForward();
    await expect.poll(() => referenceNos(page)).toEqual(before.slice(20));
    await pager.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => referenceNos(page)).toEqual(before.slice(0, 20));
    await notice.getByRole('button', { name: 'Show the newest' }).click();
    await expect.poll(() => referenceNos(page)).toEqual(after.slice(0, 20));
    expect(new URL(page.url()).search).toBe('');
    await expect(notice.count()).resolves.toBe(0);

    // A link to a page past the end, read as of earlier: nothing there, but the notice still counts
    // what came since and leads to it.
    await page.goto(new URL('/transactions?page=3&as_of=24', e2e.server.url).href);
    await page.getByText('No transactions match these filters.').waitFor();
    await notice.getByRole('button', { name: 'Show the newest' }).click();
    await expect.poll(() => referenceNos(page)).toEqual(after.slice(0, 20));
    expect(wp.problems).toEqual([]);
  });

  it('far from UTC the date filter’s days are the reader’s days, as the table shows them, and so are the CSV’s', async () => {
    const { tz, dayIn, shownDay } = farFromUtc();
    const m = await e2e.server.createMerchant({ creditLimit: '300.00' });
    await e2e.server.services.credit.adjust(m.merchantId, { type: 'adjustment', amount: '-7.25' });
    const ledger = (await bendClient(e2e.server, m.app).credit.listTransactions({ page_size: 100 })).items;
    const local = dayIn(ledger[0]!.created_at);
    const utc = ledger[0]!.created_at.slice(0, 10);
    expect(local).not.toBe(utc);
    const onDay = (day: string) =>
      ledger.filter((t) => dayIn(t.created_at) === day).map((t) => t.reference_no);
    expect(onDay(local)).toContain(ledger[0]!.reference_no);

    const wp = await e2e.open({ timezoneId: tz });
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    const rowsOn = async (day: string) => {
      await page.goto(`/transactions?from=${day}&to=${day}`);
      await page.getByRole('heading', { level: 1, name: 'Transaction history' }).waitFor();
      await settled(page);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Export CSV' }).click(),
      ]);
      const csv = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n');
      return {
        refs: await referenceNos(page),
        csv: csv.slice(1).map((l) => l.split(',')[0]),
        file: download.suggestedFilename(),
      };
    };
    // The reader's day lists its rows, each dated that day; the export holds the same rows.
    const today = await rowsOn(local);
    expect(today.refs).toEqual(onDay(local));
    expect(today.csv).toEqual(today.refs);
    expect(today.file).toBe(`transactions-from-${local}-to-${local}.csv`);
    const dates = await page
      .getByRole('region', { name: 'Transaction history' })
      .locator('tbody tr td:last-child')
      .allTextContents();
    const shown = shownDay(ledger[0]!.created_at); // "Nov 29, 2026"
    expect(dates).toHaveLength(today.refs.length);
    for (const d of dates) expect(d.startsWith(`${shown}, `), d).toBe(true);
    // UTC's day is another local day: only rows dated that day, if any.
    const other = await rowsOn(utc);
    expect(other.refs).toEqual(onDay(utc));
    expect(other.csv).toEqual(other.refs);
    expect(wp.problems).toEqual([]);
  });

  it('a filter a hand-edited URL gets wrong is named on the page, in the reader’s language', async () => {
    const m = await e2e.server.createMerchant();
    const wp = await e2e.open();
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    await page.goto(new URL('/transactions?from=yesterday&to=2026-02-30', e2e.server.url).href);
    // On each field (under its label), not as a list's load failure.
    const filters = page.getByRole('group', { name: 'Filters' });
    await filters.getByText('must be a date like 2026-11-28', { exact: true }).waitFor();
    await page.evaluate(`localStorage.setItem('tradepost.language', 'zh-CN')`);
    await page.reload();
    const zhFilters = page.getByRole('group', { name: '筛选' });
    await zhFilters.getByText('必须是日期，格式如 2026-11-28', { exact: true }).waitFor();
    await zhFilters.getByText('不是有效的日期', { exact: true }).waitFor();
    expect(await page.getByLabel('结束日期', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  });
});
