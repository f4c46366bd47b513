/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * The console's catalog over real HTTP on both databases: an import with bad lines names each by
 * number and imports nothing; a good one imports and is audited; product and SKU edits are audited
 * in the same unit as the change (a refused edit leaves neither change nor row, and an audit row
 * that fails rolls the change back); a price edit never alters an existing order; support is
 * refused catalog changes with nothing changed.
 */
import { fieldMessage, readFieldMessage } from '@tradepost/web-contract';
import { expect, it } from 'vitest';
import { recordAudit, SYSTEM_ACTOR } from '../../src/modules/audit/audit.service.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { orderRequest, testProduct, uid } from '../helpers/factories.ts';
import { useConsoleServer } from './console-server.ts';

const HEADER =
  'goods_id,title,description,category,images,currency,status,sku_id,spec,price,stock,sku_status';

describeEachDatabase('console catalog', (database) => {
  const c = useConsoleServer(database);

  const auditRows = async (action: string, q?: string) =>
    (await c.admin.call('GET', `/audit?action=${action}${q ? `&q=${encodeURIComponent(q)}` : ''}`)).body
      .items as any[];

  it('import: every bad line by number and nothing imported; a good file imports, audited once', async () => {
    const g = `G${uid()}`;
    const row = (over: Record<string, string> = {}) =>
      Object.values({
        goods_id: g,
        title: 'Mug',
        description: 'A mug',
        category: 'Home',
        images: 'https://img.example/1.jpg',
        currency: 'USD',
        status: 'on_sale',
        sku_id: `${g}-1`,
        spec: 'Color: Red',
        price: '9.99',
        stock: '5',
        sku_status: 'on_sale',
        ...over,
      }).join(',');
    const bad = [
      HEADER,
      row(),
      row({ sku_id: `${g}-2`, spec: 'Color: Blue', price: '10.005' }),
      row({ goods_id: `${g}b`, sku_id: `${g}b-1`, stock: '-1' }),
    ].join('\n');
    const refused = await c.admin.call('POST', '/catalog/import', { content: bad, format: 'csv' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_failed');
    expect(Object.keys(refused.body.error.fields).sort()).toEqual(['line 3', 'line 4']);
    // Each line names its column, then a message of the contract's catalog (the console's language).
    const reasons = Object.values(refused.body.error.fields as Record<string, string>).map((m) => {
      const [column, ...rest] = m.split(': ');
      return { column, ...readFieldMessage(rest.join(': ')) };
    });
    expect(reasons).toEqual([
      { column: 'price', id: 'notAmountValue', params: { value: '"10.005"' } },
      { column: 'stock', id: 'notWholeNumberValue', params: { value: '"-1"' } },
    ]);
    await expect(c.server.services.catalog.getProduct(g)).rejects.toMatchObject({ code: 3001 });

    // A price of 0 is a bad line like any other.
    const free = await c.admin.call('POST', '/catalog/import', {
      content: [HEADER, row(), row({ sku_id: `${g}-2`, spec: 'Color: Blue', price: '0.00' })].join('\n'),
      format: 'csv',
    });
    expect(free.status).toBe(400);
    expect(free.body.error.fields).toEqual({ 'line 3': 'price: "0.00" must be greater than 0' });
    await expect(c.server.services.catalog.getProduct(g)).rejects.toMatchObject({ code: 3001 });

    // Two problems on one line: both are said, neither hides the other.
    const twice = await c.admin.call('POST', '/catalog/import', {
      content: [HEADER, row({ price: '1.001', stock: 'abc' })].join('\n'),
      format: 'csv',
    });
    expect(twice.body.error.message).toBe('2 problem(s) in the file; nothing was imported');
    expect(twice.body.error.fields).toEqual({
      'line 2': [
        `price: ${fieldMessage('notAmountValue', { value: '"1.001"' })}`,
        `stock: ${fieldMessage('notWholeNumberValue', { value: '"abc"' })}`,
      ].join('; '),
    });

    const byMalformed = await c.admin.call('POST', '/catalog/import', {
      content: '[{"title": ',
      format: 'json',
    });
    expect(byMalformed.status).toBe(400);
    expect(Object.keys(byMalformed.body.error.fields)).toEqual([expect.stringMatching(/^line \d+$/)]);

    const supportTry = await c.support.call('POST', '/catalog/import', {
      content: [HEADER, row()].join('\n'),
    });
    expect(supportTry.status).toBe(403);
    await expect(c.server.services.catalog.getProduct(g)).rejects.toMatchObject({ code: 3001 });
    const importsBefore = (await auditRows('catalog.imported')).length;

    const good = [HEADER, row(), row({ sku_id: `${g}-2`, spec: 'Color: Blue', price: '10.50' })].join('\n');
    const ok = await c.admin.call('POST', '/catalog/import', { content: good, file_name: 'catalog.csv' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ products: 1, skus: 2, inserted: 1, updated: 0 });
    expect((await c.server.services.catalog.getProduct(g)).skus.map((s) => s.price)).toEqual([
      '9.99',
      '10.50',
    ]);
    const imports = await auditRows('catalog.imported');
    expect(imports).toHaveLength(importsBefore + 1);
    expect(imports[0]).toMatchObject({
      actor_type: 'operator',
      after: { products: 1, skus: 2, inserted: 1 },
    });
  });

  it('SKU and product edits: audited in the unit, a refused edit leaves nothing, old orders keep their price', async () => {
    const m = await c.server.createMerchant({ creditLimit: '100.00' });
    const p = testProduct({ price: '10.00', stock: 20 });
    await c.server.addProducts([p]);
    const skuId = p.skus[0].sku_id;
    const order = await c.server.services.orders.create(m.merchantId, orderRequest(p));

    const edited = await c.admin.call('PATCH', `/catalog/skus/${skuId}`, { price: '12.5', stock: 7 });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ price: '12.50', stock: 7 });
    expect((await c.server.services.orders.getAny(order.order_no)).unit_price).toBe('10.00');
    expect(await auditRows('sku.updated', skuId)).toEqual([
      expect.objectContaining({
        target_id: skuId,
        before: { price: '10.00', stock: 19 },
        after: { price: '12.50', stock: 7 },
      }),
    ]);
    // What changed and only that; an edit to the values it has is no news.
    expect((await c.admin.call('PATCH', `/catalog/skus/${skuId}`, { price: '12.50', stock: 7 })).status).toBe(
      200,
    );
    expect(await auditRows('sku.updated', skuId)).toHaveLength(1);

    // A price of 0: refused on the `price` field, as an import refuses it.
    for (const price of ['0', '0.00']) {
      const zero = await c.admin.call('PATCH', `/catalog/skus/${skuId}`, { price, stock: 3 });
      expect(zero.status).toBe(400);
      expect(zero.body.error).toMatchObject({
        code: 'validation_failed',
        fields: { price: `"${price}" must be greater than 0` },
      });
    }
    // Refused edits (bad price, c.support): no change, no audit row.
    for (const [who, body, status] of [
      [c.admin, { price: 'abc' }, 400],
      [c.admin, { price: '-1.00' }, 400],
      [c.admin, { stock: -1 }, 400],
      [c.support, { price: '1.00' }, 403],
    ] as const) {
      expect((await who.call('PATCH', `/catalog/skus/${skuId}`, body)).status).toBe(status);
    }
    expect((await c.server.services.catalog.getProduct(p.goods_id)).skus[0]).toMatchObject({
      price: '12.50',
      stock: 7,
    });
    expect(await auditRows('sku.updated', skuId)).toHaveLength(1);

    const off = await c.admin.call('POST', `/catalog/products/${p.goods_id}/status`, { status: 'off_sale' });
    expect(off.body.status).toBe('off_sale');
    expect(await auditRows('product.updated', p.goods_id)).toEqual([
      expect.objectContaining({ before: { status: 'on_sale' }, after: { status: 'off_sale' } }),
    ]);
    expect(
      (await c.admin.call('POST', '/catalog/products/NOSUCH/status', { status: 'off_sale' })).status,
    ).toBe(404);
    expect(c.server.logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('the list filters by sale status, with the search and the count; a status it does not know is refused', async () => {
    const word = `Filter${uid()}`;
    const [on, off, offToo] = ['on_sale', 'off_sale', 'off_sale'].map((status) =>
      testProduct({ title: `${word} ${status}`, status: status as 'on_sale' | 'off_sale' }),
    );
    await c.server.addProducts([on!, off!, offToo!]);
    const listed = async (status: string) => {
      const r = await c.support.call(
        'GET',
        `/catalog/products?q=${word}${status ? `&status=${status}` : ''}`,
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return { total: r.body.total, ids: (r.body.items as any[]).map((p) => p.goods_id).sort() };
    };
    expect(await listed('off_sale')).toEqual({ total: 2, ids: [off!.goods_id, offToo!.goods_id].sort() });
    expect(await listed('on_sale')).toEqual({ total: 1, ids: [on!.goods_id] });
    // Put back on sale: the filtered pages follow at once (the page cache is keyed by the filter).
    await c.admin.call('POST', `/catalog/products/${off!.goods_id}/status`, { status: 'on_sale' });
    expect(await listed('off_sale')).toEqual({ total: 1, ids: [offToo!.goods_id] });
    // "On sale" is counted as all less those off sale (two counts an index answers): it still adds up.
    expect(await listed('on_sale')).toEqual({ total: 2, ids: [on!.goods_id, off!.goods_id].sort() });
    expect(await listed('')).toMatchObject({ total: 3 });
    const bad = await c.support.call('GET', '/catalog/products?status=sold_out');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.status).toBeDefined();
  });

  it('the audit row and the change are one unit: a failing hook rolls the edit back', async () => {
    const p = testProduct({ price: '10.00' });
    await c.server.addProducts([p]);
    const input = { ...p, skus: [{ ...p.skus[0], price: '99.00' }] };
    await expect(
      c.server.services.catalog.upsertProducts([input], {
        inUnit: async (trx) => {
          await recordAudit(trx, SYSTEM_ACTOR, {
            action: 'sku.updated',
            targetType: 'sku',
            targetId: p.skus[0].sku_id,
          });
          throw new Error('the audit write failed');
        },
      }),
    ).rejects.toThrow('the audit write failed');
    expect((await c.server.services.catalog.getProduct(p.goods_id)).skus[0]!.price).toBe('10.00');
    expect(await auditRows('sku.updated', p.skus[0].sku_id)).toEqual([]);
  });
});
