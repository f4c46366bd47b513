/**
 * Webhooks through the browser, on both databases, with a real receiver on loopback: a merchant
 * registers an endpoint in the portal (the secret shown once, then nowhere), sends a test event; a
 * real B-End order (SDK) is shipped from the console and the receiver gets `order.shipped`, signed
 * and verified with the SDK; the delivery log shows the attempt and Resend sends the same event id
 * again; rolling the secret signs with both during the grace period; disable stops Send test, and
 * orders' events meanwhile are kept, one sent from its detail, the other with Send missed
 * events, once enabled again; the console
 * lists a failing endpoint; the pages pass axe at 1280 and 390 px. Delete asks first, naming the
 * URL, frees the endpoint's place under the cap of 16 and keeps its deliveries in the log; a
 * disabled endpoint's queued retry reads paused. The console's failing list says why each endpoint
 * fails (its latest HTTP status) and what waits; an admin resends its failed deliveries, enables it
 * and disables another, each with a note the audit log shows; the merchant's portal reads the
 * operator's disable; support sees the page without a button.
 */
import { Tradepost, webhooks } from '@tradepost/sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../server/test/helpers/databases.ts';
import { OPERATOR_PASSWORD as OP_PASSWORD } from '../../../server/test/helpers/web-client.ts';
import { orderRequest, testProduct } from '../../../server/test/helpers/factories.ts';
import { receiverPool, startReceiver, type Receiver } from '../../../server/test/webhooks/receiver.ts';
import {
  axeAtBothWidths,
  orderAction,
  hasFocus,
  settled,
  signInConsole,
  signInPortal,
  useE2E,
} from '../helpers/fixture.ts';

