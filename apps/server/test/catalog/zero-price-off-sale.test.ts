/**
 * Migration 2026-11-30-catalog-zero-price-off-sale, on each database: a SKU priced 0 left by an
 * older database (writes refuse that price now) is taken off sale, and an order for it, single or
 * in a batch, is refused exactly as an order for any SKU off sale is; other SKUs are untouched.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Services } from '../../src/services.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { newMerchant, newProduct, orderRequest } from '../helpers/factories.ts';
import { codeOf, errorOf, useServices } from '../services/fixtures.ts';

const MIGRATION = '2026-11-30-catalog-zero-price-off-sale';

describeEachDatabase('SKUs priced 0 taken off sale', (database) => {
  let opened: OpenedDatabase;
  let s: Services;
  useServices(database, (o, services) => {
    opened = o;
    s = services;
  });

  it('the migration takes a 0-price SKU off sale; its order is refused as an off-sale one', async () => {
    const m = await newMerchant(s, '100.00');
    const [free, priced, offSale] = [
      await newProduct(s, { price: '1.00' }),
      await newProduct(s, { price: '1.00' }),
      await newProduct(s, { price: '1.00', skuStatus: 'off_sale' }),
    ];
    // As an older database may hold it: the price rule is the catalog's, not a CHECK's.
    await sql`update skus set price = 0 where sku_id = ${free.skuId}`.execute(opened.db);
    // …and, before the migration, it can be ordered (for nothing).
    expect((await s.orders.create(m.merchantId, orderRequest(free))).amount).toBe('0.00');

    // Ran on the database as it is now: the migration again, as on an upgrade.
    await sql`delete from kysely_migration where name = ${MIGRATION}`.execute(opened.db);
    expect(await migrateToLatest(opened.db, { dialect: opened.dialect, schema: opened.schema })).toEqual([
      MIGRATION,
    ]);

    const skuOf = async (ref: { goodsId: string }) => (await s.catalog.getProduct(ref.goodsId)).skus[0]!;
    expect(await skuOf(free)).toMatchObject({ price: '0.00', status: 'off_sale' });
    expect(await skuOf(priced)).toMatchObject({ price: '1.00', status: 'on_sale' });
    expect(await skuOf(offSale)).toMatchObject({ status: 'off_sale' });

    const refusal = await errorOf(() => s.orders.create(m.merchantId, orderRequest(free)));
    const offSaleRefusal = await errorOf(() => s.orders.create(m.merchantId, orderRequest(offSale)));
    expect(refusal.code).toBe(3001);
    expect([refusal.code, refusal.message, refusal.httpStatus]).toEqual([
      offSaleRefusal.code,
      offSaleRefusal.message,
      offSaleRefusal.httpStatus,
    ]);
    const batch = await s.orders.createBatch(m.merchantId, {
      orders: [orderRequest(free), orderRequest(priced)],
    });
    // In a batch, the refusal names the item's SKU after the same words.
    expect(batch.items.map((i) => [i.code, i.message])).toEqual([
      [3001, `${offSaleRefusal.message}: goods_id ${free.goodsId}, sku_id ${free.skuId}`],
      [0, 'success'],
    ]);
    expect(await codeOf(() => s.orders.create(m.merchantId, orderRequest(priced)))).toBe(0);
    // Only the 1.00 orders were charged.
    expect((await s.credit.get(m.merchantId)).used).toBe('2.00');
  });
});
