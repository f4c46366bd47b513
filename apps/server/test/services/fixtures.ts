/**
 * Shared fixtures for the data-layer suites: a fresh merchant, a product with one SKU, a valid
 * order request. Every test makes its own, so tests in one file never see each other's money.
 */
import { randomBytes } from 'node:crypto';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import { createServices, type Services } from '../../src/services.ts';

export const MASTER_KEY = Buffer.alloc(32, 7);

export function servicesFor(opened: OpenedDatabase): Services {
  return createServices({ db: opened.db, writer: opened.writer, masterKey: MASTER_KEY, dialect: opened.dialect });
}

const uid = () => randomBytes(5).toString('hex');

export async function newMerchant(services: Services, creditLimit = '1000.00', currency = 'USD') {
  const email = `m-${uid()}@example.com`;
  const { merchantId, userId } = await services.merchants.create({
    email,
    password: 'correct horse battery',
    name: `Merchant ${uid()}`,
    creditLimit,
    currency,
  });
  return { merchantId, userId, email };
}

export async function newProduct(
  services: Services,
  opts: { price?: string; stock?: number; status?: 'on_sale' | 'off_sale'; skuStatus?: 'on_sale' | 'off_sale'; currency?: string; title?: string; category?: string } = {},
) {
  const goodsId = `G-${uid()}`;
  const skuId = `S-${uid()}`;
  await services.catalog.upsertProducts([
    {
      goods_id: goodsId,
      title: opts.title ?? `Widget ${goodsId}`,
      description: 'A widget',
      category: opts.category ?? 'widgets',
      images: ['https://img.example.com/w.png'],
      currency: opts.currency ?? 'USD',
      status: opts.status ?? 'on_sale',
      skus: [{ sku_id: skuId, spec: 'Color: Red', price: opts.price ?? '10.00', stock: opts.stock ?? 100, status: opts.skuStatus ?? 'on_sale' }],
    },
  ]);
  return { goodsId, skuId };
}

export const address = {
  name: 'Ada Lovelace',
  phone: '+1 555 0100',
  address: '1 Analytical Way',
  city: 'London',
  country: 'GB',
  postal_code: 'NW1 1AA',
};

export function orderRequest(p: { goodsId: string; skuId: string }, extra: Record<string, unknown> = {}) {
  return { goods_id: p.goodsId, sku_id: p.skuId, quantity: 1, shipping_address: address, ...extra };
}
