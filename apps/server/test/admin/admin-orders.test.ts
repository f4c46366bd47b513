/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * The console's order queue over real HTTP on both databases: 200 selected orders move to
 * processing in one bulk call, each audited; a bulk with one bad order moves none and names it;
 * a CSV ship reports every bad line by number and ships nothing, a good one ships all with their
 * tracking numbers (seen through B-End) and audits each; hostile CSVs answer 400, never 5xx.
 * The export streams the filtered queue with recipients, and comes back through the CSV ship.
 */
import { ORDERS_CSV_COLUMNS, readFieldMessage, TRACKING_NO_MAX_CHARS } from '@tradepost/web-contract';
import { parse as parseCsv } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { readShipCsv } from '../../src/doors/admin/admin-orders.routes.ts';
import { eachOrderChunk } from '../../src/modules/orders/orders.repository.ts';
import { bend } from '../helpers/bend-http.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { address, newProduct, orderRequest } from '../helpers/factories.ts';
import { useConsoleServer } from './console-server.ts';

describeEachDatabase('console order queue', (database) => {
  const cs = useConsoleServer(database);

  const placeOrders = async (merchantId: string, n: number) => {
    const p = await newProduct(cs.server.services, { price: '1.00', stock: n });
    const orders = [];
    // A few at a time: the writer groups them into commits either way.
    for (let i = 0; i < n; i += 25) {
      const chunk = Array.from({ length: Math.min(25, n - i) }, () =>
        cs.server.services.orders.create(merchantId, orderRequest(p)),
      );
      orders.push(...(await Promise.all(chunk)));
    }
    return orders.map((o) => o.order_no);
  };
  const statuses = async (orderNos: string[]) =>
    new Set(await Promise.all(orderNos.map(async (n) => (await cs.server.services.orders.getAny(n)).status)));
  const movesAudited = async (merchantId: string) =>
    (await cs.admin.call('GET', `/audit?action=order.status_changed&merchant_id=${merchantId}&page_size=1`))
      .body.total as number;

  it('bulk: one bad order among 201 moves none; then 200 move to processing, 200 audit rows', async () => {
    const m = await cs.server.createMerchant({ creditLimit: '1000.00' });
    const orderNos = await placeOrders(m.merchantId, 200);

    const refused = await cs.admin.call('POST', '/orders/bulk-transition', {
      order_nos: [...orderNos.slice(0, 150), 'ORDNOSUCH', ...orderNos.slice(150)],
      status: 'processing',
    });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.error.fields)).toEqual(['ORDNOSUCH']);
    // Each refusal is a message of the contract's catalog, so the console shows it in its language.
    expect(readFieldMessage(refused.body.error.fields.ORDNOSUCH)).toEqual({
      id: 'orderNotFound',
      params: {},
    });
    expect(await statuses(orderNos)).toEqual(new Set(['pending']));
    expect(await movesAudited(m.merchantId)).toBe(0);

    const moved = await cs.admin.call('POST', '/orders/bulk-transition', {
      order_nos: orderNos,
      status: 'processing',
    });
    expect(moved.status, JSON.stringify(moved.body).slice(0, 300)).toBe(200);
    expect(moved.body.results).toHaveLength(200);
    expect(moved.body.results.every((r: any) => r.ok && r.order.status === 'processing')).toBe(true);
    expect(await statuses(orderNos)).toEqual(new Set(['processing']));
    expect(await movesAudited(m.merchantId)).toBe(200);

    // An illegal move for one of them (processing → processing) refuses the whole batch again.
    const again = await cs.admin.call('POST', '/orders/bulk-transition', {
      order_nos: orderNos.slice(0, 3),
      status: 'processing',
    });
    expect(again.status).toBe(400);
    expect(Object.keys(again.body.error.fields).sort()).toEqual(orderNos.slice(0, 3).sort());
    expect(readFieldMessage(again.body.error.fields[orderNos[0]!])).toEqual({
      id: 'cannotMove',
      params: { from: 'processing', to: 'processing' },
    });
    expect(await movesAudited(m.merchantId)).toBe(200);
  }, 60_000);

  it('CSV ship: every bad line by number, nothing shipped; then all shipped, tracked and audited', async () => {
    const m = await cs.server.createMerchant({ creditLimit: '100.00' });
    const [a, b, c, pending] = await placeOrders(m.merchantId, 4);
    for (const n of [a!, b!, c!]) await cs.server.services.orders.transition(n, 'processing');

    const bad = [
      'order_no,carrier,tracking_no',
      `${a},DHL,JD-A`, // line 2: fine
      'ORDNOSUCH,DHL,JD-X', // line 3: unknown order
      `${b},DHL,`, // line 4: no tracking number
      `${pending},DHL,JD-P`, // line 5: pending cannot ship
      `${c},DHL,JD-C,extra`, // line 6: too many columns
    ].join('\n');
    const refused = await cs.admin.call('POST', '/orders/ship-csv', { csv: bad });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_failed');
    expect(Object.keys(refused.body.error.fields).sort()).toEqual(['line 3', 'line 4', 'line 5', 'line 6']);
    // Every line's reason reads back to its catalog message (after the field it names, if any).
    const reasons = Object.fromEntries(
      Object.entries(refused.body.error.fields as Record<string, string>).map(([line, message]) => {
        const [, field, rest] = /^(?:([\w.]+): )?(.*)$/s.exec(message)!;
        return [line, { field, ...readFieldMessage(rest!) }];
      }),
    );
    expect(reasons).toEqual({
      'line 3': { field: undefined, id: 'orderNotFound', params: {} },
      'line 4': { field: 'tracking_no', id: 'notEmpty', params: {} },
      'line 5': { field: undefined, id: 'cannotMove', params: { from: 'pending', to: 'shipped' } },
      'line 6': { field: undefined, id: 'shipCsvColumns', params: {} },
    });
    expect(await statuses([a!, b!, c!])).toEqual(new Set(['processing']));
    // (The moves to processing above went through the service directly: not operator actions.)
    expect(await movesAudited(m.merchantId)).toBe(0);

    const good = `${a},DHL,JD-A\r\n${b},UPS,JD-B\r\n\r\n"${c}","SF Express","JD-C"\r\n`;
    const shipped = await cs.admin.call('POST', '/orders/ship-csv', { csv: good });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    expect(shipped.body).toEqual({ shipped: 3 });
    const seen = await bend(cs.server.url, m, 'GET', `/orders/${c}`);
    expect(seen.payload.data).toMatchObject({
      status: 'shipped',
      carrier: 'SF Express',
      tracking_no: 'JD-C',
    });
    const audit = await cs.admin.call('GET', `/audit?action=order.status_changed&q=${b}`);
    expect(audit.body.items[0]).toMatchObject({
      before: { status: 'processing' },
      after: { status: 'shipped', carrier: 'UPS', tracking_no: 'JD-B' },
    });
    expect(await movesAudited(m.merchantId)).toBe(3);

    // Shipping the same lines again: each refused by line, nothing changes.
    const twice = await cs.admin.call('POST', '/orders/ship-csv', { csv: good });
    expect(twice.status).toBe(400);
    expect(Object.keys(twice.body.error.fields).sort()).toEqual(['line 1', 'line 2', 'line 4']);
  });

  it('CSV export: the orders the filters match, as the queue lists them, with recipients; filled in, the same file ships those given a carrier', async () => {
    const m = await cs.server.createMerchant({ creditLimit: '100.00' });
    const other = await cs.server.createMerchant({ creditLimit: '100.00' });
    const [a, b, c] = await placeOrders(m.merchantId, 4);
    const [theirs] = await placeOrders(other.merchantId, 1);
    for (const n of [a!, b!, c!, theirs!]) await cs.server.services.orders.transition(n, 'processing');
    const filters = `status=processing&merchant_id=${m.merchantId}`;
    const listed = (await cs.support.call('GET', `/orders?${filters}`)).body.items as any[];
    expect(listed).toHaveLength(3);

    const exported = await cs.support.call('GET', `/orders.csv?${filters}`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="orders-processing.csv"');
    const [header, ...records] = parseCsv(exported.text, { bom: true }) as string[][];
    expect(header).toEqual([...ORDERS_CSV_COLUMNS]);
    const rows = records.map((r) => Object.fromEntries(header!.map((name, i) => [name, r[i]])));
    expect(rows.map((r) => r.order_no)).toEqual(listed.map((o) => o.order_no));
    expect(rows[0]).toMatchObject({
      carrier: '',
      tracking_no: '',
      status: 'processing',
      merchant_id: m.merchantId,
      merchant_name: listed[0].merchant_name,
      quantity: '1',
      amount: '1.00',
      currency: 'USD',
      recipient_name: address.name,
      // A leading + is what a spreadsheet runs as a formula: quoted as text (csvCell).
      recipient_phone: `'${address.phone}`,
      address: address.address,
      postal_code: address.postal_code,
      country: address.country,
      created_at: listed[0].created_at,
      shipped_at: '',
    });
    // All of them, whatever the filters: newest first, then by order No.
    const all = parseCsv((await cs.admin.call('GET', `/orders.csv?merchant_id=${m.merchantId}`)).text, {
      bom: true,
    }) as string[][];
    expect(all.slice(1).map((r) => r[0])).toEqual(
      (await cs.admin.call('GET', `/orders?merchant_id=${m.merchantId}`)).body.items.map(
        (o: any) => o.order_no,
      ),
    );

    // The warehouse fills in the two it shipped and sends the file back as it is; b stays.
    const filled = [header!, ...records]
      .map((r) => (r[0] === a || r[0] === c ? [r[0]!, 'DHL', `JD-${r[0]}`, ...r.slice(3)] : r))
      .map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(','))
      .join('\r\n');
    const shipped = await cs.admin.call('POST', '/orders/ship-csv', { csv: `\ufeff${filled}` });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    expect(shipped.body).toEqual({ shipped: 2 });
    expect(await statuses([a!, c!])).toEqual(new Set(['shipped']));
    expect(await statuses([b!, theirs!])).toEqual(new Set(['processing']));
    expect((await cs.server.services.orders.getAny(c!)).tracking_no).toBe(`JD-${c}`);
    // Columns are found by name wherever a spreadsheet moved them (the header is no order).
    const moved = [`status,tracking_no,order_no,carrier`, `processing,JD-B,${b},UPS`].join('\n');
    const dryRun = readShipCsv(moved);
    expect(dryRun).toEqual({
      rows: [{ order_no: b, carrier: 'UPS', tracking_no: 'JD-B', line: 2 }],
      malformed: {},
    });
    // A line cut short of the header's columns is refused by number; nothing ships.
    const cut = [header!.join(','), `${b},DHL,JD-B`].join('\n');
    const refused = await cs.admin.call('POST', '/orders/ship-csv', { csv: cut });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.error.fields)).toEqual(['line 2']);
    expect(await statuses([b!])).toEqual(new Set(['processing']));

    // A filter the queue would refuse is refused here too, as JSON, before any CSV.
    const bad = await cs.support.call('GET', '/orders.csv?status=bogus');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/json');
    expect(cs.server.logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('the export reads the orders a chunk at a time by keyset: every one once, in the list’s order', async () => {
    const m = await cs.server.createMerchant({ creditLimit: '100.00' });
    const placed = await placeOrders(m.merchantId, 5);
    // Four of them in the same instant: the key's tie-break (order_no) carries a chunk across them.
    await cs.server.running.ctx.writer.run((trx) =>
      trx
        .updateTable('orders')
        .set({ created_at: '2026-12-01T00:00:00.000Z' })
        .where('order_no', 'in', placed.slice(1) as string[])
        .execute(),
    );
    const chunks = [];
    for await (const rows of eachOrderChunk(cs.server.running.ctx.db, { merchantId: m.merchantId }, 2))
      chunks.push(rows.map((r) => r.order_no));
    expect(chunks.map((rows) => rows.length)).toEqual([2, 2, 1]);
    const listed = (await cs.admin.call('GET', `/orders?merchant_id=${m.merchantId}`)).body.items;
    expect(chunks.flat()).toEqual(listed.map((o: any) => o.order_no));
    expect(new Set(chunks.flat())).toEqual(new Set(placed));
  });

  it('one length for a tracking number however an order ships: the form, the CSV and the service (the CLI)', async () => {
    const m = await cs.server.createMerchant({ creditLimit: '100.00' });
    const [a, b, c] = await placeOrders(m.merchantId, 3);
    for (const n of [a!, b!, c!]) await cs.server.services.orders.transition(n, 'processing');
    const longest = 'T'.repeat(TRACKING_NO_MAX_CHARS);
    const tooLong = `${longest}T`;

    const form = (tracking: string) =>
      cs.admin.call('POST', `/orders/${a}/transition`, {
        status: 'shipped',
        carrier: 'DHL',
        tracking_no: tracking,
      });
    const refusedForm = await form(tooLong);
    expect(refusedForm.status).toBe(400);
    expect(readFieldMessage(refusedForm.body.error.fields.tracking_no)).toEqual({
      id: 'maxChars',
      params: { max: String(TRACKING_NO_MAX_CHARS) },
    });
    const refusedCsv = await cs.admin.call('POST', '/orders/ship-csv', { csv: `${b},DHL,${tooLong}` });
    expect(Object.keys(refusedCsv.body.error.fields)).toEqual(['line 1']);
    await expect(
      cs.server.services.orders.transition(c!, 'shipped', { carrier: 'DHL', tracking_no: tooLong }),
    ).rejects.toMatchObject({ code: 4001 });
    expect(await statuses([a!, b!, c!])).toEqual(new Set(['processing']));

    expect((await form(longest)).body).toMatchObject({ status: 'shipped', tracking_no: longest });
    expect((await cs.admin.call('POST', '/orders/ship-csv', { csv: `${b},DHL,${longest}` })).body).toEqual({
      shipped: 1,
    });
    await cs.server.services.orders.transition(c!, 'shipped', { carrier: 'DHL', tracking_no: longest });
    expect(await statuses([a!, b!, c!])).toEqual(new Set(['shipped']));
  });

  it('the queue filters by day, up to the last day there is', async () => {
    const m = await cs.server.createMerchant();
    const [a, b] = await placeOrders(m.merchantId, 2);
    const today = new Date().toISOString().slice(0, 10);
    const queue = async (range: string) =>
      (await cs.admin.call('GET', `/orders?merchant_id=${m.merchantId}&${range}`)).body.items
        .map((o: any) => o.order_no)
        .sort();
    expect(await queue(`from=${today}&to=${today}`)).toEqual([a, b].sort());
    expect(await queue('to=9999-12-31')).toEqual([a, b].sort());
    expect(await queue('to=2000-01-01')).toEqual([]);
    expect(await queue('from=9999-12-31')).toEqual([]);
  });

  it('the queue and the audit log take a day or an instant with a zone as bounds: the console’s local days', async () => {
    const m = await cs.server.createMerchant();
    const [no] = await placeOrders(m.merchantId, 1);
    const moved = await cs.admin.call('POST', `/orders/${no}/transition`, { status: 'processing' });
    expect(moved.status).toBe(200);
    const order = (await cs.admin.call('GET', `/orders/${no}`)).body;
    const entry = order.history[0]; // its move to processing
    expect(entry).toEqual(expect.objectContaining({ action: 'order.status_changed', target_id: no }));
    const at = (d: number) => new Date(d).toISOString();
    // In Honolulu (UTC−10): a local day is [00:00−10:00, 23:59:59.999−10:00], ten hours on from UTC's.
    const hon = (d: number) => `${new Date(d - 10 * 3_600_000).toISOString().slice(0, 23)}-10:00`;
    const range = (from: string, to: string) =>
      `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const queue = async (q: string) => {
      const r = await cs.admin.call('GET', `/orders?merchant_id=${m.merchantId}&${q}`);
      expect(r.status, q).toBe(200);
      return r.body.items.map((o: any) => o.order_no);
    };
    const audit = async (q: string) => {
      const r = await cs.admin.call(
        'GET',
        `/audit?merchant_id=${m.merchantId}&action=order.status_changed&${q}`,
      );
      expect(r.status, q).toBe(200);
      return r.body.items.map((e: any) => e.id);
    };
    for (const [list, time, id] of [
      [queue, order.created_at as string, no],
      [audit, entry.at as string, entry.id],
    ] as const) {
      const ms = Date.parse(time); // "…T…Z", to the second
      // Inclusive at both ends, to the millisecond; a `to` without fractions covers its second.
      expect(await list(range(hon(ms), hon(ms + 999))), time).toEqual([id]);
      expect(await list(range(hon(ms + 1000), hon(ms + 2000))), time).toEqual([]);
      expect(await list(range(hon(ms - 60_000), hon(ms - 1))), time).toEqual([]);
      expect(await list(range(at(ms - 3_600_000), time)), time).toEqual([id]);
      // The Honolulu day around it, whichever UTC day that is; a day and an instant mix.
      const day = hon(ms).slice(0, 10);
      expect(await list(range(`${day}T00:00:00.000-10:00`, `${day}T23:59:59.999-10:00`)), time).toEqual([id]);
      expect(await list(range('2000-01-01', hon(ms + 999))), time).toEqual([id]);
      // The Honolulu day after it holds it not, even where that starts on its UTC day.
      const next = hon(ms + 86_400_000).slice(0, 10);
      expect(await list(range(`${next}T00:00:00.000-10:00`, `${next}T23:59:59.999-10:00`)), time).toEqual([]);
    }
    // A range that ends before it starts is refused on `from`; a bad bound on its own field.
    for (const path of ['/orders', '/audit']) {
      const backwards = await cs.admin.call(
        'GET',
        `${path}?${range('2026-11-29T00:00:00+14:00', '2026-11-29T00:00:00+14:01')}`,
      );
      expect(backwards.status, path).toBe(400);
      expect(backwards.body.error.fields, path).toEqual({ from: 'from: must not be after to' });
      for (const [field, bad, says] of [
        ['to', '2026-11-29T00:00:00', 'must be a date like 2026-11-28'],
        ['from', '2026-11-29 00:00Z', 'must be a date like 2026-11-28'],
        ['to', '2026-02-30T00:00:00Z', 'must be a real date'],
        ['from', '2026-11-29T25:00:00-10:00', 'must be a real date'],
      ] as const) {
        const r = await cs.admin.call('GET', `${path}?${field}=${encodeURIComponent(bad)}`);
        expect(r.status, `${path} ${bad}`).toBe(400);
        expect(r.body.error.fields, `${path} ${bad}`).toEqual({ [field]: says });
      }
    }
  });

  it('a filter a hand-edited URL gets wrong is refused on its field, in the catalog’s words', async () => {
    const refused = await cs.admin.call(
      'GET',
      `/orders?status=lost&merchant_id=${'m'.repeat(65)}&from=2026-11-01&from=2026-11-02`,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_failed');
    const fields = refused.body.error.fields as Record<string, string>;
    expect(fields.status).toBe('must be one of pending, processing, shipped, delivered, cancelled, failed');
    expect(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, readFieldMessage(v)?.id]))).toEqual({
      status: 'oneOf',
      merchant_id: 'maxChars',
      from: 'notString',
    });
  });

  it('the queue and an order name the merchant by its company name, beside its id', async () => {
    const m = await cs.server.createMerchant();
    const [a] = await placeOrders(m.merchantId, 1);
    const name = (await cs.server.services.profiles.get(m.merchantId)).company_name;
    const listed = await cs.admin.call('GET', `/orders?merchant_id=${m.merchantId}`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ order_no: a, merchant_id: m.merchantId, merchant_name: name }),
    ]);
    const one = await cs.admin.call('GET', `/orders/${a}`);
    expect(one.body).toMatchObject({ order_no: a, merchant_id: m.merchantId, merchant_name: name });
  });

  it('a bulk cancel needs the reason its merchants read; with one, each order is refunded once', async () => {
    const m = await cs.server.createMerchant();
    const orderNos = await placeOrders(m.merchantId, 3);
    const available = async () => (await cs.server.services.credit.get(m.merchantId)).available;
    const placed = await available();
    const bare = await cs.admin.call('POST', '/orders/bulk-transition', {
      order_nos: orderNos,
      status: 'cancelled',
    });
    expect(bare.status).toBe(400);
    expect(bare.body.error.fields).toEqual({ reason: 'is required to cancel or fail an order' });
    expect(await statuses(orderNos)).toEqual(new Set(['pending']));
    const done = await cs.admin.call('POST', '/orders/bulk-transition', {
      order_nos: orderNos,
      status: 'cancelled',
      reason: 'supplier out of stock',
    });
    expect(done.status).toBe(200);
    expect(await statuses(orderNos)).toEqual(new Set(['cancelled']));
    expect(Number(await available())).toBe(Number(placed) + 3);
    const refunds = await cs.server.services.credit.listTransactions(m.merchantId, { type: 'refund' });
    expect(refunds.items.map((r) => r.order_no).sort()).toEqual([...orderNos].sort());
  });

  it("an order's detail holds its ledger and the operators' moves on it, newest first, and no other's", async () => {
    const m = await cs.server.createMerchant();
    const [a, b] = await placeOrders(m.merchantId, 2);
    const move = (orderNo: string, body: object) =>
      cs.admin.call('POST', `/orders/${orderNo}/transition`, body);
    expect((await move(a!, { status: 'processing' })).status).toBe(200);
    expect((await move(b!, { status: 'processing' })).status).toBe(200);
    expect((await move(a!, { status: 'cancelled', reason: 'Out of stock at the warehouse' })).status).toBe(
      200,
    );

    const one = await cs.admin.call('GET', `/orders/${a}`);
    expect(one.status).toBe(200);
    expect(one.body.status).toBe('cancelled');
    expect(one.body.ledger.map((e: any) => e.type).sort()).toEqual(['order', 'refund']);
    expect(
      one.body.history.map((e: any) => [e.action, e.target_id, e.before?.status, e.after?.status, e.note]),
    ).toEqual([
      ['order.status_changed', a, 'processing', 'cancelled', 'Out of stock at the warehouse'],
      ['order.status_changed', a, 'pending', 'processing', null],
    ]);
    expect(one.body.history[0].actor_type).toBe('operator');
    const product = await cs.server.services.catalog.getProduct(one.body.goods_id);
    expect(one.body.item).toEqual({ title: product.title, spec: product.skus[0]!.spec });
    expect((await cs.admin.call('GET', '/orders/ORDNOSUCH')).status).toBe(404);

    // The merchant's own cancel (here through the B-End API) is in the history too; a repeat is not.
    for (let i = 0; i < 2; i++) {
      const r = await bend(cs.server.url, m, 'POST', `/orders/${b}/cancel`, { reason: 'ordered twice' });
      expect(r.payload.code).toBe(0);
    }
    const theirs = await cs.admin.call('GET', `/orders/${b}`);
    expect(theirs.body.history.map((e: any) => [e.actor_type, e.actor_id, e.after.status, e.note])).toEqual([
      ['merchant', m.merchantId, 'cancelled', 'ordered twice'],
      ['operator', expect.any(String), 'processing', null],
    ]);
    expect(theirs.body.history[0].after.refund_reference_no).toBe(
      theirs.body.ledger.find((e: any) => e.type === 'refund').reference_no,
    );
  });

  it('hostile CSV bodies answer 400, never 5xx, and log no error', async () => {
    for (const csv of ['', '"unterminated,quote\n', '\u0000\u0001,\u0002', ',,,\n,,,', 'x'.repeat(70_000)]) {
      const r = await cs.admin.call('POST', '/orders/ship-csv', { csv });
      expect(r.status, JSON.stringify(csv.slice(0, 20))).toBe(400);
    }
    expect((await cs.admin.call('POST', '/orders/ship-csv', 'not json')).status).toBe(400);
    expect(cs.server.logs.filter((l) => l.level >= 50)).toEqual([]);
    // A file the CSV parser cannot read: our words, the parser's after them as they came.
    const unreadable = await cs.admin.call('POST', '/orders/ship-csv', { csv: '"unterminated,quote\n' });
    const read = readFieldMessage(unreadable.body.error.fields.csv);
    expect(read?.id).toBe('invalidCsv');
    expect(read?.params.detail).toMatch(/^Quote Not Closed: /);
  });
});