describeEachDatabase('webhooks in the browser', (database) => {
  const e2e = useE2E(database, { env: { TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1' } });
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it('register, test, ship from the console, log, resend, roll, disable; the console sees failing endpoints', async () => {
    const m = await e2e.server.createMerchant({ creditLimit: '500.00' });
    const [product] = await e2e.server.addProducts([testProduct({ price: '12.50' })]);
    const opEmail = `ops-${Date.now()}@ops.example`;
    await e2e.server.services.operators.create({ email: opEmail, password: OP_PASSWORD, role: 'admin' });

    const [portal, ops] = await Promise.all([e2e.open(), e2e.open()]);
    const { page } = portal;
    // The operator signs in while the merchant works: the two are independent.
    const opsReady = signInConsole(ops.page, opEmail, OP_PASSWORD);
    await signInPortal(page, m.email, m.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByText('No endpoints yet.').waitFor();

    // This server takes loopback receivers (for the test's): the field's hint says so, not "https://".
    await page
      .getByText('This server is set up for testing: it also takes http:// and local addresses', {
        exact: false,
      })
      .waitFor();
    // Add: the secret appears once, in a dialog that only closes once saved.
    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await page.getByLabel('Description (optional)').fill('order system');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'Signing secret' });
    const secret = await dialog.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    await page.keyboard.press('Escape');
    await expect(dialog.isVisible()).resolves.toBe(true);
    await dialog.getByText('I have saved it somewhere safe').click();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: receiver.url });
    await row.getByText('Enabled').waitFor();
    expect(await page.content()).not.toContain(secret);
    // The same address again is allowed, but the form says each event would come twice.
    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await page
      .getByText(/^Endpoint we_\S+ already has this address: each event both listen to will arrive twice\.$/)
      .waitFor();
    await page.getByLabel('Endpoint URL').fill('');

    // Send test: a signed credit.updated arrives.
    await page.getByRole('button', { name: `Send test event to ${receiver.url}` }).click();
    await page.getByText(/Test event evt_\S+ queued/).waitFor();
    const [test] = await receiver.waitFor(1, { where: (r) => r.body.type === 'credit.updated' });
    expect(webhooks.verify(test!.raw, String(test!.headers['tradepost-signature']), secret).type).toBe(
      'credit.updated',
    );

    // A real order through the B-End API (the SDK), shipped from the console.
    const sdk = new Tradepost({
      baseUrl: `${e2e.server.url}/api/v1`,
      appId: m.app.app_id,
      secretKey: m.app.secret_key,
      signKey: m.app.sign_key,
    });
    const order = await sdk.orders.create(orderRequest(product as Parameters<typeof orderRequest>[0]));
    await opsReady;
    await ops.page.goto(`/admin/orders?q=${order.order_no}`);
    await orderAction(ops.page, order.order_no, 'Mark processing');
    await orderAction(ops.page, order.order_no, 'Ship');
    const ship = ops.page.getByRole('dialog', { name: `Ship ${order.order_no}` });
    await ship.getByLabel('Carrier').fill('DHL');
    await ship.getByLabel('Tracking No').fill('JD-WEBHOOK-1');
    await ship.getByRole('button', { name: 'Ship' }).click();
    await ship.waitFor({ state: 'detached' });

    const [shipped] = await receiver.waitFor(1, { where: (r) => r.body.type === 'order.shipped' });
    const event = webhooks.verify(shipped!.raw, String(shipped!.headers['tradepost-signature']), secret);
    expect(event).toMatchObject({
      type: 'order.shipped',
      data: { object: { order_no: order.order_no, status: 'shipped', tracking_no: 'JD-WEBHOOK-1' } },
    });
    const eventId = String(shipped!.headers['tradepost-event-id']);
    expect(eventId).toBe(event.id);

    // The delivery log shows the attempt; Resend sends the same event id again.
    await page.reload();
    await settled(page);
    // Its row in the log names the endpoint each delivery is for, without opening the event.
    const logRow = page
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: `Details of ${eventId}` }) });
    await logRow.getByRole('listitem').filter({ hasText: receiver.url }).getByText('Delivered').waitFor();
    await page.getByRole('button', { name: `Details of ${eventId}` }).click();
    const detail = page.getByRole('region', { name: `Event ${eventId}` });
    const attempts = detail.getByRole('region', { name: 'Attempts' });
    await attempts.getByText('HTTP 200').first().waitFor();
    await attempts
      .getByText(/\d+ ms/)
      .first()
      .waitFor();
    await attempts.getByText('ok', { exact: true }).first().waitFor();
    // What it is about links to it: the order's own page.
    expect(await detail.getByRole('link', { name: order.order_no }).getAttribute('href')).toBe(
      `/orders/${order.order_no}`,
    );
    await detail.getByRole('button', { name: `Resend to ${receiver.url}` }).click();
    await detail.getByText('Queued again: it goes out within seconds.').waitFor();
    const again = await receiver.waitFor(2, { where: (r) => r.headers['tradepost-event-id'] === eventId });
    expect(again.map((r) => r.body.id)).toEqual([eventId, eventId]);
    await expect.poll(() => attempts.getByText('HTTP 200').count(), { timeout: 10_000 }).toBe(2);
    // Another event opens with its own state, not this one's Resend status.
    await page.getByRole('button', { name: `Details of ${test!.body.id}` }).click();
    const testView = page.getByRole('region', { name: `Event ${test!.body.id}` });
    await testView.getByText('HTTP 200').first().waitFor();
    expect(await testView.getByText('Queued again: it goes out within seconds.').count()).toBe(0);
    // Closing it hands focus back to the Details button it was opened from.
    await testView.getByRole('button', { name: 'Close' }).click();
    await testView.waitFor({ state: 'detached' });
    expect(await hasFocus(page.getByRole('button', { name: `Details of ${test!.body.id}` }))).toBe(true);

    // Roll with a grace period: the new secret shown once; the next event is signed by both.
    await page.getByRole('button', { name: `Roll secret of ${receiver.url}` }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Roll the signing secret?' });
    await confirm.getByLabel('Grace period (hours)').fill('99');
    await confirm.getByRole('button', { name: 'Roll now' }).click();
    await confirm.getByText('Enter a whole number of hours from 0 to 72.').waitFor();
    await confirm.getByLabel('Grace period (hours)').fill('1');
    await confirm.getByRole('button', { name: 'Roll now' }).click();
    const rolled = page.getByRole('dialog', { name: 'Signing secret' });
    const newSecret = await rolled.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(newSecret).not.toBe(secret);
    await rolled.getByText('I have saved it somewhere safe').click();
    await rolled.getByRole('button', { name: 'Done' }).click();
    await row.getByText(/the previous one also signs until/).waitFor();
    const before = receiver.received.length;
    await page.getByRole('button', { name: `Send test event to ${receiver.url}` }).click();
    const [afterRoll] = (await receiver.waitFor(before + 1)).slice(before);
    const header = String(afterRoll!.headers['tradepost-signature']);
    expect(header.match(/v1=/g)).toHaveLength(2);
    for (const s of [secret, newSecret])
      expect(webhooks.verify(afterRoll!.raw, header, s).id).toBe(afterRoll!.body.id);

    // The credit.low threshold: refused in words when bad, kept when good.
    await page.getByLabel('credit.low threshold').fill('-5');
    await page.getByRole('form', { name: 'Low-credit alert' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('Enter an amount of 0 or more, like 100.00.').waitFor();
    // Too long to hold: said as too large (it read "must be an amount like 12.30").
    await page.getByLabel('credit.low threshold').fill('99999999999999999999');
    await page.getByRole('form', { name: 'Low-credit alert' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('Must be at most 9999999999999.99', { exact: false }).waitFor();
    await page.getByLabel('credit.low threshold').fill('100.00');
    await page.getByRole('form', { name: 'Low-credit alert' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await e2e.server.services.webhooks.getSettings(m.merchantId)).toMatchObject({
      credit_low_threshold: '100.00',
    });

    // Disable: nothing more goes out, and Send test is off.
    await page.getByRole('button', { name: `Disable ${receiver.url}` }).click();
    await row.getByText('Disabled', { exact: true }).waitFor();
    await expect(
      page.getByRole('button', { name: `Send test event to ${receiver.url}` }).isDisabled(),
    ).resolves.toBe(true);
    await page
      .getByText(
        `${receiver.url} is disabled: it receives nothing until enabled. Its events meanwhile are kept: once it is enabled, Send missed events sends them.`,
      )
      .waitFor();
    expect(portal.problems).toEqual([]);

    // An order while it is disabled: its event is kept, sent to nobody; enabled again, the
    // event's detail offers to send it there, and it arrives signed.
    const whileOff = await sdk.orders.create(orderRequest(product as Parameters<typeof orderRequest>[0]));
    const [kept] = (await e2e.server.services.webhooks.listEvents(m.merchantId, { type: 'order.created' }))
      .items;
    const alsoOff = await sdk.orders.create(orderRequest(product as Parameters<typeof orderRequest>[0]));
    const keptDetail = await e2e.server.services.webhooks.getEvent(m.merchantId, kept!.id);
    expect(keptDetail.body.data.object).toMatchObject({ order_no: whileOff.order_no });
    await page.getByRole('button', { name: `Enable ${receiver.url}` }).click();
    await row.getByText('Enabled', { exact: true }).waitFor();
    // The log names each event's order, and finds an order's events.
    await page.getByLabel('Order, batch or event').fill(whileOff.order_no);
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('tbody tr').filter({ hasText: 'order.' }).count()).toBe(1);
    await page.getByRole('row').filter({ hasText: kept!.id }).getByText(whileOff.order_no).waitFor();
    await page.goto(`/webhooks?event=${kept!.id}`);
    await settled(page);
    const keptView = page.getByRole('region', { name: `Event ${kept!.id}` });
    await keptView.getByText('Sent to no endpoint: none that takes this type was enabled then.').waitFor();
    await keptView.getByRole('button', { name: `Send to ${receiver.url}` }).click();
    await keptView.getByText('Queued: it goes out within seconds.').waitFor();
    const [late] = await receiver.waitFor(1, { where: (r) => r.headers['tradepost-event-id'] === kept!.id });
    expect(webhooks.verify(late!.raw, String(late!.headers['tradepost-signature']), newSecret)).toMatchObject(
      {
        type: 'order.created',
        data: { object: { order_no: whileOff.order_no } },
      },
    );
    await keptView.getByRole('button', { name: `Resend to ${receiver.url}` }).waitFor();
    // The other order's event, and only it, with Send missed events; a second press finds none.
    await page.getByRole('button', { name: `Send missed events to ${receiver.url}` }).click();
    await page
      .getByText(`Missed events queued for ${receiver.url}: 1. They go out within seconds.`)
      .waitFor();
    const [other] = await receiver.waitFor(1, {
      where: (r) => r.body.type === 'order.created' && r.body.data.object.order_no === alsoOff.order_no,
    });
    expect(webhooks.verify(other!.raw, String(other!.headers['tradepost-signature']), newSecret).id).toBe(
      other!.body.id,
    );
    await page.getByRole('button', { name: `Send missed events to ${receiver.url}` }).click();
    await page
      .getByText(`${receiver.url} missed nothing: it has every event of the last 30 days it takes.`)
      .waitFor();
    expect(portal.problems).toEqual([]);

    // A failing endpoint (the receiver answers 404 off its path) shows in the console.
    const failingUrl = receiver.url.replace(/\/hooks$/, '/gone');
    const bad = await e2e.server.services.webhooks.createEndpoint(m.merchantId, { url: failingUrl });
    await e2e.server.services.webhooks.sendTest(m.merchantId, bad.endpoint.id);
    await expect
      .poll(
        async () =>
          (await e2e.server.services.webhooks.getEndpoint(m.merchantId, bad.endpoint.id)).failing_since,
        {
          timeout: 15_000,
        },
      )
      .not.toBeNull();
    // The merchant's page, open all along, shows it too without a reload: endpoints refresh as
    // the log does, since their health changes with deliveries.
    await page
      .getByRole('row')
      .filter({ hasText: failingUrl })
      .getByText(/^Every attempt failing since/)
      .waitFor({ timeout: 15_000 });
    await ops.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Failing webhooks' })
      .click();
    const failing = ops.page.getByRole('row').filter({ hasText: failingUrl });
    await failing.getByText('Failing', { exact: true }).waitFor();
    expect(ops.problems).toEqual([]);

    // A test event is for its own endpoint alone: its detail says so and offers it to no other
    // (the receiver's endpoint takes every type); an attempt with no answer says why in words.
    const refusedUrl = 'http://127.0.0.1:1/hooks';
    const refused = await e2e.server.services.webhooks.createEndpoint(m.merchantId, { url: refusedUrl });
    const { event_id: refusedTest } = await e2e.server.services.webhooks.sendTest(
      m.merchantId,
      refused.endpoint.id,
    );
    await page.goto(`/webhooks?event=${refusedTest}`);
    await settled(page);
    const refusedView = page.getByRole('region', { name: `Event ${refusedTest}` });
    await refusedView.getByText('Could not connect (ECONNREFUSED)').first().waitFor({ timeout: 15_000 });
    await refusedView.getByText('Test event, only for').waitFor();
    expect(await refusedView.getByRole('button', { name: /^Send to / }).count()).toBe(0);
    await page
      .getByRole('row')
      .filter({ hasText: refusedTest })
      .getByText('Test event', { exact: true })
      .waitFor();

    // a11y with data on the page, at both widths (the event view holds the whole page and the detail).
    const found = {
      ...(await axeAtBothWidths(portal, `/webhooks?event=${eventId}`)),
      ...(await axeAtBothWidths(ops, '/admin/webhooks')),
    };
    expect(found).toEqual({});
  }, 120_000);

  it('delete: confirmed by its URL, gone from the list, the cap freed, its deliveries kept; a disabled endpoint’s retry reads paused', async () => {
    const m = await e2e.server.createMerchant({ creditLimit: '500.00' });
    const hooks = e2e.server.services.webhooks;
    // 16 endpoints, the cap: 14 that get nothing, the receiver's, and one answering 404.
    for (let i = 0; i < 14; i++)
      await hooks.createEndpoint(m.merchantId, {
        url: `https://hooks.example.com/${i}`,
        events: ['credit.low'],
      });
    const good = await hooks.createEndpoint(m.merchantId, { url: receiver.url });
    // A long address (a path and a token): the tables wrap it rather than scroll past their columns.
    const failingUrl = receiver.url.replace(
      /\/hooks$/,
      `/missing/${'order-and-credit-events/'.repeat(4)}?token=${'t0k3n'.repeat(8)}`,
    );
    const bad = await hooks.createEndpoint(m.merchantId, { url: failingUrl });
    const { event_id: delivered } = await hooks.sendTest(m.merchantId, good.endpoint.id);
    const { event_id: retrying } = await hooks.sendTest(m.merchantId, bad.endpoint.id);
    await expect
      .poll(async () => (await hooks.getEvent(m.merchantId, retrying)).deliveries[0], { timeout: 15_000 })
      .toMatchObject({ status: 'pending', attempts: 1 });
    await expect
      .poll(async () => (await hooks.getEvent(m.merchantId, delivered)).deliveries[0]?.status, {
        timeout: 15_000,
      })
      .toBe('succeeded');

    const portal = await e2e.open();
    const { page } = portal;
    await signInPortal(page, m.email, m.password);
    await page.goto('/webhooks');
    await settled(page);
    const endpoints = page.getByRole('region', { name: 'Endpoints' });
    const logRow = (eventId: string) =>
      page.getByRole('row').filter({ has: page.getByRole('button', { name: `Details of ${eventId}` }) });

    // At the cap, the form says what to do.
    await page.getByLabel('Endpoint URL').fill('https://hooks.example.com/new');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText(/at most 16 endpoints per merchant; delete one you no longer use/i).waitFor();

    // A failed attempt with another due reads as retrying, and says when (not "Pending").
    await logRow(retrying).getByText('Retrying', { exact: true }).waitFor();
    await logRow(retrying)
      .getByText(/^Next attempt: .+\.$/)
      .waitFor();

    // Disabled with a retry queued: the log says it waits for the endpoint, not "Pending" at a past time.
    await page.getByRole('button', { name: `Disable ${failingUrl}` }).click();
    await endpoints
      .getByRole('row')
      .filter({ hasText: failingUrl })
      .getByText('Disabled', { exact: true })
      .waitFor();
    await logRow(retrying).getByText('Paused: endpoint disabled').waitFor();
    await logRow(retrying).getByText('Retried once the endpoint is enabled again.').waitFor();
    // At 1280 px no table scrolls sideways for the long address: the endpoints, the log, and the
    // event's deliveries and attempts.
    await page.getByRole('button', { name: `Details of ${retrying}` }).click();
    await page.getByRole('heading', { level: 3, name: 'Attempts' }).waitFor();
    const overflowing = () =>
      page.evaluate<string[]>(
        `[...document.querySelectorAll('.table-wrap')]
          .filter((w) => w.scrollWidth > w.clientWidth)
          .map((w) => w.querySelector('th')?.textContent)`,
      );
    expect(await page.locator('.table-wrap').count()).toBe(4);
    expect(await overflowing()).toEqual([]);

    // Delete asks first, naming the URL; Cancel keeps it.
    await page.getByRole('button', { name: `Delete ${receiver.url}` }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete this endpoint?' });
    await confirm.getByText(`${receiver.url} will receive nothing more`, { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await endpoints.getByRole('row').filter({ hasText: receiver.url }).count()).toBe(1);
    await page.getByRole('button', { name: `Delete ${receiver.url}` }).click();
    await confirm.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByText(`${receiver.url} is deleted. Its deliveries stay in the delivery log.`).waitFor();
    await endpoints.getByRole('row').filter({ hasText: receiver.url }).waitFor({ state: 'detached' });
    // Its delivery stays in the log, naming where it went.
    await logRow(delivered).getByText(`${receiver.url} (deleted)`).waitFor();
    await logRow(delivered).getByText('Delivered').waitFor();

    // Its place is free: another endpoint is added.
    await page.getByLabel('Endpoint URL').fill('https://hooks.example.com/new');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'Signing secret' });
    await dialog.getByText('I have saved it somewhere safe').click();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await endpoints.getByRole('row').filter({ hasText: 'https://hooks.example.com/new' }).waitFor();
    expect((await hooks.listEndpoints(m.merchantId)).map((e) => e.url)).not.toContain(receiver.url);
    expect(portal.problems).toEqual([]);

    // The audit log says both in words: why the endpoint was disabled, and what the deleted one was
    // (its fields as they were, not changed to nothing).
    const opEmail = `ops-del-${Date.now()}@ops.example`;
    await e2e.server.services.operators.create({ email: opEmail, password: OP_PASSWORD, role: 'admin' });
    const ops = await e2e.open();
    await signInConsole(ops.page, opEmail, OP_PASSWORD);
    const audit = ops.page.getByRole('region', { name: 'Audit log' });
    const changeLines = async (action: string) => {
      await ops.page.goto(`/admin/audit?action=${action}`);
      // The newest entry: this test's (the first test disabled an endpoint too, earlier).
      const row = audit.getByRole('row').nth(1);
      await row.locator('.change-lines').waitFor();
      return row.locator('.change-lines .subline').allInnerTexts();
    };
    expect(await changeLines('webhook.disabled')).toEqual([
      'Status: Enabled → Disabled',
      'Why disabled: — → By the merchant',
    ]);
    expect(await changeLines('webhook.deleted')).toEqual([
      `Endpoint URL: ${receiver.url}`,
      'Events: Every event',
      'Status: Enabled',
    ]);
    expect(ops.problems).toEqual([]);
  }, 120_000);
});

/**
 * The console acts on failing endpoints, with a worker that gives a delivery up after 1.5 s of
 * failures (retried every 200 ms) so that "failed" is reached in a test, and a long attempt
 * timeout so that a hanging attempt holds an endpoint failing but enabled.
 */
describeEachDatabase('acting on failing webhooks in the console', (database) => {
  const e2e = useE2E(database, {
    env: { TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1' },
    webhooks: { pollMs: 50, retryDelaysMs: [200], giveUpAfterMs: 1500, timeoutMs: 60_000 },
  });
  const receivers = receiverPool();
  afterAll(() => receivers.closeAll());

  it('shows why each fails and what waits; an admin resends, enables and disables with a note; support only reads', async () => {
    const hooks = e2e.server.services.webhooks;
    const m = await e2e.server.createMerchant({ creditLimit: '500.00' });
    const credit = () =>
      e2e.server.services.credit.adjust(m.merchantId, { amount: '1.00', type: 'limit_change' });
    const deliveryOf = async (eventId: string) => (await hooks.getEvent(m.merchantId, eventId)).deliveries[0];

    // One endpoint the worker disabled for failing (503): its one delivery gave up.
    const down = await receivers.start();
    down.answer = () => ({ status: 503, body: 'maintenance' });
    const { endpoint: broken } = await hooks.createEndpoint(m.merchantId, { url: down.url });
    await credit();
    const failedEvent = (await hooks.listEvents(m.merchantId, {})).items[0]!.id;
    await expect
      .poll(async () => (await deliveryOf(failedEvent))?.status, { timeout: 20_000 })
      .toBe('failed');
    expect((await hooks.getEndpoint(m.merchantId, broken.id)).disabled_reason).toBe('failing');

    // Another failing now but enabled: its first attempt refused (503), its retry hangs.
    const slow = await receivers.start();
    slow.answer = (_r, n) => (n === 0 ? { status: 503 } : 'hang');
    const { endpoint: hanging } = await hooks.createEndpoint(m.merchantId, { url: slow.url });
    await hooks.sendTest(m.merchantId, hanging.id);
    await slow.waitFor(2);

    const adminEmail = `ops-act-${Date.now()}@ops.example`;
    const supportEmail = `support-act-${Date.now()}@ops.example`;
    await e2e.server.services.operators.create({ email: adminEmail, password: OP_PASSWORD, role: 'admin' });
    await e2e.server.services.operators.create({
      email: supportEmail,
      password: OP_PASSWORD,
      role: 'support',
    });
    const [ops, support, portal] = await Promise.all([e2e.open(), e2e.open(), e2e.open()]);
    await signInConsole(ops.page, adminEmail, OP_PASSWORD);
    const page = ops.page;
    await page.goto('/admin/webhooks');
    await settled(page);
    const row = (url: string) => page.getByRole('row').filter({ hasText: url });

    // Why, when, and what waits.
    await row(down.url).getByText('HTTP 503').waitFor();
    await row(down.url).getByText('Disabled: kept failing').waitFor();
    await row(down.url).getByText('Waiting: 0').waitFor();
    await row(down.url).getByText('Failed: 1').waitFor();
    await row(slow.url).getByText('Failing', { exact: true }).waitFor();
    await row(slow.url).getByText('HTTP 503').waitFor();

    // Resend failed deliveries while it is disabled: queued, to go out once it is enabled.
    await page.getByRole('button', { name: `Resend failed deliveries to ${down.url}` }).click();
    await page
      .getByText(
        `Failed deliveries to ${down.url} queued again: 1. They go out once the endpoint is enabled.`,
      )
      .waitFor();
    await row(down.url).getByText('Waiting: 1').waitFor();
    await row(down.url).getByText('Failed: 0').waitFor();
    expect(await page.getByRole('button', { name: `Resend failed deliveries to ${down.url}` }).count()).toBe(
      0,
    );

    // Enable, with a note (required): the delivery goes out under its event's id; it leaves the list.
    down.answer = () => ({ status: 200, body: 'ok' });
    const before = down.received.length;
    await page.getByRole('button', { name: `Enable ${down.url}` }).click();
    const enable = page.getByRole('alertdialog', { name: 'Enable endpoint' });
    await expect(enable.getByRole('button', { name: 'Enable endpoint' }).isDisabled()).resolves.toBe(true);
    await enable.getByLabel('Note').fill('receiver back up, ticket 4411');
    await enable.getByRole('button', { name: 'Enable endpoint' }).click();
    await page
      .getByText(`${down.url} is enabled again. It is listed here no more unless it keeps failing.`)
      .waitFor();
    await row(down.url).waitFor({ state: 'detached' });
    const sent = await down.waitFor(before + 1);
    expect(sent.slice(before).map((r) => r.headers['tradepost-event-id'])).toEqual([failedEvent]);

    // Disable the other, with a note: it reads as disabled by Tradepost, here and in its portal.
    await page.getByRole('button', { name: `Disable ${slow.url}` }).click();
    const disable = page.getByRole('alertdialog', { name: 'Disable endpoint' });
    await disable
      .getByText(`${slow.url} receives nothing until it is enabled again.`, { exact: false })
      .waitFor();
    await disable.getByLabel('Note').fill('hangs every attempt');
    await disable.getByRole('button', { name: 'Disable endpoint' }).click();
    await page.getByText(`${slow.url} is disabled.`).waitFor();
    await row(slow.url).getByText('Disabled by Tradepost').waitFor();
    await page.getByRole('button', { name: `Enable ${slow.url}` }).waitFor();
    expect(ops.problems).toEqual([]);

    await signInPortal(portal.page, m.email, m.password);
    await portal.page.goto('/webhooks');
    await settled(portal.page);
    const portalRow = (url: string) =>
      portal.page.getByRole('region', { name: 'Endpoints' }).getByRole('row').filter({ hasText: url });
    await portalRow(slow.url).getByText('Disabled by Tradepost').waitFor();
    await portalRow(down.url).getByText('Enabled', { exact: true }).waitFor();
    expect(portal.problems).toEqual([]);

    // Support reads the same page (its status: the hanging attempt may have timed out by now), and
    // is offered nothing to press.
    await signInConsole(support.page, supportEmail, OP_PASSWORD);
    await support.page.goto('/admin/webhooks');
    await settled(support.page);
    await support.page
      .getByRole('row')
      .filter({ hasText: slow.url })
      .getByText('Disabled by Tradepost')
      .waitFor();
    await support.page.getByText('Only an admin makes changes here', { exact: false }).waitFor();
    expect(
      await support.page.getByRole('button', { name: /^(Enable|Disable|Resend failed deliveries) / }).count(),
    ).toBe(0);
    expect(support.problems).toEqual([]);

    // The audit log names each action, with the operator's note.
    const audit = page.getByRole('region', { name: 'Audit log' });
    const newest = async (action: string) => {
      await page.goto(`/admin/audit?action=${action}`);
      const r = audit.getByRole('row').nth(1);
      await r.locator('.change-lines').waitFor();
      return r;
    };
    const resent = await newest('webhook.deliveries_resent');
    await resent.getByText('Failed webhook deliveries resent').waitFor();
    expect(await resent.locator('.change-lines .subline').allInnerTexts()).toEqual([
      'Deliveries queued again: 1',
    ]);
    const disabled = await newest('webhook.disabled');
    await disabled.getByText('hangs every attempt').waitFor();
    expect(await disabled.locator('.change-lines .subline').allInnerTexts()).toEqual([
      'Status: Enabled → Disabled',
      'Why disabled: — → By an operator',
    ]);
    const enabled = await newest('webhook.enabled');
    await enabled.getByText('receiver back up, ticket 4411').waitFor();
    expect(ops.problems).toEqual([]);

    // a11y with both kinds of rows and the admin's buttons, at both widths.
    await page.goto('/admin/webhooks');
    expect(await axeAtBothWidths(ops, '/admin/webhooks')).toEqual({});
  }, 120_000);
});
