/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * A batch from a file in the portal (POST /portal/api/batches): a CSV of BATCH_CSV_COLUMNS becomes
 * one batch through the orders service, each line an order of its own, as a B-End batch is. A file
 * with any line that is not an order places nothing and says which lines, in the file's words.
 */
import { BATCH_CSV_COLUMNS, fieldMessage } from '@tradepost/web-contract';
import { beforeAll, expect, it } from 'vitest';
import { bend } from '../helpers/bend-http.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { address, newProduct, type ProductRef } from '../helpers/factories.ts';
import { expectLedgerConsistent } from '../helpers/ledger.ts';
import { type TestMerchant, type TestServer, useTestServer } from '../helpers/test-server.ts';
import { merchantClient, webClient } from '../helpers/web-client.ts';

/** One line of the file in BATCH_CSV_COLUMNS' order. */
const line = (p: ProductRef, quantity: string | number, mon = '', more: Partial<typeof address> = {}) => {
  const a = { ...address, ...more };
  const cells = [
    mon,
    p.goodsId,
    p.skuId,
    String(quantity),
    a.name,
    a.phone,
    a.address,
    a.city,
    a.postal_code,
    a.country,
  ];
  return cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
};
const HEADER = BATCH_CSV_COLUMNS.join(',');

describeEachDatabase('a batch from a file in the portal', (database) => {
  const serverOf = useTestServer(database);
  let server: TestServer;
  beforeAll(() => {
    server = serverOf();
  });

  const signedIn = (creditLimit = '100.00') => merchantClient(server, creditLimit);
  const available = async (m: TestMerchant) =>
    ((await bend(server.url, m, 'GET', '/credit')).payload.data as { available: string }).available;
  const orderCount = async (m: TestMerchant) =>
    ((await bend(server.url, m, 'GET', '/orders', { page_size: 100 })).payload.data as { total: number })
      .total;

  it('places each line as an order of one batch; a line refused for stock leaves the others placed', async () => {
    const { m, web } = await signedIn('100.00');
    const p = await newProduct(server.services, { price: '5.00', stock: 100 });
    const scarce = await newProduct(server.services, { price: '1.00', stock: 1 });
    // A spreadsheet's file: a BOM, CRLF, the columns in another order and in capitals, a quoted comma.
    const columns = ['Country', ...BATCH_CSV_COLUMNS.filter((c) => c !== 'country')];
    const reorder = (l: string) => {
      const cells = l.split(',');
      return [cells.at(-1), ...cells.slice(0, -1)].join(',');
    };
    const csv =
      '\uFEFF' +
      [
        columns.join(','),
        reorder(line(p, 2, 'PO-1')),
        reorder(line(p, 1, '', { city: 'Leeds' })),
        reorder(line(scarce, 3, 'PO-3')),
      ].join('\r\n') +
      '\r\n';
    const r = await web.call('POST', '/batches', { csv, merchant_batch_no: 'FILE-1' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      merchant_batch_no: 'FILE-1',
      status: 'partially_failed',
      total: 3,
      succeeded: 2,
      failed: 1,
    });
    expect(r.body.items.map((i: any) => [i.index, i.merchant_order_no, i.code])).toEqual([
      [0, 'PO-1', 0],
      [1, null, 0],
      [2, 'PO-3', 3002],
    ]);
    expect(r.body.items[1].order.shipping_address).toEqual({ ...address, city: 'Leeds' });
    // The same batch the B-End API answers; 15.00 debited, once per placed order.
    const viaBend = await bend(server.url, m, 'GET', `/batch-orders/${r.body.batch_no}`);
    expect(viaBend.payload.data).toEqual(r.body);
    expect(await available(m)).toBe('85.00');
    await expectLedgerConsistent(server.running.ctx, m.merchantId);

    // The same batch reference again: refused on its field, naming the batch; nothing more placed.
    const again = await web.call('POST', '/batches', { csv, merchant_batch_no: 'FILE-1' });
    expect([again.status, again.body.error.fields]).toEqual([
      409,
      { merchant_batch_no: fieldMessage('usedByBatch', { batchNo: r.body.batch_no }) },
    ]);
    expect([await available(m), await orderCount(m)]).toEqual(['85.00', 2]);
    expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('a file with lines that are not orders places nothing and names every such line', async () => {
    const { m, web } = await signedIn('100.00');
    const p = await newProduct(server.services, { price: '1.00' });
    const csv = [
      HEADER,
      line(p, 1, 'OK-1'),
      line(p, 'two', 'Q-1'),
      line(p, 1, 'C-1', { country: 'Britain', phone: '' }),
      `${p.goodsId},${p.skuId},1`,
      line(p, 1, 'OK-1'),
      line(p, 0),
    ].join('\n');
    const r = await web.call('POST', '/batches', { csv });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    const fields = r.body.error.fields;
    expect(Object.keys(fields)).toEqual(['line 3', 'line 4', 'line 5', 'line 6', 'line 7']);
    expect(fields['line 3']).toMatch(/^quantity: /);
    expect(fields['line 4']).toMatch(/^recipient_phone: .*country: /);
    expect(fields['line 5']).toBe(fieldMessage('csvFieldCount', { expected: 10, found: 3 }));
    expect(fields['line 6']).toBe(
      `merchant_order_no: ${fieldMessage('usedAtLine', { value: '"OK-1"', line: 2 })}`,
    );
    expect(fields['line 7']).toMatch(/^quantity: /);
    expect([await available(m), await orderCount(m)]).toEqual(['100.00', 0]);
  });

  it('a line whose product or SKU the catalog does not sell places nothing; its problems join the others, by line', async () => {
    const { m, web } = await signedIn('100.00');
    const p = await newProduct(server.services, { price: '1.00' });
    const other = await newProduct(server.services, { price: '1.00' });
    const withdrawn = await newProduct(server.services, { status: 'off_sale' });
    const skuWithdrawn = await newProduct(server.services, { skuStatus: 'off_sale' });
    const csv = [
      HEADER,
      line(p, 1, 'OK-1'),
      line({ goodsId: p.goodsId, skuId: 'S-TYPO' }, 1),
      line(p, 'two'),
      line({ goodsId: p.goodsId, skuId: other.skuId }, 1),
      line(withdrawn, 1),
      line(skuWithdrawn, 1),
      line({ goodsId: 'G-UNKNOWN', skuId: p.skuId }, 1),
    ].join('\n');
    const r = await web.call('POST', '/batches', { csv });
    expect([r.status, r.body.error.code]).toEqual([400, 'validation_failed']);
    expect(r.body.error.fields).toEqual({
      'line 3': `sku_id: ${fieldMessage('notInCatalog', { value: '"S-TYPO"' })}`,
      'line 4': expect.stringMatching(/^quantity: /),
      'line 5': `sku_id: ${fieldMessage('belongsToProduct', { goodsId: other.goodsId })}`,
      'line 6': `goods_id: ${fieldMessage('offSale')}`,
      'line 7': `sku_id: ${fieldMessage('offSale')}`,
      'line 8': `sku_id: ${fieldMessage('belongsToProduct', { goodsId: p.goodsId })}`,
    });
    expect([await available(m), await orderCount(m)]).toEqual(['100.00', 0]);
  });

  it('a file that is no batch at all: its header, no rows, too many rows, not CSV, not text', async () => {
    const { m, web } = await signedIn();
    const p = await newProduct(server.services, { price: '1.00' });
    const refused = async (body: unknown) => {
      const r = await web.call('POST', '/batches', body);
      expect(r.status).toBe(400);
      return r.body.error.fields;
    };
    const header = await refused({
      csv: `goods_id,qty,recipient_name,recipient_phone,address,city,country\n`,
    });
    expect(header['line 1']).toContain(fieldMessage('unknownColumn', { value: '"qty"' }));
    expect(header['line 1']).toContain(fieldMessage('missingColumns', { columns: 'sku_id, quantity' }));
    expect(await refused({ csv: `${HEADER}\n` })).toEqual({ csv: fieldMessage('noRows') });
    const many = [HEADER, ...Array.from({ length: 501 }, () => line(p, 1))].join('\n');
    expect(await refused({ csv: many })).toEqual({ csv: fieldMessage('ordersCount', { max: 500 }) });
    expect((await refused({ csv: `${HEADER}\n"unclosed,${p.goodsId}` })).csv).toMatch(/^invalid CSV: /);
    expect(Object.keys(await refused({ csv: '' }))).toEqual(['csv']);
    expect(Object.keys(await refused({ csv: 42 }))).toEqual(['csv']);
    expect(
      Object.keys(await refused({ csv: `${HEADER}\n${line(p, 1)}`, merchant_batch_no: 'x'.repeat(65) })),
    ).toEqual(['merchant_batch_no']);
    expect([await available(m), await orderCount(m)]).toEqual(['100.00', 0]);
    // Signed out, or without the session's CSRF token: refused before the file is read.
    const csv = `${HEADER}\n${line(p, 1)}`;
    expect((await web.call('POST', '/batches', { csv }, { csrf: null })).status).toBe(403);
    expect((await webClient(server.url, 'portal').call('POST', '/batches', { csv })).status).toBe(401);
    expect(await orderCount(m)).toBe(0);
    expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
