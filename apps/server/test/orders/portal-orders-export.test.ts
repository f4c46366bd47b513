/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * The portal's orders list by days, and its CSV export (GET /portal/api/orders.csv): every order
 * the list's filters match, not only a page, in the list's order, with the console export's
 * columns but the merchant's own; never another merchant's order; a bad filter refused as JSON
 * before any CSV.
 */
import { MERCHANT_ORDERS_CSV_COLUMNS } from '@tradepost/web-contract';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { address, newProduct, orderRequest } from '../helpers/factories.ts';
import { type TestServer, useTestServer } from '../helpers/test-server.ts';
import { merchantClient, webClient } from '../helpers/web-client.ts';

describeEachDatabase('the portal orders list and its export', (database) => {
  const serverOf = useTestServer(database);
  let server: TestServer;
  beforeAll(() => {
    server = serverOf();
  });

  it('exports every order the filters match, its own only, in the list’s order', async () => {
    const { m, web } = await merchantClient(server, '100.00');
    const other = await merchantClient(server, '100.00');
    const p = await newProduct(server.services, { price: '1.50' });
    const placed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await web.call(
        'POST',
        '/orders',
        orderRequest(p, { merchant_order_no: `EXP-${i}`, quantity: 2 }),
      );
      placed.push(r.body.order_no);
    }
    await other.web.call('POST', '/orders', orderRequest(p, { merchant_order_no: 'THEIRS' }));
    // One of them on an earlier day, one cancelled.
    await server.running.ctx.writer.run((trx) =>
      trx
        .updateTable('orders')
        .set({ created_at: '2026-01-15T10:00:00.000Z' })
        .where('order_no', '=', placed[0]!)
        .execute(),
    );
    expect(
      (await web.call('POST', `/orders/${placed[2]}/cancel`, { reason: 'no longer needed' })).status,
    ).toBe(200);

    // Signed out: refused. (Exports are 10 a minute per address, this one included: this test makes 10.)
    expect((await webClient(server.url, 'portal').call('GET', '/orders.csv')).status).toBe(401);
    const exported = await web.call('GET', '/orders.csv');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="orders.csv"');
    const [header, ...records] = parseCsv(exported.text, { bom: true }) as string[][];
    expect(header).toEqual([...MERCHANT_ORDERS_CSV_COLUMNS]);
    expect(header).not.toContain('merchant_id');
    const rows = records.map((r) => Object.fromEntries(header!.map((name, i) => [name, r[i]])));
    const listed = (await web.call('GET', '/orders')).body.items as any[];
    expect(rows.map((r) => r.order_no)).toEqual(listed.map((o) => o.order_no));
    expect(rows.map((r) => r.order_no).sort()).toEqual([...placed].sort());
    expect(rows.find((r) => r.order_no === placed[2])).toMatchObject({
      status: 'cancelled',
      merchant_order_no: 'EXP-2',
      quantity: '2',
      unit_price: '1.50',
      amount: '3.00',
      recipient_name: address.name,
      cancel_reason: 'no longer needed',
    });

    // The list's filters: a status, days (the earlier one alone), text.
    const codes = async (query: string) => {
      const list = (await web.call('GET', `/orders?${query}`)).body.items.map((o: any) => o.order_no);
      const csv = (
        parseCsv((await web.call('GET', `/orders.csv?${query}`)).text, { bom: true }) as string[][]
      )
        .slice(1)
        .map((r) => r[0]);
      expect(csv).toEqual(list);
      return csv;
    };
    expect(await codes('status=cancelled')).toEqual([placed[2]]);
    expect(await codes('from=2026-01-01&to=2026-01-31T23:59:59.999Z')).toEqual([placed[0]]);
    expect(await codes('from=2026-02-01')).toEqual([placed[2], placed[1]]);
    expect(await codes('q=EXP-1')).toEqual([placed[1]]);
    expect(await codes('q=THEIRS')).toEqual([]);
    expect((await web.call('GET', '/orders.csv?from=2026-02-01')).headers.get('content-disposition')).toBe(
      'attachment; filename="orders-from-2026-02-01.csv"',
    );

    // Refused as JSON before any CSV: days out of order, a status that is none.
    for (const query of ['from=2026-03-01&to=2026-02-01', 'status=bogus']) {
      const bad = await web.call('GET', `/orders.csv?${query}`);
      expect([query, bad.status, bad.headers.get('content-type')]).toEqual([
        query,
        400,
        'application/json; charset=utf-8',
      ]);
      expect((await web.call('GET', `/orders?${query}`)).status).toBe(400);
    }
    expect(m.merchantId).not.toBe(other.m.merchantId);
    expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
