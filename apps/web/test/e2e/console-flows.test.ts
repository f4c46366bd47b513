/**
 * The operator console end to end (issue #8 "Tests"), in a real browser on both databases: an
 * operator creates a merchant (temporary password shown once) and the CLI's `app create` gives it an
 * App; the merchant orders through the B-End API with the SDK; the operator ships one order with a
 * tracking number and the merchant sees `shipped` with it through the B-End API, the Action API and
 * the portal (long ids cut in the middle of their cells, the end that tells them apart in sight,
 * the whole value in the tooltip and in a copy); a cancel refunds and the ledger chain holds; an
 * order's own page shows where it stands and who moved it, and moves it; two orders are moved in
 * bulk and shipped by CSV (a bad line reported by number, nothing half applied), two more
 * cancelled at once with one reason; a support operator is offered no change (the server's 403s:
 * admin-console.test.ts); the audit log shows each step; a repayment beyond what is used is
 * refused on its field, one within is restated with the line before and after for confirmation
 * before it posts; every console page passes axe at 1280 and 390 px, and the catalog's long
 * product titles wrap on a phone instead of pushing the page sideways.
 */
import { readFile } from 'node:fs/promises';
import { Tradepost } from '@tradepost/sdk';
import { expect, it } from 'vitest';
import { auditEntries } from '../../../server/src/modules/audit/audit.entries.ts';
import { recordAudit, SYSTEM_ACTOR } from '../../../server/src/modules/audit/audit.service.ts';
import { callAction } from '../../../server/test/action/action-http.ts';
import { describeEachDatabase } from '../../../server/test/helpers/databases.ts';
import { COUNT_CAP } from '../../../server/src/db/paginate.ts';
import { OPERATOR_PASSWORD as OP_PASSWORD, operatorClient } from '../../../server/test/helpers/web-client.ts';
import { address, orderRequest, testProduct, uid } from '../../../server/test/helpers/factories.ts';
import { expectLedgerConsistent } from '../../../server/test/helpers/ledger.ts';
import { DESKTOP, PHONE } from '../helpers/browser.ts';
import {
  axeAtBothWidths,
  bendClient,
  chooseFile,
  describedBy,
  hasFocus,
  farFromUtc,
  orderAction,
  settled,
  sidewaysScroll,
  shownId,
  signInConsole,
  useE2E,
  type E2E,
} from '../helpers/fixture.ts';

const NEW_PASSWORD = 'a merchant passphrase of words';
// Long ids that share a prefix and differ at the end, as merchants' order numbers and carriers'
// tracking numbers do: each table cuts them in the middle, so the end that tells them apart shows.
const merchantOrderNo = (k: string) => `SO-2026-11-29-ACME-WAREHOUSE-00012${k}`;
const TRACKING = '1Z999AA10123456784';
const LONG_TITLE = 'Stainless steel electric kettle with temperature control, keep-warm and a 1.7 litre jug';

const SUPPORT_ONLY =
  'Only an admin makes changes here; your role (support) can read everything and move orders.';

/** An order of a fresh merchant's that an admin moved to processing (one audit entry on it). */
async function orderMovedByAdmin(server: E2E['server']) {
  const [product] = await server.addProducts([testProduct({ price: '3.00', stock: 5 })]);
  const m = await server.createMerchant({ creditLimit: '100.00' });
  const order = await server.services.orders.create(
    m.merchantId,
    orderRequest(product as Parameters<typeof orderRequest>[0]),
  );
  const admin = await operatorClient(server, 'admin');
  const moved = await admin.call('POST', `/orders/${order.order_no}/transition`, { status: 'processing' });
  expect(moved.status).toBe(200);
  return { m, order, admin };
}

