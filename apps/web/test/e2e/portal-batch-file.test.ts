/**
 * A batch from a file in a real browser, on both databases: from the Orders page the merchant
 * downloads the template, chooses a CSV whose second line is out of stock, and lands on the
 * batch's page with one order placed and one refused (in words, then its code and SKU); the credit
 * shows the one debit. A file with a bad line or a SKU the catalog does not sell places nothing and
 * lists those lines under the button, in the file's words. The page
 * passes axe at both widths. The Orders page's export has the order placed.
 */
import { BATCH_CSV_COLUMNS } from '@tradepost/web-contract';
import type { Download } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../server/test/helpers/databases.ts';
import { address, testProduct } from '../../../server/test/helpers/factories.ts';
import { axeAtBothWidths, bendClient, chooseFile, signInPortal, useE2E } from '../helpers/fixture.ts';

/** A download's whole content, as text. */
async function readAll(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

describeEachDatabase('portal batch from a file', (database) => {
  const e2e = useE2E(database);

  it('places a file as one batch and shows every line; a bad file places nothing and names its line', async () => {
    const [plenty, scarce] = await e2e.server.addProducts([
      testProduct({ price: '4.00', stock: 50 }),
      testProduct({ price: '1.00', stock: 1 }),
    ]);
    const m = await e2e.server.createMerchant({ creditLimit: '100.00' });
    const line = (p: NonNullable<typeof plenty>, quantity: string, mon: string) =>
      [
        mon,
        p.goods_id,
        p.skus[0]!.sku_id,
        quantity,
        address.name,
        address.phone,
        `"${address.address}"`,
        address.city,
        address.postal_code,
        address.country,
      ].join(',');
    const csv = (lines: string[]) => ({
      name: 'orders.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([BATCH_CSV_COLUMNS.join(','), ...lines].join('\n')),
    });

    const wp = await e2e.open();
    const { page } = wp;
    await signInPortal(page, m.email, m.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('link', { name: 'Place a batch from a file' }).click();
    await page.getByRole('heading', { level: 1, name: 'Batch from a file' }).waitFor();

    // The template is the header the server reads, and an example line.
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download a template' }).click();
    expect((await readAll(await download)).split('\n')[0]).toBe(BATCH_CSV_COLUMNS.join(','));

    // A bad line: nothing placed, the line named under the button.
    // The field speaks the page's language (the browser's own file input would not): a button, the name.
    await page.getByText('No file chosen').waitFor();
    // Its phone left out too: a column is named as the file spells it where its label reads otherwise.
    const bad = line(plenty!, 'two', 'F-2').replace(`,${address.phone},`, ',,');
    // And a SKU mistyped: the catalog's part of the check, on the same list, before anything is placed.
    const typo = line(plenty!, '1', 'F-3').replace(plenty!.skus[0]!.sku_id!, 'S-TYPO');
    await chooseFile(page, 'CSV file Choose a file', csv([line(plenty!, '2', 'F-1'), bad, typo]));
    const reference = page.getByLabel('Your batch No');
    expect(await reference.inputValue()).toMatch(/^BATCH-\d{8}-[0-9a-f]{8}$/);
    await page.getByRole('button', { name: 'Place orders' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('Nothing was saved: fix the lines below, then try again.').waitFor();
    expect(await alert.getByRole('listitem').allTextContents()).toEqual([
      'Line 3: Quantity: must be an integer from 1 to 999; Phone (recipient_phone): is required',
      'Line 4: SKU (sku_id): "S-TYPO" is not in the catalog',
    ]);
    const api = bendClient(e2e.server, m.app);
    expect((await api.orders.list()).total).toBe(0);

    // A good file: the batch page with both results; one debit of 8.00.
    await chooseFile(page, 'CSV file Choose a file', {
      ...csv([line(plenty!, '2', 'G-1'), line(scarce!, '3', 'G-2')]),
      name: 'orders-2.csv',
    });
    await page.getByRole('button', { name: 'Place orders' }).click();
    await page.getByRole('heading', { level: 1, name: /^Batch / }).waitFor();
    await page.getByText('1 placed, 1 failed, of 2').waitFor();
    const rows = page.getByRole('region', { name: 'Batch items' }).locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toContain('G-1');
    expect(await rows.nth(1).innerText()).toContain('G-2');
    // The refusal in words, its code after, and which SKU beneath.
    expect(await rows.nth(1).getByRole('cell').nth(2).innerText()).toBe(
      `Product out of stock (3002)\nsku_id ${scarce!.skus[0]!.sku_id}, quantity 3`,
    );
    expect((await api.credit.retrieve()).available).toBe('92.00');

    // The Orders page exports what it lists: the one order placed, with its recipient.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
    const exported = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export CSV' }).click();
    const lines = (await readAll(await exported)).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('G-1');

    expect(await axeAtBothWidths(wp, '/batches/new')).toEqual({});
  });
});
