/**
 * The one set of test factories: a fresh merchant, a product with one SKU, a shipping address
 * and a valid order request. Used by the service, door, adversarial, docs, CLI and SDK tests.
 * Every test makes its own merchant and product, so tests sharing a database never see each
 * other's money or stock.
 */
import { randomBytes } from 'node:crypto';
import type { ProductInput } from '../../src/modules/catalog/catalog.service.ts';
import type { Services } from '../../src/services.ts';

let seq = 0;
/** A unique token per call (time, a counter and random bytes), so ids never collide. */
export const uid = (): string =>
  `${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(3).toString('hex')}`;

/** The password every test merchant is created with. */
export const TEST_PASSWORD = 'correct horse battery staple';

export interface NewMerchant {
  merchantId: string;
  userId: string;
  email: string;
  password: string;
}

/** A merchant (with its credit account) made through the merchants service. */
export async function newMerchant(
  services: Pick<Services, 'merchants'>,
  creditLimit = '1000.00',
  currency = 'USD',
): Promise<NewMerchant> {
  const email = `m-${uid()}@example.com`;
  const { merchantId, userId } = await services.merchants.create({
    email,
    password: TEST_PASSWORD,
    name: `Merchant ${uid()}`,
    creditLimit,
    currency,
  });
  return { merchantId, userId, email, password: TEST_PASSWORD };
}

export interface TestProductOptions {
  price?: string;
  stock?: number;
  status?: 'on_sale' | 'off_sale';
  skuStatus?: 'on_sale' | 'off_sale';
  currency?: string;
  title?: string;
  category?: string;
}

/** A product input with one SKU and known ids (never inserted by this function). */
export type TestProduct = ProductInput & {
  goods_id: string;
  skus: [ProductInput['skus'][number] & { sku_id: string }];
};

/** A product with unique ids, for tests that need a known SKU, price and stock. */
export function testProduct(opts: TestProductOptions = {}): TestProduct {
  const n = uid();
  return {
    goods_id: `G${n}`,
    title: opts.title ?? `Test product ${n}`,
    description: 'A product made by a test.',
    category: opts.category ?? 'Test',
    images: [`https://img.tradepost.example/${n}.jpg`],
    currency: opts.currency ?? 'USD',
    status: opts.status ?? 'on_sale',
    skus: [
      {
        sku_id: `S${n}`,
        spec: 'Color: Red',
        price: opts.price ?? '10.00',
        stock: opts.stock ?? 100,
        ...(opts.skuStatus ? { status: opts.skuStatus } : {}),
      },
    ],
  };
}

/** The ids of a product's (first) SKU, as the service tests pass them around. */
export interface ProductRef {
  goodsId: string;
  skuId: string;
}

/** Inserts a `testProduct(opts)` through the catalog service; returns its ids. */
export async function newProduct(
  services: Pick<Services, 'catalog'>,
  opts: TestProductOptions = {},
): Promise<ProductRef> {
  const product = testProduct(opts);
  await services.catalog.upsertProducts([product]);
  return { goodsId: product.goods_id, skuId: product.skus[0].sku_id };
}

export const address = {
  name: 'Ada Lovelace',
  phone: '+44 20 7946 0000',
  address: '12 St James Square',
  city: 'London',
  country: 'GB',
  postal_code: 'SW1Y 4JH',
};

/**
 * A valid order request for one unit of `p`'s (first) SKU, shipped to `address`; `extra`
 * overrides or adds fields (quantity, merchant_order_no, hostile values…).
 */
export function orderRequest(p: ProductRef | TestProduct, extra: Record<string, unknown> = {}) {
  const ref = 'goodsId' in p ? p : { goodsId: p.goods_id, skuId: p.skus[0].sku_id };
  return { goods_id: ref.goodsId, sku_id: ref.skuId, quantity: 1, shipping_address: address, ...extra };
}