describeEachDatabase('operator console in the browser', (database) => {
  const e2e = useE2E(database);

  it('create a merchant, ship, cancel, bulk and CSV ship, support offered no change, audit', async () => {
    const { server } = e2e;
    const [product] = await server.addProducts([
      testProduct({ price: '10.00', stock: 50 }),
      testProduct({ title: LONG_TITLE }),
    ]);
    const admin = `admin-${uid()}@ops.example`;
    const support = `support-${uid()}@ops.example`;
    await server.services.operators.create({ email: admin, password: OP_PASSWORD, role: 'admin' });
    await server.services.operators.create({ email: support, password: OP_PASSWORD, role: 'support' });

    const [ops, sup, portal] = await Promise.all([e2e.open(), e2e.open(), e2e.open()]);
    const supportReady = signInConsole(sup.page, support, OP_PASSWORD);
    const { page } = ops;
    await signInConsole(page, admin, OP_PASSWORD);

    // The operator creates the merchant; its temporary password is shown once.
    const email = `m-${uid()}@example.com`;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Merchants' }).click();
    const form = page.getByRole('form', { name: 'Create merchant' });
    await form.getByLabel('Login e-mail').fill(email);
    await form.getByLabel('Company name').fill('Acme Trading');
    await form.getByLabel('Credit limit').fill('1000.00');
    await form.getByRole('button', { name: 'Create merchant' }).click();
    const shown = page.getByRole('dialog', { name: 'Temporary password' });
    const tempPassword = await shown.getByRole('textbox', { name: 'Temporary password' }).inputValue();
    await shown.getByText('I have saved it somewhere safe').click();
    await shown.getByRole('button', { name: 'Done' }).click();
    await form.getByRole('link', { name: 'Open' }).click();
    await page.waitForURL(/\/admin\/merchants\/[^/]+$/);
    const merchantId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(await page.content()).not.toContain(tempPassword);

    // `tradepost app create` (the same service), then real B-End orders through the SDK.
    const app = await server.services.apps.create(merchantId, 'ERP', {
      inUnit: (trx, a) => recordAudit(trx, SYSTEM_ACTOR, auditEntries.appCreated(merchantId, a)),
    });
    const sdk = new Tradepost({
      baseUrl: `${server.url}/api/v1`,
      appId: app.app_id,
      secretKey: app.secret_key,
      signKey: app.sign_key,
    });
    const [a, b, c, d] = await Promise.all(
      ['A', 'B', 'C', 'D'].map((k) =>
        sdk.orders.create(
          orderRequest(product as Parameters<typeof orderRequest>[0], {
            merchant_order_no: merchantOrderNo(k),
          }),
        ),
      ),
    );

    // The queue of this merchant's orders: its name typed, the merchant picked from the matches.
    await page.goto('/admin/orders');
    const merchantFilter = page.getByRole('combobox', { name: 'Merchant' });
    await merchantFilter.fill('acme trad');
    await page.getByRole('option', { name: new RegExp(merchantId) }).click();
    await page.waitForURL(new RegExp(`[?&]merchant_id=${merchantId}`));
    expect(await merchantFilter.inputValue()).toBe('Acme Trading');

    // Ship A with a tracking number, one step at a time along the state machine.
    const rowOf = (orderNo: string) => page.getByRole('row').filter({ hasText: orderNo });
    // Each row's moves are one compact menu, so the queue fits 1280 px with no sideways scroll.
    const act = (orderNo: string, move: string) => orderAction(page, orderNo, move);
    await rowOf(a!.order_no).waitFor();
    const queue = page.getByRole('region', { name: 'Order queue' }).last();
    await expect(queue.getByRole('columnheader').allInnerTexts()).resolves.toEqual([
      'Select all on this page',
      'Order No',
      'Merchant order No',
      'Merchant',
      'Status',
      'Qty',
      'Amount',
      'Created',
      'Actions',
    ]);
    const fits = await queue.evaluate((el) => [
      el.scrollWidth <= el.clientWidth,
      el.getBoundingClientRect().right,
    ]);
    expect(fits).toEqual([true, expect.any(Number)]);
    expect(fits[1]).toBeLessThanOrEqual(1280);
    await act(a!.order_no, 'Mark processing');
    await act(a!.order_no, 'Ship');
    const ship = page.getByRole('dialog', { name: `Ship ${a!.order_no}` });
    // Shipped with nothing filled in: refused on the fields, focus on the first of them.
    await ship.getByRole('button', { name: 'Ship' }).click();
    expect(await hasFocus(ship.getByLabel('Carrier'))).toBe(true);
    await ship.getByLabel('Carrier').fill('DHL');
    await ship.getByLabel('Tracking No').fill(TRACKING);
    await ship.getByRole('button', { name: 'Ship' }).click();
    await rowOf(a!.order_no).getByText('Shipped', { exact: true }).waitFor();
    const whole = (value: string) => ({ text: value, cut: true, start: true, end: true, copied: value });
    for (const id of [merchantOrderNo('A'), TRACKING])
      expect(await shownId(rowOf(a!.order_no), id)).toEqual(whole(id));
    // The merchant by its company name (a link to it, its id on hover), the tracking No labelled.
    await rowOf(a!.order_no).getByRole('link', { name: 'Acme Trading' }).waitFor();
    expect(await rowOf(a!.order_no).getByRole('link', { name: 'Acme Trading' }).getAttribute('title')).toBe(
      merchantId,
    );
    expect(await rowOf(a!.order_no).getByText('Tracking No', { exact: true }).count()).toBe(1);

    // The merchant sees it through every door: B-End (SDK), Action API, portal.
    expect(await sdk.orders.retrieve(a!.order_no)).toMatchObject({
      status: 'shipped',
      tracking_no: TRACKING,
    });
    const key = await server.services.apiKeys.create(email);
    const action = await callAction(server.url, key, 'GetOrder', { params: { OrderNo: a!.order_no } });
    expect(action.body).toMatchObject({ status: 'shipped', carrier: 'DHL', tracking_no: TRACKING });
    const mp = portal.page;
    await mp.goto('/sign-in');
    await mp.getByLabel('E-mail').fill(email);
    await mp.getByLabel('Password').fill(tempPassword);
    await mp.getByRole('button', { name: 'Sign in' }).click();
    await mp
      .getByText('An operator set a temporary password for you: choose your own to continue.')
      .waitFor();
    // The account's events wait for the new password (the server refuses them until then).
    expect(await mp.getByRole('heading', { name: 'Credential and sign-in events' }).count()).toBe(0);
    await mp.getByLabel('Current password').fill(tempPassword);
    await mp.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await mp.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await mp.getByRole('button', { name: 'Change password' }).click();
    await mp.getByText('Password changed. Your other sessions are signed out.').waitFor();
    await mp.getByRole('heading', { name: 'Credential and sign-in events' }).waitFor();
    await mp.goto('/orders');
    await settled(mp);
    const mine = mp.getByRole('row').filter({ hasText: a!.order_no });
    expect(await shownId(mine, merchantOrderNo('A'))).toEqual(whole(merchantOrderNo('A')));
    await mp.goto(`/orders/${a!.order_no}`);
    await mp.getByText(TRACKING).waitFor();
    await mp.getByText('Shipped', { exact: true }).first().waitFor();

    // Cancel B with a reason: refunded once, the ledger chain holds.
    await act(b!.order_no, 'Cancel order');
    const cancel = page.getByRole('dialog', { name: `Cancel order ${b!.order_no}` });
    await cancel.getByLabel('Reason').fill('customer changed mind');
    await cancel.getByRole('button', { name: 'Cancel order' }).click();
    await rowOf(b!.order_no).getByText('Cancelled').waitFor();
    const refunds = await server.services.credit.listTransactions(merchantId, { type: 'refund' });
    expect(refunds.items.map((t) => [t.order_no, t.amount])).toEqual([[b!.order_no, '10.00']]);
    expect((await server.services.credit.get(merchantId)).available).toBe('970.00');
    await expectLedgerConsistent(server.running.ctx, merchantId);

    // An order's own page, from its number in the queue: where it stands, and who moved it.
    await rowOf(b!.order_no).getByRole('link', { name: b!.order_no }).click();
    await page.getByRole('heading', { level: 1, name: `Order ${b!.order_no}` }).waitFor();
    const progress = page.getByRole('region', { name: 'Progress' });
    await progress.getByText('customer changed mind').waitFor();
    expect(await progress.getByText(refunds.items[0]!.reference_no).count()).toBe(1);
    const history = page.getByRole('region', { name: 'History' }).last();
    await expect(history.getByRole('row').allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^When\s+Who\s+Change\s+Note$/),
      expect.stringMatching(new RegExp(`${admin}\\s+Pending → Cancelled\\s+customer changed mind$`)),
      // Placing is the history's first line, though no operator made it: by the merchant, and what it cost.
      expect.stringMatching(/Acme Trading\s+Placed\s+\S*10\.00 debited from its available credit\s+—$/),
    ]);
    // Nothing is left to do to a cancelled order; a shipped one moves from its page.
    expect(await page.getByRole('button', { name: 'Actions', exact: true }).count()).toBe(0);
    await page.goto(`/admin/orders/${a!.order_no}`);
    await page
      .getByRole('region', { name: 'Summary' })
      .getByRole('link', { name: /Acme Trading/ })
      .waitFor();
    await page.getByRole('button', { name: 'Actions', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Mark delivered' }).click();
    // Final, so asked first; then said where the menu was.
    const deliver = page.getByRole('dialog', { name: `Mark delivered ${a!.order_no}` });
    await deliver.getByText('Delivered is final: the order can no longer be cancelled or failed').waitFor();
    await deliver.getByRole('button', { name: 'Mark delivered' }).click();
    await page.getByRole('region', { name: 'Summary' }).getByText('Delivered', { exact: true }).waitFor();
    // The order, now final, offers no moves; what was done is still said where the menu was.
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Done: the order is now Delivered.' }).count())
      .toBe(1);
    expect(await page.getByRole('button', { name: 'Actions', exact: true }).count()).toBe(0);
    await page.getByRole('region', { name: 'Progress' }).getByText('DHL', { exact: true }).waitFor();
    const moves = page.getByRole('region', { name: 'History' }).last().getByRole('row');
    expect(await moves.count()).toBe(5);
    // The ship move says where it went, as the Progress section does; the later move does not repeat it.
    await expect(
      moves.filter({ hasText: 'Processing → Shipped' }).getByRole('cell').allInnerTexts(),
    ).resolves.toEqual([
      expect.any(String),
      admin,
      `Processing → Shipped\nCarrier: DHL\nTracking No: ${TRACKING}`,
      '—',
    ]);
    expect(await moves.filter({ hasText: 'Shipped → Delivered' }).getByText(TRACKING).count()).toBe(0);
    // The table is in the "History" section: not a second region of that name (read twice).
    expect(await page.getByRole('region', { name: 'History', exact: true }).count()).toBe(1);
    await page.goto(`/admin/orders?merchant_id=${encodeURIComponent(merchantId)}`);
    // A link's filter names its merchant too (once known); × shows every merchant's orders again.
    await expect.poll(() => merchantFilter.inputValue()).toBe('Acme Trading');
    await page.getByRole('button', { name: "Show every merchant's orders" }).click();
    await page.waitForURL((url) => !url.search.includes('merchant_id'));
    expect(await merchantFilter.inputValue()).toBe('');
    await page.goto(`/admin/orders?merchant_id=${encodeURIComponent(merchantId)}`);
    await expect.poll(() => merchantFilter.inputValue()).toBe('Acme Trading');

    // Bulk: C and D to processing; then a CSV with a bad line ships nothing, a good one ships both.
    for (const o of [c!, d!]) await rowOf(o.order_no).locator('.checkbox').click();
    await page.getByRole('button', { name: 'Mark selected processing' }).click();
    await page.getByText('2 moved, 0 refused.').waitFor();
    const csv = page.getByRole('form', { name: 'Ship by CSV' });
    await csv
      .getByLabel('CSV: order_no,carrier,tracking_no')
      .fill(`${c!.order_no},DHL,JD-C\nORDNOSUCH,DHL,JD-X\n`);
    await csv.getByRole('button', { name: 'Ship by CSV' }).click();
    await csv
      .getByText(/line 2/i)
      .first()
      .waitFor();
    expect((await server.services.orders.getAny(c!.order_no)).status).toBe('processing');
    // The warehouse's round trip: the queue's export of this merchant's processing orders (with
    // their recipients), carrier and tracking number filled in, uploaded back as it is.
    await page.getByRole('button', { name: /Status$/ }).click();
    await page.getByRole('option', { name: 'Processing' }).click();
    // The address changes before the page renders the new filter (a transition): wait for the link.
    const exportLink = page.getByRole('link', { name: 'Export CSV' });
    await expect.poll(() => exportLink.getAttribute('href')).toContain('status=processing');
    const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
    expect(download.suggestedFilename()).toBe('orders-processing.csv');
    const [header, ...lines] = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n');
    expect(
      header!
        .replace(/^\ufeff/, '')
        .split(',')
        .slice(0, 4),
    ).toEqual(['order_no', 'carrier', 'tracking_no', 'status']);
    expect(lines.map((l) => l.split(',')[0]).sort()).toEqual([c!.order_no, d!.order_no].sort());
    expect(lines.every((l) => l.includes(',processing,') && l.includes(address.name))).toBe(true);
    // Back to the whole queue of this merchant, as the steps below read it.
    await page.goto(`/admin/orders?merchant_id=${encodeURIComponent(merchantId)}`);
    const filled = [
      header!,
      ...lines.map((l) => {
        const [no, , , ...rest] = l.split(',');
        return [no, no === c!.order_no ? 'DHL' : 'UPS', no === c!.order_no ? 'JD-C' : 'JD-D', ...rest].join(
          ',',
        );
      }),
    ].join('\r\n');
    await chooseFile(csv, 'CSV file Choose a file', {
      name: 'orders-processing.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(filled),
    });
    await expect
      .poll(() => csv.getByLabel('CSV: order_no,carrier,tracking_no').inputValue())
      .toContain('JD-D');
    await csv.getByRole('button', { name: 'Ship by CSV' }).click();
    await csv.getByText('2 orders shipped.').waitFor();
    expect((await sdk.orders.retrieve(d!.order_no)).tracking_no).toBe('JD-D');

    // Two selected orders cancelled at once with the reason their merchant reads: each refunded once.
    const beforeBulk = await server.services.credit.get(merchantId);
    const [e, g] = await Promise.all(
      ['E', 'G'].map((k) =>
        sdk.orders.create(
          orderRequest(product as Parameters<typeof orderRequest>[0], {
            merchant_order_no: merchantOrderNo(k),
          }),
        ),
      ),
    );
    await page.reload();
    for (const o of [e!, g!]) await rowOf(o.order_no).locator('.checkbox').click();
    await page.getByRole('button', { name: 'Cancel selected…' }).click();
    const bulkCancel = page.getByRole('alertdialog', { name: 'Cancel the selected orders (2)?' });
    await bulkCancel.getByText(/All or none/).waitFor();
    await bulkCancel.getByLabel('Reason').fill('supplier out of stock');
    await bulkCancel.getByRole('button', { name: 'Cancel these orders' }).click();
    await bulkCancel.waitFor({ state: 'detached' });
    await rowOf(e!.order_no).getByText('Cancelled').waitFor();
    expect(await server.services.credit.get(merchantId)).toEqual(beforeBulk);
    for (const o of [e!, g!])
      expect(await sdk.orders.retrieve(o.order_no)).toMatchObject({
        status: 'cancelled',
        cancel_reason: 'supplier out of stock',
      });
    await expectLedgerConsistent(server.running.ctx, merchantId);
    // A bulk that cannot be done says so in its dialog, which stays open; nothing moved.
    await rowOf(a!.order_no).locator('.checkbox').click();
    await page.getByRole('button', { name: 'Cancel selected…' }).click();
    const refusedBulk = page.getByRole('alertdialog', { name: 'Cancel the selected orders (1)?' });
    await refusedBulk.getByLabel('Reason').fill('supplier out of stock');
    await refusedBulk.getByRole('button', { name: 'Cancel these orders' }).click();
    const why = refusedBulk.getByRole('alert');
    await why.getByText('Nothing moved: each order below cannot make that move.').waitFor();
    expect(await why.innerText()).toContain(a!.order_no);
    await refusedBulk.getByRole('button', { name: 'Keep them' }).click();
    expect((await server.services.orders.getAny(a!.order_no)).status).toBe('delivered');
    // The same refusals in 简体中文: each order's or line's reason in the reader's language (the
    // contract's catalog), a line by its label, not the server's English.
    await page.evaluate(`localStorage.setItem('tradepost.language', 'zh-CN')`);
    await page.reload();
    await settled(page);
    await rowOf(a!.order_no).locator('.checkbox').click();
    await page.getByRole('button', { name: '取消所选…' }).click();
    const refusedZh = page.getByRole('alertdialog', { name: '取消所选的 1 个订单？' });
    await refusedZh.getByLabel('原因').fill('供应商缺货');
    await refusedZh.getByRole('button', { name: '取消这些订单' }).click();
    await refusedZh
      .getByRole('alert')
      .getByText(`${a!.order_no}：订单当前状态为“已送达”，无法取消`)
      .waitFor();
    await refusedZh.getByRole('button', { name: '保留这些订单' }).click();
    const csvZh = page.getByRole('form', { name: '通过 CSV 发货' });
    await csvZh
      .getByLabel('CSV：order_no,carrier,tracking_no')
      .fill(`ORDNOSUCH,DHL,JD-X\n${a!.order_no},DHL\n`);
    await csvZh.getByRole('button', { name: '通过 CSV 发货' }).click();
    await csvZh.getByText('第 1 行：订单不存在').waitFor();
    await csvZh.getByText('第 2 行：必须有 3 列：order_no,carrier,tracking_no').waitFor();
    await page.evaluate(`localStorage.setItem('tradepost.language', 'en')`);
    await page.reload();
    await settled(page);

    // A SKU edit refused by the form's check can be corrected and saved (no stale block).
    await page.goto(`/admin/catalog?q=${encodeURIComponent(product!.goods_id!)}`);
    const sku = page.getByRole('form', { name: `SKU ${product!.skus[0]!.sku_id!}` });
    await sku.getByLabel(/^Stock/).fill('-3');
    await sku.getByRole('button', { name: 'Save' }).click();
    await sku.getByText('must be a whole number, 0 or more').waitFor();
    await sku.getByLabel(/^Stock/).fill('40');
    await sku.getByRole('button', { name: 'Save' }).click();
    await sku.getByText('Saved.').waitFor();
    expect((await server.services.catalog.getProduct(product!.goods_id!)).skus[0]!.stock).toBe(40);
    // Its audit entry says what changed and only that: the stock, not the price and status it kept.
    await page.goto('/admin/audit?action=sku.updated');
    const skuRow = page
      .getByRole('region', { name: 'Audit log' })
      .getByRole('row')
      .filter({ hasText: product!.skus[0]!.sku_id! });
    await skuRow.getByText(/^Stock: \d+ → 40$/).waitFor();
    expect(await skuRow.getByText(/^(Price|Status):/).count()).toBe(0);

    // Support is not offered what it would be refused (the server's 403s: admin-console.test.ts):
    // no ledger entry, status change or reset on a merchant, no catalog change; it still reads.
    await supportReady;
    await sup.page.goto(`/admin/merchants/${encodeURIComponent(merchantId)}`);
    await sup.page.getByRole('region', { name: 'Account' }).getByText(SUPPORT_ONLY).waitFor();
    await sup.page.getByRole('region', { name: 'Credit status' }).waitFor();
    expect(await sup.page.getByRole('form', { name: 'Limit change, repayment or adjustment' }).count()).toBe(
      0,
    );
    expect(await sup.page.getByRole('button', { name: /Suspend|Freeze|Reset password/ }).count()).toBe(0);
    await sup.page.goto('/admin/catalog');
    await sup.page.getByText(SUPPORT_ONLY).waitFor();
    await sup.page.getByRole('heading', { level: 3, name: LONG_TITLE }).waitFor();
    expect(await sup.page.getByRole('button', { name: /^Save$|off sale|on sale|Import/ }).count()).toBe(0);
    expect(await sup.page.getByRole('textbox', { name: /^Price/ }).count()).toBe(0);
    await sup.page.goto('/admin/merchants');
    await sup.page.getByRole('heading', { level: 1, name: 'Merchants' }).waitFor();
    expect(await sup.page.getByRole('form', { name: 'Create merchant' }).count()).toBe(0);

    // The merchant cancels one order itself, through its App.
    const own = await sdk.orders.create(
      orderRequest(product as Parameters<typeof orderRequest>[0], {
        merchant_order_no: merchantOrderNo('H'),
      }),
    );
    await sdk.orders.cancel(own.order_no, { reason: 'duplicate from the ERP' });

    // The audit log shows each step, by whom, and through which credential.
    // Found by a part of the merchant's name, as the operator knows it.
    await page.goto(`/admin/audit?q=${encodeURIComponent('acme trad')}`);
    await settled(page);
    const audit = page.getByRole('region', { name: 'Audit log' });
    await audit.getByText('Merchant created').waitFor();
    // What it was created with, under the create form's labels.
    const createdRow = audit.getByRole('row').filter({ hasText: 'Merchant created' });
    await createdRow.getByText('Company name: Acme Trading').waitFor();
    expect(await audit.getByText('Order status changed').count()).toBe(11);
    const apiRow = audit.getByRole('row').filter({ hasText: 'duplicate from the ERP' });
    await apiRow.getByText(`via App ${app.app_id}`, { exact: true }).waitFor();
    // Through an App there is no e-mail: the merchant's name says who, and opens the merchant.
    const who = apiRow.getByTitle(merchantId);
    expect([await who.textContent(), await who.getAttribute('href')]).toEqual([
      'Acme Trading',
      `/admin/merchants/${merchantId}`,
    ]);
    // The App the CLI created: by the operator CLI, in words.
    await audit.getByRole('row').filter({ hasText: 'App created' }).getByText('Operator CLI').waitFor();
    expect(await audit.getByRole('row').filter({ hasText: 'Password changed' }).count()).toBe(1);
    expect(await audit.getByRole('row').filter({ hasText: admin }).count()).toBeGreaterThanOrEqual(8);
    expect(await audit.getByRole('row').filter({ hasText: support }).count()).toBe(0);
    const cancelRow = audit.getByRole('row').filter({ hasText: 'customer changed mind' });
    // What changed, a line per field, not raw JSON: under the labels the forms use, a status by its
    // name; the target by its kind's name.
    await cancelRow.getByText('Status: Pending → Cancelled', { exact: true }).waitFor();
    await cancelRow.getByText(/^Refund reference: \S+$/).waitFor();
    // An operator's change to an order: whose order it is, under the order.
    const target = cancelRow.locator('.audit-target');
    expect(await target.textContent()).toMatch(/^Order.*Acme Trading$/);
    // The order's id, drawn cut in two boxes, is read whole: one name, no space in the middle.
    expect(await target.getByRole('link', { name: b!.order_no, exact: true }).getAttribute('href')).toBe(
      `/admin/orders/${b!.order_no}`,
    );
    // The operator's reason sits under the event; the order's id opens the order.
    await cancelRow.getByText('“customer changed mind”', { exact: true }).waitFor();
    expect(await cancelRow.getByTitle(b!.order_no).getAttribute('href')).toBe(`/admin/orders/${b!.order_no}`);
    // Long ids and change lines wrap or are cut inside their columns: no sideways scroll at 1280 px.
    expect(await audit.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect({ ops: ops.problems, support: sup.problems, portal: portal.problems }).toEqual({
      ops: [],
      support: [],
      portal: [],
    });
  }, 120_000);

  it('a repayment beyond what is used is refused on its field; one within is restated with the line before and after, then posted once; a freeze asks why; the audit log shows the amounts as money', async () => {
    const { server } = e2e;
    const [product] = await server.addProducts([testProduct({ price: '10.00', stock: 50 })]);
    const { merchantId } = await server.services.merchants.create({
      email: `m-${uid()}@example.com`,
      password: NEW_PASSWORD,
      name: 'Acme Repairs',
      creditLimit: '1000.00',
      currency: 'USD',
    });
    // 30.00 used: three orders of 10.00.
    for (let k = 0; k < 3; k++)
      await server.services.orders.create(
        merchantId,
        orderRequest(product as Parameters<typeof orderRequest>[0]),
      );
    const admin = `admin-${uid()}@ops.example`;
    await server.services.operators.create({ email: admin, password: OP_PASSWORD, role: 'admin' });
    const ops = await e2e.open();
    const { page } = ops;
    await signInConsole(page, admin, OP_PASSWORD);

    // A repayment larger than what is used is refused on its field, before any confirmation.
    await page.goto(`/admin/merchants/${encodeURIComponent(merchantId)}`);
    const credit = page.getByRole('form', { name: 'Limit change, repayment or adjustment' });
    await credit.getByLabel('Amount').fill('30.01');
    await credit.getByLabel('Note').fill('wire received 2026-11-30');
    await credit.getByRole('button', { name: 'Post ledger entry' }).click();
    await credit.getByText(/exceeds the used credit \(\$30\.00\)/).waitFor();
    expect(await hasFocus(credit.getByLabel('Amount'))).toBe(true);
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    // A repayment is restated for confirmation, with the line before and after; backing out posts nothing.
    await credit.getByLabel('Amount').fill('25.00');
    await credit.getByRole('button', { name: 'Post ledger entry' }).click();
    const confirmPost = page.getByRole('alertdialog', { name: 'Post this repayment?' });
    await confirmPost.getByText(/25\.00 — Acme Repairs$/).waitFor();
    // What it does is the alertdialog's description, read with its title.
    const described = await confirmPost.getAttribute('aria-describedby');
    expect(described).toBeTruthy();
    expect(await page.locator(`[id="${described}"]`).innerText()).toMatch(/25\.00 — Acme Repairs/);
    await confirmPost.getByText(/^Now: limit .*1,000\.00, used .*30\.00, available .*970\.00\.$/).waitFor();
    await confirmPost.getByText(/^After: limit .*1,000\.00, used .*5\.00, available .*995\.00\.$/).waitFor();
    await confirmPost.getByRole('button', { name: 'Cancel' }).click();
    await confirmPost.waitFor({ state: 'detached' });
    expect((await server.services.credit.get(merchantId)).available).toBe('970.00');
    await credit.getByRole('button', { name: 'Post ledger entry' }).click();
    // Pressed twice at once (a double-click): one entry, not two.
    await confirmPost.getByRole('button', { name: 'Post ledger entry' }).dblclick();
    await credit.getByText(/^Posted as \S+\.$/).waitFor();
    // The ledger shows the operator's note under the entry's type.
    await page
      .getByRole('region', { name: 'Recent transactions' })
      .getByText('“wire received 2026-11-30”')
      .waitFor();
    expect((await server.services.credit.get(merchantId)).available).toBe('995.00');
    const repayments = await server.services.credit.listTransactions(merchantId, { type: 'repayment' });
    expect(repayments.total).toBe(1);
    expect(await credit.getByLabel('Amount').inputValue()).toBe('');
    // The next entry being written, the last one's confirmation goes.
    await credit.getByRole('button', { name: /Type/ }).click();
    await page.getByRole('option', { name: 'Limit change' }).click();
    await credit.getByText(/^Posted as/).waitFor({ state: 'detached' });
    // Freezing asks why; the line then says since when, by whom and why.
    await page.getByRole('button', { name: 'Freeze credit' }).click();
    const freeze = page.getByRole('alertdialog', { name: 'Freeze credit' });
    await freeze.getByLabel('Note').fill('overdue invoice INV-77');
    await freeze.getByRole('button', { name: 'Freeze credit' }).click();
    await page.getByText(`by ${admin}: “overdue invoice INV-77”`).waitFor();
    expect(await page.getByText(/^Frozen since .+ by /).textContent()).toMatch(
      new RegExp(`^Frozen since .+ by ${admin.replace(/[.]/g, '\\.')}: “overdue invoice INV-77”$`),
    );

    // The audit log shows the repayment's amounts as money, in the merchant's currency.
    await page.goto('/admin/audit?action=credit.repayment');
    const repaid = page
      .getByRole('region', { name: 'Audit log' })
      .getByRole('row')
      .filter({ hasText: 'wire received 2026-11-30' });
    await repaid.getByText('Available: $970.00 → $995.00').waitFor();
    await repaid.getByText('Amount: $25.00').waitFor();
    // The amounts name their currency: it is not a line of its own as well.
    expect(await repaid.locator('.change-lines').innerText()).toBe(
      'Available: $970.00 → $995.00\nAmount: $25.00',
    );

    expect(ops.problems).toEqual([]);
  });

  it('the catalog on a phone: a long product title wraps in its card, nothing scrolls the page sideways', async () => {
    const [product] = await e2e.server.addProducts([testProduct({ title: LONG_TITLE })]);
    const admin = await operatorClient(e2e.server, 'admin');
    const wp = await e2e.open();
    const { page } = wp;
    await signInConsole(page, admin.email, OP_PASSWORD);
    // The catalog on a phone: each card wraps its title, nothing scrolls the page sideways.
    await page.setViewportSize(PHONE);
    await page.goto(`/admin/catalog?q=${encodeURIComponent(product!.goods_id!)}`);
    // Each product's name is a heading under the Products section's h2.
    await page.getByRole('heading', { level: 3, name: LONG_TITLE }).waitFor();
    expect(await sidewaysScroll(page)).toBe(0);
    await page.setViewportSize(DESKTOP);

    expect(wp.problems).toEqual([]);
  });

  // The page's DOM does not depend on the database: once is enough.
  it.skipIf(database.name !== 'sqlite')(
    'every console page passes axe at 1280 and 390 px, with data on it',
    async () => {
      const { m, order, admin } = await orderMovedByAdmin(e2e.server);
      const merchantId = m.merchantId;
      const ops = await e2e.open();
      await signInConsole(ops.page, admin.email, OP_PASSWORD);
      const found: Record<string, unknown[]> = {};
      for (const path of [
        '/admin/merchants',
        `/admin/merchants/${encodeURIComponent(merchantId)}`,
        `/admin/orders?merchant_id=${encodeURIComponent(merchantId)}`,
        `/admin/orders/${order.order_no}`,
        '/admin/catalog',
        '/admin/audit',
        '/admin/security',
      ])
        Object.assign(found, await axeAtBothWidths(ops, path));
      expect(found).toEqual({});
      expect(ops.problems).toEqual([]);
    },
  );

  it('far from UTC the order queue’s and the audit log’s days are the reader’s days, as their tables show them', async () => {
    const { tz, dayIn, shownDay } = farFromUtc();
    const { m, order, admin } = await orderMovedByAdmin(e2e.server);
    const entry = (await admin.call('GET', `/orders/${order.order_no}`)).body.history[0];
    expect(entry.action).toBe('order.status_changed');
    const local = dayIn(order.created_at);
    const utc = order.created_at.slice(0, 10);
    expect(local).not.toBe(utc);
    expect(dayIn(entry.at)).toBe(local);

    const wp = await e2e.open({ timezoneId: tz });
    const { page } = wp;
    await signInConsole(page, admin.email, OP_PASSWORD);
    const shown = (scope: string, url: string) => async () => {
      await page.goto(url);
      await settled(page);
      return page.getByRole('region', { name: scope }).last().locator('tbody tr').allInnerTexts();
    };
    const queueOn = (day: string) =>
      shown(
        'Order queue',
        `/admin/orders?merchant_id=${encodeURIComponent(m.merchantId)}&from=${day}&to=${day}`,
      )();
    const auditOn = (day: string) =>
      shown('Audit log', `/admin/audit?q=${encodeURIComponent(order.order_no)}&from=${day}&to=${day}`)();
    // The reader's day holds the order and its move, each dated that day.
    const queued = await queueOn(local);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toContain(order.order_no);
    expect(queued[0]).toContain(`${shownDay(order.created_at)}, `);
    const logged = await auditOn(local);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('Order status changed');
    expect(logged[0]).toContain(`${shownDay(entry.at)}, `);
    // UTC's day is another local day: neither is there.
    expect(await queueOn(utc)).toEqual([]);
    expect(await auditOn(utc)).toEqual([]);
    // Filtered to nothing, the log says so rather than that there are no events.
    await page.getByText('No events match.').waitFor();
    expect(await page.getByText('No events yet.').count()).toBe(0);
    // A range that ends before it starts is named on its field and not sent: no 400, no error box.
    await page.goto(`/admin/audit?q=${encodeURIComponent(order.order_no)}&from=${local}&to=2000-01-01`);
    await page.getByText('Must not be after the “To” date.').waitFor();
    await settled(page);
    expect(await page.getByRole('region', { name: 'Audit log' }).last().locator('tbody tr').count()).toBe(1);
    // A bound that is no day (a hand-edited link) is said on its field, in the log and the queue
    // alike, and not sent: the list shows without it.
    for (const [scope, url, field, says] of [
      [
        'Audit log',
        `/admin/audit?q=${encodeURIComponent(order.order_no)}&from=garbage`,
        'From',
        'must be a date like 2026-11-28',
      ],
      [
        'Order queue',
        `/admin/orders?merchant_id=${encodeURIComponent(m.merchantId)}&to=2026-02-30`,
        'To',
        'must be a real date',
      ],
    ] as const) {
      await page.goto(url);
      await page.getByText(says, { exact: true }).waitFor();
      await settled(page);
      expect(await page.getByLabel(field, { exact: true }).getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByRole('region', { name: scope }).last().locator('tbody tr').count()).toBe(1);
    }
    expect(wp.problems).toEqual([]);
  });

  it('on a phone an audit entry’s target id is one line at the card’s right edge, like every value there', async () => {
    const { order, admin } = await orderMovedByAdmin(e2e.server);
    const wp = await e2e.open();
    const { page } = wp;
    await signInConsole(page, admin.email, OP_PASSWORD);
    await page.setViewportSize(PHONE);
    for (const lang of ['en', 'zh-CN'] as const) {
      await page.evaluate(`localStorage.setItem('tradepost.language', '${lang}')`);
      await page.goto(`/admin/audit?q=${encodeURIComponent(order.order_no)}`);
      await settled(page);
      const target = page.locator('td.audit-target').first();
      const { start, end } = await shownId(target, order.order_no);
      expect([start, end]).toEqual([true, true]);
      const [id, cell] = await target.getByTitle(order.order_no, { exact: true }).evaluate((el) => {
        const td = el.closest('td')!;
        const pad = parseFloat(el.ownerDocument.defaultView!.getComputedStyle(td).paddingRight);
        const box = el.getBoundingClientRect();
        return [
          { right: box.right, height: box.height },
          {
            right: td.getBoundingClientRect().right - pad,
            line: parseFloat(el.ownerDocument.defaultView!.getComputedStyle(el).lineHeight),
          },
        ];
      });
      expect(id.height).toBeLessThan(1.5 * cell.line);
      expect(Math.abs(id.right - cell.right)).toBeLessThanOrEqual(1);
    }
    await page.evaluate(`localStorage.setItem('tradepost.language', 'en')`);
    expect(wp.problems).toEqual([]);
  });

  it(`past ${COUNT_CAP} entries the audit log's pager says "more than", and next keeps going while pages are full`, async () => {
    const { server } = e2e;
    const m = await server.createMerchant();
    await server.services.audit.record(
      { type: 'system', id: null, label: 'pager-test', ip: null },
      Array.from({ length: COUNT_CAP + 1 }, (_, i) => ({
        action: 'profile.updated' as const,
        merchantId: m.merchantId,
        note: `n${i}`,
      })),
    );
    const admin = await operatorClient(server, 'admin');
    const wp = await e2e.open();
    const { page } = wp;
    await signInConsole(page, admin.email, OP_PASSWORD);
    const pages = Math.ceil(COUNT_CAP / 50);
    await page.goto(`/admin/audit?q=${encodeURIComponent(m.merchantId)}&page=${pages}`);
    const pager = page.getByRole('navigation', { name: 'Pagination' });
    await pager.getByText(`Page ${pages} of ${pages}+ (more than 1,000)`).waitFor();
    await pager.getByRole('button', { name: 'Next' }).click();
    // The page past the counted ones: one entry, and nothing after it.
    await pager.getByText(`Page ${pages + 1} of ${pages + 1}+ (more than 1,000)`).waitFor();
    await settled(page);
    expect(await page.getByRole('region', { name: 'Audit log' }).locator('tbody tr').count()).toBe(1);
    expect(await pager.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    // Next went off under focus: focus is on Previous, still usable; the page number is announced.
    expect(await hasFocus(pager.getByRole('button', { name: 'Previous' }))).toBe(true);
    expect(await pager.getByText(/^Page /).getAttribute('aria-live')).toBe('polite');
    expect(wp.problems).toEqual([]);
  });

  it('a merchant with no App, API key or token yet: its page says so instead of an empty table; with one, the table', async () => {
    const { server } = e2e;
    const { merchantId } = await server.services.merchants.create({
      email: `m-${uid()}@example.com`,
      password: NEW_PASSWORD,
      name: 'Fresh Goods',
      creditLimit: '100.00',
    });
    const admin = `admin-${uid()}@ops.example`;
    await server.services.operators.create({ email: admin, password: OP_PASSWORD, role: 'admin' });
    const wp = await e2e.open();
    const { page } = wp;
    await signInConsole(page, admin, OP_PASSWORD);
    const section = (name: string) => page.getByRole('region', { name, exact: true }).first();
    for (const [lang, title, none] of [
      ['en', 'Apps, API key and tokens', 'No App, API key or token yet.'],
      ['zh-CN', '应用、API 密钥与令牌', '尚无应用、API 密钥或令牌。'],
    ] as const) {
      await page.evaluate(`localStorage.setItem('tradepost.language', '${lang}')`);
      await page.goto(`/admin/merchants/${encodeURIComponent(merchantId)}`);
      await settled(page);
      await section(title).getByText(none, { exact: true }).waitFor();
      expect(await section(title).getByRole('table').count()).toBe(0);
    }
    // Once it has an App, the table lists it and the empty line is gone.
    const app = await server.services.apps.create(merchantId, 'ERP');
    await page.reload();
    await settled(page);
    await section('应用、API 密钥与令牌').getByRole('cell', { name: app.app_id }).waitFor();
    expect(await page.getByText('尚无应用、API 密钥或令牌。').count()).toBe(0);
    await page.evaluate(`localStorage.setItem('tradepost.language', 'en')`);
    expect(wp.problems).toEqual([]);
  });

  it('the catalog names a product’s sale status as its button and the audit log do: “On sale” even with no stock left', async () => {
    const { server } = e2e;
    const [product] = await server.addProducts([testProduct({ stock: 0 })]);
    const admin = `admin-${uid()}@ops.example`;
    await server.services.operators.create({ email: admin, password: OP_PASSWORD, role: 'admin' });
    const wp = await e2e.open();
    const { page } = wp;
    await signInConsole(page, admin, OP_PASSWORD);
    await page.goto(`/admin/catalog?q=${encodeURIComponent(product!.goods_id!)}`);
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 3, name: product!.title }) });
    // Its only SKU has none in stock: the product is on sale, not "in stock".
    await card.locator('.badge').getByText('On sale', { exact: true }).waitFor();
    expect(await card.getByText('In stock').count()).toBe(0);
    await card.getByRole('button', { name: `Take off sale ${product!.title}` }).click();
    await card.locator('.badge').getByText('Off sale', { exact: true }).waitFor();
    // The list's sale-status filter: not among the products on sale, found among those off sale.
    await page.getByRole('button', { name: /Sale status$/ }).click();
    await page.getByRole('option', { name: 'On sale' }).click();
    await page.waitForURL(/[?&]status=on_sale/);
    await page.getByText('No products match.').waitFor();
    await page.getByRole('button', { name: /Sale status$/ }).click();
    await page.getByRole('option', { name: 'Off sale' }).click();
    await card.locator('.badge').getByText('Off sale', { exact: true }).waitFor();
    await page.goto(`/admin/audit?q=${encodeURIComponent(product!.goods_id!)}`);
    await page
      .getByRole('region', { name: 'Audit log' })
      .getByText('Status: On sale → Off sale', { exact: true })
      .waitFor();
    // 简体中文: the same two names as the audit log's.
    await page.evaluate(`localStorage.setItem('tradepost.language', 'zh-CN')`);
    await page.goto(`/admin/catalog?q=${encodeURIComponent(product!.goods_id!)}`);
    await card.locator('.badge').getByText('已下架', { exact: true }).waitFor();
    await card.getByRole('button', { name: `上架 ${product!.title}` }).click();
    await card.locator('.badge').getByText('在售', { exact: true }).waitFor();
    expect(await card.getByText('有货').count()).toBe(0);
    expect(wp.problems).toEqual([]);
  });

  it('a product’s SKU editors line up: price under price, stock under stock, whatever each spec’s length; on a phone each SKU stands apart', async () => {
    const { server } = e2e;
    const base = testProduct();
    const [product] = await server.addProducts([
      {
        ...base,
        skus: [
          { sku_id: `${base.skus[0]!.sku_id}-1`, spec: 'Type: Dial', price: '5.79', stock: 10 },
          {
            sku_id: `${base.skus[0]!.sku_id}-2`,
            spec: 'Color: Beige / Pack: 2 pcs',
            price: '9.89',
            stock: 0,
          },
        ],
      },
    ]);
    const admin = `admin-${uid()}@ops.example`;
    await server.services.operators.create({ email: admin, password: OP_PASSWORD, role: 'admin' });
    const wp = await e2e.open({ viewport: { width: 1366, height: 900 } });
    const { page } = wp;
    await signInConsole(page, admin, OP_PASSWORD);
    await page.goto(`/admin/catalog?q=${encodeURIComponent(product!.goods_id!)}`);
    await settled(page);
    const skus = product!.skus.map((s) => page.getByRole('form', { name: `SKU ${s.sku_id}` }));
    const left = async (field: RegExp) =>
      Promise.all(skus.map(async (f) => Math.round((await f.getByLabel(field).boundingBox())!.x)));
    const [prices, stocks] = [await left(/^Price/), await left(/^Stock/)];
    expect(prices[0]).toBe(prices[1]);
    expect(stocks[0]).toBe(stocks[1]);
    // On a phone each SKU's spec heads its own fields, set off from the SKU before it by a rule.
    await page.setViewportSize(PHONE);
    const [first, second] = skus as [(typeof skus)[0], (typeof skus)[0]];
    const lastOfFirst = (await first.getByRole('button', { name: 'Save' }).boundingBox())!;
    const spec = (await second.getByText('Color: Beige / Pack: 2 pcs').boundingBox())!;
    const rule = await second.evaluate(
      (el) => el.ownerDocument.defaultView!.getComputedStyle(el).borderTopWidth,
    );
    expect(rule).not.toBe('0px');
    expect(spec.y).toBeGreaterThan(lastOfFirst.y + lastOfFirst.height);
    expect(await sidewaysScroll(page)).toBe(0);
    expect(wp.problems).toEqual([]);
  });

  it('a ledger entry’s note is told to be the merchant’s to read, as it is (a freeze’s note is not)', async () => {
    const { server } = e2e;
    const m = await server.createMerchant({ creditLimit: '100.00' });
    const admin = `admin-${uid()}@ops.example`;
    await server.services.operators.create({ email: admin, password: OP_PASSWORD, role: 'admin' });
    const wp = await e2e.open();
    const { page } = wp;
    await signInConsole(page, admin, OP_PASSWORD);
    for (const lang of ['en', 'zh-CN'] as const) {
      await page.evaluate(`localStorage.setItem('tradepost.language', '${lang}')`);
      await page.goto(`/admin/merchants/${encodeURIComponent(m.merchantId)}`);
      await settled(page);
      const [title, note, says] =
        lang === 'en'
          ? ['Limit change, repayment or adjustment', 'Note', 'The merchant sees this note']
          : ['额度调整、还款或账务调整', '备注', '商户可以看到此备注'];
      const field = page.getByRole('form', { name: title }).getByLabel(note);
      expect(await describedBy(field)).toContain(says);
    }
    await page.evaluate(`localStorage.setItem('tradepost.language', 'en')`);
    await page.reload();
    const credit = page.getByRole('form', { name: 'Limit change, repayment or adjustment' });
    await credit.getByRole('button', { name: /Type/ }).click();
    await page.getByRole('option', { name: 'Limit change' }).click();
    await credit.getByLabel('Amount').fill('50.00');
    await credit.getByLabel('Note').fill('raised after the annual review');
    await credit.getByRole('button', { name: 'Post ledger entry' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Post ledger entry' }).click();
    await credit.getByText(/^Posted as \S+\.$/).waitFor();
    // What the hint says is so: the merchant's own API (and portal) gives the note with the entry.
    const entries = await bendClient(server, m.app).credit.listTransactions({ type: 'limit_change' });
    expect(entries.items.map((e) => e.description)).toContain('raised after the annual review');
    // A freeze's note stays the operators' (its dialog says so): the two are not confused.
    await page.getByRole('button', { name: 'Freeze credit' }).click();
    const freeze = page.getByRole('alertdialog', { name: 'Freeze credit' });
    expect(await describedBy(freeze.getByLabel('Note'))).toContain('the merchant does not see it');
    // Frozen, the line is another: the entry's "Posted as …" is news no longer, and goes.
    await freeze.getByLabel('Note').fill('overdue');
    await freeze.getByRole('button', { name: 'Freeze credit' }).click();
    await page.getByText(/^Frozen since /).waitFor();
    await credit.getByText(/^Posted as/).waitFor({ state: 'detached' });
    expect(wp.problems).toEqual([]);
  });

  it("an operator changes their own password on the console's Security page; the old one stops working", async () => {
    const operator = `ops-${uid()}@ops.example`;
    await e2e.server.services.operators.create({ email: operator, password: OP_PASSWORD, role: 'support' });
    const { page } = await e2e.open();
    await signInConsole(page, operator, OP_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security' }).click();
    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill(OP_PASSWORD);
    await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. Your other sessions are signed out.').waitFor();
    expect(await e2e.server.services.operators.authenticate(operator, OP_PASSWORD)).toBeNull();
    expect(await e2e.server.services.operators.authenticate(operator, NEW_PASSWORD)).toMatchObject({
      email: operator,
    });
  });
});
