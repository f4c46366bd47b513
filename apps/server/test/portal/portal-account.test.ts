/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
import { beforeAll, expect, it } from 'vitest';
import { bend } from '../helpers/bend-http.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { newProduct, orderRequest } from '../helpers/factories.ts';
import { listAllTransactions } from '../helpers/ledger.ts';
import { type TestServer, useTestServer } from '../helpers/test-server.ts';
import { merchantClient } from '../helpers/web-client.ts';

describeEachDatabase('portal account pages', (database) => {
  const serverOf = useTestServer(database);
  let server: TestServer;
  beforeAll(() => {
    server = serverOf();
  });

  const signedIn = (creditLimit = '1000.00') => merchantClient(server, creditLimit);

  it('dashboard and credit show the figures the B-End API shows, a 30-day series and the low-credit flag', async () => {
    const { m, web } = await signedIn('100.00');
    const p = await newProduct(server.services, { price: '45.00' });
    const placed = await web.call('POST', '/orders', orderRequest(p, { quantity: 2 }));
    expect(placed.status).toBe(200);
    expect(placed.body.amount).toBe('90.00');
    const dash = await web.call('GET', '/dashboard');
    const viaBend = await bend(server.url, m, 'GET', '/credit');
    expect(dash.body.credit).toEqual(viaBend.payload.data);
    expect(dash.body.credit.available).toBe('10.00');
    expect(dash.body.low_credit).toBe(false); // exactly 10 %: not below it
    expect(dash.body.daily_spend).toHaveLength(30);
    expect(dash.body.daily_spend.at(-1)).toEqual({
      date: new Date().toISOString().slice(0, 10),
      amount: '90.00',
    });
    expect(dash.body.recent_orders.map((o: any) => o.order_no)).toEqual([placed.body.order_no]);
    expect(dash.body.recent_transactions[0]).toMatchObject({
      type: 'order',
      amount: '-90.00',
      order_no: placed.body.order_no,
    });
    await web.call('POST', '/orders', orderRequest(p, { quantity: 0 })); // refused: nothing moves
    const small = await newProduct(server.services, { price: '0.01' });
    await web.call('POST', '/orders', orderRequest(small));
    const credit = await web.call('GET', '/credit');
    expect(credit.body.low_credit).toBe(true);
    expect(credit.body.history.map((t: any) => t.type)).toEqual(['limit_change']);
  });

  it('the low-credit flag stays off when refunds of repaid orders take the available credit past 13 digits', async () => {
    const { m, web } = await signedIn('9999999999999.99');
    const p = await newProduct(server.services, { price: '9999999999999.99' });
    const placed = await web.call('POST', '/orders', orderRequest(p));
    expect(placed.status).toBe(200);
    await server.services.credit.adjust(m.merchantId, { type: 'repayment', amount: '9999999999999.99' });
    expect((await web.call('POST', `/orders/${placed.body.order_no}/cancel`, {})).status).toBe(200);
    const credit = await web.call('GET', '/credit');
    expect(credit.body.credit).toMatchObject({ used: '-9999999999999.99', available: '19999999999999.98' });
    expect(credit.body.low_credit).toBe(false);
    expect((await web.call('GET', '/dashboard')).body.low_credit).toBe(false);
  });

  it('an order No already used is refused on its field, naming the order that holds it; nothing moves', async () => {
    const { web } = await signedIn('100.00');
    const p = await newProduct(server.services, { price: '5.00' });
    const first = await web.call('POST', '/orders', orderRequest(p, { merchant_order_no: 'PO-TWICE' }));
    expect(first.status).toBe(200);
    const again = await web.call('POST', '/orders', orderRequest(p, { merchant_order_no: 'PO-TWICE' }));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'conflict',
      fields: { merchant_order_no: `is already used by order ${first.body.order_no}` },
    });
    expect((await web.call('GET', '/credit')).body.credit.available).toBe('95.00');
  });

  it('an order No with a space around it: the portal takes it trimmed, every API refuses it (4001), so none passes as a second order', async () => {
    const { m, web } = await signedIn('100.00');
    const p = await newProduct(server.services, { price: '5.00' });
    const placed = await web.call('POST', '/orders', orderRequest(p, { merchant_order_no: ' PO-SPACED ' }));
    expect([placed.status, placed.body.merchant_order_no]).toEqual([200, 'PO-SPACED']);
    // A space around it, or an invisible character that would make a second reference read as
    // the first: refused on every door (the portal's in the catalog's words, below).
    const SPACE = 'must not start or end with a space';
    const INVISIBLE =
      'must not contain invisible characters (zero-width spaces, joiners or byte order marks)';
    for (const [ref, rule] of [
      ['PO-SPACED ', SPACE],
      [' PO-SPACED', SPACE],
      ['PO-NEW\u00a0', SPACE],
      ['PO\u200bSPACED', INVISIBLE],
      ['PO-\ufeffX', INVISIBLE],
      ['PO\u2060X', INVISIBLE],
    ]) {
      const viaBend = await bend(
        server.url,
        m,
        'POST',
        '/orders',
        orderRequest(p, { merchant_order_no: ref }),
      );
      expect(viaBend.payload).toMatchObject({ code: 4001, message: `merchant_order_no: ${rule}` });
    }
    const batch = await bend(server.url, m, 'POST', '/batch-orders', {
      merchant_batch_no: 'B-1 ',
      orders: [orderRequest(p)],
    });
    expect(batch.payload.message).toBe('merchant_batch_no: must not start or end with a space');
    const invisible = await web.call('POST', '/orders', orderRequest(p, { merchant_order_no: 'PO\u200b1' }));
    expect([invisible.status, invisible.body.error.fields]).toEqual([400, { merchant_order_no: INVISIBLE }]);
    expect((await web.call('GET', '/credit')).body.credit.available).toBe('95.00');
  });

  it('a frozen line refuses an order as frozen (account_inactive), not as short of credit; nothing moves', async () => {
    const { m, web } = await signedIn('100.00');
    const p = await newProduct(server.services, { price: '5.00' });
    await server.services.credit.setStatus(m.merchantId, 'frozen');
    const refused = await web.call('POST', '/orders', orderRequest(p));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('account_inactive');
    expect((await web.call('GET', '/credit')).body.credit).toMatchObject({
      status: 'frozen',
      available: '100.00',
    });
    // The B-End API keeps the spec's 2001 for it.
    expect((await bend(server.url, m, 'POST', '/orders', orderRequest(p))).payload.code).toBe(2001);
  });

  it('transactions filter by type and date, and the CSV export streams exactly the filtered ledger', async () => {
    const { m, web } = await signedIn('500.00');
    const p = await newProduct(server.services, { price: '12.30' });
    for (let i = 0; i < 3; i++) expect((await web.call('POST', '/orders', orderRequest(p))).status).toBe(200);
    await server.services.credit.adjust(m.merchantId, {
      type: 'repayment',
      amount: '5.00',
      note: 'wire, "ref" =1',
    });
    const today = new Date().toISOString().slice(0, 10);
    const orders = await web.call('GET', `/transactions?type=order&from=${today}&to=${today}&page_size=2`);
    expect(orders.body).toMatchObject({ page: 1, page_size: 2, total: 3 });
    expect(orders.body.items.every((t: any) => t.type === 'order')).toBe(true);
    expect((await web.call('GET', '/transactions?to=2000-01-01')).body.total).toBe(0);
    // The last day there is: its exclusive bound must still sort after every stored timestamp.
    expect((await web.call('GET', '/transactions?to=9999-12-31')).body.total).toBe(5); // the limit, 3 orders, the repayment
    expect((await web.call('GET', '/transactions?from=9999-12-31')).body.total).toBe(0);
    const bad = await web.call('GET', '/transactions?type=bogus&from=2026-02-30');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['from', 'type']);

    const csv = await web.call('GET', `/transactions.csv?from=${today}`);
    expect(csv.status).toBe(200);
    // UTF-8 with a byte order mark, so Excel reads "×" and 中文 as they are (text() drops the mark).
    const raw = await fetch(`${server.url}/portal/api/transactions.csv?from=${today}`, {
      headers: { cookie: web.cookie! },
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain('attachment;');
    const ledger = await listAllTransactions(server.running.ctx, m.merchantId);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'reference_no,type,amount,balance_before,balance_after,currency,order_no,description,created_at',
    );
    expect(lines.slice(1)).toHaveLength(ledger.length);
    lines.slice(1).forEach((line, i) => {
      const t = ledger[i]!;
      expect(
        line.startsWith(
          `${t.reference_no},${t.type},${t.amount},${t.balance_before},${t.balance_after},${t.currency},${t.order_no ?? ''},`,
        ),
      ).toBe(true);
      expect(line.endsWith(`,${t.created_at}`)).toBe(true);
    });
    // The note with a quote and a comma is one quoted cell.
    expect(csv.text).toContain('"wire, ""ref"" =1"');
    const onlyOrders = await web.call('GET', '/transactions.csv?type=order');
    expect(onlyOrders.text.trimEnd().split('\r\n')).toHaveLength(4);
    const untilTheEnd = await web.call('GET', `/transactions.csv?from=${today}&to=9999-12-31`);
    expect(untilTheEnd.text.trimEnd().split('\r\n')).toHaveLength(1 + ledger.length);
  });

  it('a long export shares the server: a request made while it streams is answered before it ends', async () => {
    const { m, web } = await signedIn();
    // 20,000 entries (about 2 MB of CSV), written straight into the ledger.
    const at = Date.now() - 20_000 * 60_000;
    await server.running.ctx.writer.run(async (trx) => {
      for (let start = 0; start < 20_000; start += 1_000) {
        const rows = Array.from({ length: 1_000 }, (_, k) => ({
          reference_no: `EXP-${m.merchantId}-${start + k}`,
          merchant_id: m.merchantId,
          seq: start + k + 2, // after the opening limit (1)
          type: 'adjustment' as const,
          amount: 0,
          balance_before: 100_000,
          balance_after: 100_000,
          currency: 'USD',
          order_no: null,
          description: 'bulk',
          created_at: new Date(at + (start + k) * 60_000).toISOString(),
        }));
        await trx.insertInto('credit_transactions').values(rows).execute();
      }
      await trx
        .updateTable('credit_accounts')
        .set({ ledger_seq: 20_001 })
        .where('merchant_id', '=', m.merchantId)
        .execute();
    });
    const finished: string[] = [];
    const exported = fetch(`${server.url}/portal/api/transactions.csv`, { headers: { cookie: web.cookie! } })
      .then((r) => r.text())
      .then((text) => {
        finished.push('export');
        return text;
      });
    // Asked once the export is under way: SQLite's reads are synchronous, and an export that
    // never let the event loop turn held every other request until its last row.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const session = web.call('GET', '/session').then((r) => {
      finished.push('session');
      return r;
    });
    const [text, answer] = await Promise.all([exported, session]);
    expect(answer.status).toBe(200);
    expect(text.trimEnd().split('\r\n')).toHaveLength(1 + 20_001);
    expect(finished).toEqual(['session', 'export']);
  });

  it('transactions and their CSV take a day or an instant with a zone as bounds: the web app’s local days', async () => {
    const { m, web } = await signedIn('500.00');
    await server.services.credit.adjust(m.merchantId, { type: 'adjustment', amount: '-5.00' });
    const ledger = await listAllTransactions(server.running.ctx, m.merchantId);
    expect(ledger).toHaveLength(2); // the limit, the adjustment
    const newest = ledger[0]!.created_at; // "…T…Z", to the second
    const ms = Date.parse(newest);
    const at = (d: number) => new Date(d).toISOString();
    // In Honolulu (UTC−10): a local day is [00:00−10:00, 23:59:59.999−10:00], ten hours on from UTC's.
    const hon = (d: number) => {
      const local = new Date(d - 10 * 3_600_000).toISOString().slice(0, 23);
      return `${local}-10:00`;
    };
    // With `csv`, the export of the same bounds too (10 exports a minute per client: a few only).
    const list = async (from: string, to: string, csv = false) => {
      const q = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
      const page = await web.call('GET', `/transactions?${q}`);
      expect(page.status).toBe(200);
      const refs = page.body.items.map((t: any) => t.reference_no);
      if (!csv) return { refs, name: null };
      const file = await web.call('GET', `/transactions.csv?${q}`);
      expect(file.status).toBe(200);
      const csvRefs = file.text
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[0]);
      expect(csvRefs).toEqual(refs); // the export is the list, row for row
      return { refs, name: file.headers.get('content-disposition') };
    };
    const all = ledger.map((t) => t.reference_no);
    // Inclusive at both ends, to the millisecond; a `to` without fractions covers its second.
    expect((await list(hon(ms), hon(ms + 999))).refs).toContain(all[0]);
    expect((await list(hon(ms + 1000), hon(ms + 2000))).refs).toEqual([]);
    expect((await list(at(ms - 3_600_000), newest)).refs).toContain(all[0]);
    expect((await list(hon(ms - 60_000), at(ms - 1))).refs).not.toContain(all[0]);
    // A local day around the newest entry, named in the file by the days written (no colons).
    const day = hon(ms).slice(0, 10);
    const { refs, name } = await list(`${day}T00:00:00.000-10:00`, `${day}T23:59:59.999-10:00`, true);
    expect(refs).toContain(all[0]);
    expect(name).toBe(`attachment; filename="transactions-from-${day}-to-${day}.csv"`);
    // A day and an instant mix; a range that ends before it starts is refused on `from`.
    expect((await list('2000-01-01', hon(ms + 1000), true)).refs).toEqual(all);
    const backwards = await web.call(
      'GET',
      `/transactions?from=${encodeURIComponent(`${day}T00:00:00+14:00`)}&to=${encodeURIComponent(`${day}T00:00:00+14:01`)}`,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields).toEqual({ from: 'from: must not be after to' });
    // No zone, no seconds' digits, an unreal day: refused as the day filter's own words.
    for (const [bad, says] of [
      ['2026-11-29T00:00:00', 'must be a date like 2026-11-28'],
      ['2026-11-29T00:00:0Z', 'must be a date like 2026-11-28'],
      ['2026-11-29 00:00Z', 'must be a date like 2026-11-28'],
      ['2026-02-30T00:00:00Z', 'must be a real date'],
      ['2026-11-29T25:00:00Z', 'must be a real date'],
    ]) {
      const r = await web.call('GET', `/transactions?to=${encodeURIComponent(bad!)}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.error.fields, bad).toEqual({ to: says });
    }
    const badExport = await web.call(
      'GET',
      `/transactions.csv?from=${encodeURIComponent('2026-11-29T00:00')}`,
    );
    expect(badExport.status).toBe(400);
    expect(badExport.body.error.fields).toEqual({ from: 'must be a date like 2026-11-28' });
  });

  it('a CSV export logs nothing: no "reply was already sent" warning, which carried the query’s values', async () => {
    const { web } = await signedIn();
    server.logs.length = 0;
    const today = new Date().toISOString().slice(0, 10);
    const csv = await web.call('GET', `/transactions.csv?from=${today}&to=${today}`);
    expect(csv.status).toBe(200);
    expect(csv.text.trimEnd().split('\r\n')).toHaveLength(2); // the header and the credit limit
    // The warning comes after the stream has ended: let the server finish the request first.
    await new Promise((r) => setTimeout(r, 50));
    expect(server.logs).toEqual([]);
  });

  it('transactions page as of the first page’s entry: orders placed meanwhile neither repeat an entry on page 2 nor hide one; they are counted as newer', async () => {
    const { m, web } = await signedIn('500.00');
    const p = await newProduct(server.services, { price: '1.00' });
    for (let i = 0; i < 3; i++) expect((await web.call('POST', '/orders', orderRequest(p))).status).toBe(200);
    // The ledger: the limit, then 3 orders (seq 1..4), newest first.
    const first = await web.call('GET', '/transactions?page_size=2');
    expect(first.body).toMatchObject({ page: 1, total: 4, as_of: 4, newer: 0 });
    const refs = (page: any): string[] => page.items.map((t: any) => t.reference_no);
    // Two orders arrive (one through the B-End API) between reading page 1 and page 2.
    expect((await web.call('POST', '/orders', orderRequest(p))).status).toBe(200);
    expect((await bend(server.url, m, 'POST', '/orders', orderRequest(p))).payload.code).toBe(0);

    const second = await web.call('GET', `/transactions?page_size=2&page=2&as_of=${first.body.as_of}`);
    expect(second.body).toMatchObject({ page: 2, total: 4, as_of: 4, newer: 2 });
    const all = await listAllTransactions(server.running.ctx, m.merchantId); // newest first
    expect([...refs(first.body), ...refs(second.body)]).toEqual(all.slice(2).map((t) => t.reference_no));
    // Without as_of, page 2 is read against the newest ledger: it repeats page 1's entries.
    const drifted = await web.call('GET', '/transactions?page_size=2&page=2');
    expect(refs(drifted.body)).toEqual(refs(first.body));
    expect(drifted.body).toMatchObject({ total: 6, as_of: 6, newer: 0 });
    // Filters count the newer entries too; as_of is checked like every query value.
    const refunds = await web.call('GET', `/transactions?type=refund&as_of=${first.body.as_of}`);
    expect(refunds.body).toMatchObject({ total: 0, newer: 0 });
    for (const bad of ['0', '-1', 'x', '1.5', '9007199254740992']) {
      const r = await web.call('GET', `/transactions?as_of=${bad}`);
      expect(r.status, bad).toBe(400);
      expect(JSON.stringify(r.body), bad).toContain('as_of');
    }
  });

  it('the CSV export streams a ledger longer than several fetch chunks whole, in the table’s order', async () => {
    const { m, web } = await signedIn('1000000.00');
    // 1,200 entries: the export reads 500 at a time, so this crosses two chunk boundaries.
    for (let i = 0; i < 1200; i++) {
      await server.services.credit.adjust(m.merchantId, { type: 'adjustment', amount: `-0.0${(i % 9) + 1}` });
    }
    const csv = await web.call('GET', '/transactions.csv');
    const rows = csv.text.trimEnd().split('\r\n');
    expect(rows).toHaveLength(1 + 1201);
    const ledger = await listAllTransactions(server.running.ctx, m.merchantId);
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(ledger.map((t) => t.reference_no));
  });

  it('profile and bank account: validated, the account number sealed at rest and shown masked', async () => {
    const { m, web } = await signedIn();
    const invalid = await web.call('PUT', '/profile', {
      company_name: '',
      contact_phone: 'call me',
      country: 'Germany',
    });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.error.fields).sort()).toEqual([
      'company_name',
      'contact_phone',
      'country',
    ]);
    // A name is one line; an address may have several.
    const twoLines = await web.call('PUT', '/profile', {
      company_name: 'Acme\nTrading',
      company_address: '1 High St\nLondon',
    });
    expect(twoLines.status).toBe(400);
    expect(twoLines.body.error.fields).toEqual({ company_name: 'must be on one line' });
    const saved = await web.call('PUT', '/profile', {
      company_name: 'Acme Trading',
      contact_name: 'Ada',
      contact_phone: '+44 20 7946 0000',
      company_address: '1 High St',
      country: 'gb',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      company_name: 'Acme Trading',
      country: 'GB',
      bank_account: null,
      email: m.email,
    });

    const number = 'GB29NWBK60161331926819';
    const bank = await web.call('PUT', '/profile/bank-account', {
      holder: 'Acme Trading Ltd',
      bank_name: 'NatWest',
      account_number: 'GB29 NWBK 6016 1331 9268 19',
      swift_or_routing: 'NWBKGB2L',
    });
    expect(bank.status).toBe(200);
    expect(bank.body.bank_account).toEqual({
      holder: 'Acme Trading Ltd',
      bank_name: 'NatWest',
      account_number_masked: '••••6819',
      swift_or_routing: 'NWBKGB2L',
    });
    expect(bank.text).not.toContain(number);
    expect((await web.call('GET', '/profile')).text).not.toContain(number);
    const row = await server.running.ctx.db
      .selectFrom('merchants')
      .select('bank_account_number')
      .where('merchant_id', '=', m.merchantId)
      .executeTakeFirstOrThrow();
    expect(row.bank_account_number).toMatch(/^v1\./);
    expect(row.bank_account_number).not.toContain('6819');
    const audit = await server.services.audit.forMerchant(m.merchantId, { page: 1, pageSize: 10 });
    expect(audit.items.map((e) => e.action).slice(0, 2)).toEqual(['bank_account.updated', 'profile.updated']);
    expect(JSON.stringify(audit.items)).not.toContain(number);
    const badBank = await web.call('PUT', '/profile/bank-account', {
      holder: 'x',
      bank_name: 'y',
      account_number: '12',
      swift_or_routing: 'ZZ',
    });
    expect(Object.keys(badBank.body.error.fields).sort()).toEqual(['account_number', 'swift_or_routing']);
  });

  it('orders: list with status filter and search, detail with its ledger entry, another merchant’s order is 404', async () => {
    const { m, web } = await signedIn();
    const p = await newProduct(server.services, { price: '3.00' });
    const a = (await web.call('POST', '/orders', orderRequest(p, { merchant_order_no: 'PO-ALPHA-1' }))).body;
    await web.call('POST', '/orders', orderRequest(p, { merchant_order_no: 'PO-BETA-2' }));
    const found = await web.call('GET', '/orders?q=alpha');
    expect(found.body.items.map((o: any) => o.order_no)).toEqual([a.order_no]);
    expect(found.body.items[0]).not.toHaveProperty('merchant_id');
    expect((await web.call('GET', '/orders?status=shipped')).body.total).toBe(0);
    expect((await web.call('GET', '/orders?status=pending')).body.total).toBe(2);
    const detail = await web.call('GET', `/orders/${a.order_no}`);
    expect(detail.body.order.order_no).toBe(a.order_no);
    const bought = await server.services.catalog.getProduct(a.goods_id);
    expect(detail.body.item).toEqual({ title: bought.title, spec: bought.skus[0]!.spec });
    expect(detail.body.ledger).toEqual([
      expect.objectContaining({ type: 'order', amount: '-3.00', order_no: a.order_no }),
    ]);

    const other = await signedIn();
    const theirs = await other.web.call('GET', `/orders/${a.order_no}`);
    const unknown = await other.web.call('GET', '/orders/ORD0000000000NOSUCHORDER0');
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual(unknown.body);
    expect((await other.web.call('GET', '/orders?q=alpha')).body.total).toBe(0);
    expect(m.merchantId).not.toBe(other.m.merchantId);
  });

  it('placing an order: quantity only a JSON integer 1..999, refused in the B-End API’s words, nothing charged', async () => {
    const { m, web } = await signedIn();
    const p = await newProduct(server.services, { price: '5.00' });
    const before = (await web.call('GET', '/credit')).body.credit;
    for (const quantity of [true, [1], '1e0', '0x1', '1.0', '  2  ', '2', 1.5, 0, 1000]) {
      const r = await web.call('POST', '/orders', orderRequest(p, { quantity }));
      expect([r.status, r.body.error?.code], JSON.stringify(quantity)).toEqual([400, 'validation_failed']);
      expect(r.body.error.fields).toEqual({ quantity: 'must be an integer from 1 to 999' });
      const viaBend = await bend(server.url, m, 'POST', '/orders', orderRequest(p, { quantity }));
      expect(viaBend.payload.message).toBe(`quantity: ${r.body.error.fields.quantity}`);
    }
    expect((await web.call('GET', '/credit')).body.credit).toEqual(before);
    expect((await web.call('GET', '/orders')).body.total).toBe(0);
    expect((await web.call('POST', '/orders', orderRequest(p, { quantity: 2 }))).status).toBe(200);
  });

  it('placing an order: each bad field says what is wrong ("is required" only when it is missing)', async () => {
    const { web } = await signedIn();
    const p = await newProduct(server.services);
    const good = orderRequest(p);
    const r = await web.call('POST', '/orders', {
      goods_id: 'G'.repeat(65),
      sku_id: 5,
      quantity: 1,
      shipping_address: { ...good.shipping_address, name: undefined, city: 'c'.repeat(101), country: 7 },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toEqual({
      goods_id: 'must be at most 64 characters',
      sku_id: 'must be a string',
      'shipping_address.name': 'is required',
      'shipping_address.city': 'must be at most 100 characters',
      'shipping_address.country': 'must be a string',
    });
  });

  it('placing an order: the recipient phone must be a phone number on the portal; the B-End API takes any (its spec pins none)', async () => {
    const { m, web } = await signedIn();
    const p = await newProduct(server.services);
    const good = orderRequest(p);
    const abc = { ...good, shipping_address: { ...good.shipping_address, phone: 'abc' } };
    const r = await web.call('POST', '/orders', abc);
    expect([r.status, r.body.error.code]).toEqual([400, 'validation_failed']);
    expect(r.body.error.fields).toEqual({
      'shipping_address.phone': 'must be a phone number like +1 415 555 0100',
    });
    expect((await web.call('GET', '/orders')).body.total).toBe(0);
    const viaBend = await bend(server.url, m, 'POST', '/orders', abc);
    expect(viaBend.payload.code).toBe(0);
    expect((viaBend.payload.data as any).shipping_address.phone).toBe('abc');
  });

  it('placing an order: refused for stock, it says how many are left on the quantity field, then none; nothing charged; B-End answers the spec’s 3002', async () => {
    const { m, web } = await signedIn('100.00');
    const p = await newProduct(server.services, { price: '1.00', stock: 3 });

    const tooMany = await web.call('POST', '/orders', orderRequest(p, { quantity: 5 }));
    expect(tooMany.status).toBe(409);
    expect(tooMany.body).toEqual({
      error: {
        code: 'out_of_stock',
        message: 'Product out of stock',
        fields: { quantity: 'only 3 left' },
      },
    });
    expect((await web.call('POST', '/orders', orderRequest(p, { quantity: 3 }))).status).toBe(200);
    const none = await web.call('POST', '/orders', orderRequest(p));
    expect(none.status).toBe(409);
    expect(none.body.error).toMatchObject({ fields: { quantity: 'none left' } });
    expect((await web.call('GET', '/credit')).body.credit.available).toBe('97.00');

    // The B-End API answers the spec's 3002, and nothing more.
    const viaBend = await bend(server.url, m, 'POST', '/orders', orderRequest(p));
    expect(viaBend.payload).toEqual({ code: 3002, message: 'Product out of stock', data: null });
  });

  it('products: categories, search, detail with SKUs', async () => {
    const { web } = await signedIn();
    const title = `Portal lamp ${Date.now()}`;
    const p = await newProduct(server.services, { title, category: 'Lighting' });
    expect((await web.call('GET', '/categories')).body.categories).toContain('Lighting');
    const search = await web.call('GET', `/products?q=${encodeURIComponent(title)}&category=Lighting`);
    expect(search.body.items.map((x: any) => x.goods_id)).toEqual([p.goodsId]);
    const detail = await web.call('GET', `/products/${p.goodsId}`);
    expect(detail.body.skus[0]).toMatchObject({ sku_id: p.skuId, price: '10.00', stock: 100 });
    expect((await web.call('GET', '/products/NOPE')).status).toBe(404);
  });
});
