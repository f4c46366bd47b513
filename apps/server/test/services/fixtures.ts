/**
 * Shared fixtures for the data-layer suites: a fresh merchant, a product with one SKU, a valid
 * order request. Every test makes its own, so tests in one file never see each other's money.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import { createServices, type Services } from '../../src/services.ts';
import { AppError } from '../../src/shared/app-error.ts';
import type { TestDatabase } from '../helpers/databases.ts';

export const MASTER_KEY = Buffer.alloc(32, 7);

export function servicesFor(opened: OpenedDatabase): Services {
  return createServices({
    db: opened.db,
    writer: opened.writer,
    masterKey: MASTER_KEY,
    dialect: opened.dialect,
  });
}

/**
 * Opens `database` once for the suite (beforeAll), hands the opened database and its services
 * to `onOpen`, and closes and disposes everything afterwards.
 */
export function useServices(
  database: TestDatabase,
  onOpen: (opened: OpenedDatabase, services: Services) => void,
): void {
  let opened: OpenedDatabase | undefined;
  let services: Services | undefined;
  beforeAll(async () => {
    opened = await database.open();
    services = servicesFor(opened);
    onOpen(opened, services);
  });
  afterAll(async () => {
    services?.close();
    await opened?.close();
    await database.dispose();
  });
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
  opts: {
    price?: string;
    stock?: number;
    status?: 'on_sale' | 'off_sale';
    skuStatus?: 'on_sale' | 'off_sale';
    currency?: string;
    title?: string;
    category?: string;
  } = {},
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
      skus: [
        {
          sku_id: skuId,
          spec: 'Color: Red',
          price: opts.price ?? '10.00',
          stock: opts.stock ?? 100,
          status: opts.skuStatus ?? 'on_sale',
        },
      ],
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

/**
 * The ledger invariants of bend-v1.md, checked on the raw rows: every entry balances, each
 * starts where the previous ended, seq has no gaps, the last ends at the account's available
 * credit, and (the chain starting at zero) the entries sum to that same available credit.
 */
export async function expectLedgerConsistent(opened: OpenedDatabase, merchantId: string): Promise<void> {
  const { expect } = await import('vitest');
  const entries = await opened.db
    .selectFrom('credit_transactions')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy('seq', 'asc')
    .execute();
  const account = await opened.db
    .selectFrom('credit_accounts')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .executeTakeFirstOrThrow();
  const available = account.credit_limit - account.used;
  expect(available).toBeGreaterThanOrEqual(0);
  let previous = 0;
  entries.forEach((e, i) => {
    expect(e.seq).toBe(i + 1);
    expect(e.balance_before).toBe(previous);
    expect(e.balance_after).toBe(e.balance_before + e.amount);
    expect(e.balance_after).toBeGreaterThanOrEqual(0);
    previous = e.balance_after;
  });
  expect(account.ledger_seq).toBe(entries.length);
  expect(previous).toBe(available);
  expect(entries.reduce((sum, e) => sum + e.amount, 0)).toBe(available);
  // By kind: limit changes − debits + credits = available.
  const byType = (t: string) => entries.filter((e) => e.type === t).reduce((s, e) => s + e.amount, 0);
  expect(
    byType('limit_change') + byType('order') + byType('refund') + byType('repayment') + byType('adjustment'),
  ).toBe(available);
  expect(byType('limit_change')).toBe(account.credit_limit);
}

/** Runs `fn` and returns the AppError code it failed with (0 when it succeeded). */
export async function codeOf(fn: () => Promise<unknown>): Promise<number> {
  try {
    await fn();
    return 0;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    throw e;
  }
}

/** The AppError `fn` fails with; fails the test when it succeeds or throws something else. */
export async function errorOf(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError, but the call succeeded');
}
